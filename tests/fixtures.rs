//! Each rule's fixture project, run through the binary: the rendered findings are kept as
//! snapshots, so that a change of message, position or count shows in review. (Which lines
//! fire is checked against the fixtures' `expect:` markers by lints/tests/fixtures.rs.)

mod common;

use common::{phi_lint, stdout};

#[test]
fn every_fixture_project_matches_its_snapshot() {
    let dir = common::repo().join("testdata/rules");
    let mut projects: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    projects.sort();
    assert!(!projects.is_empty());
    for rule in projects {
        let path = format!("testdata/rules/{rule}");
        let output = phi_lint(&["check", &path, "--format", "concise"]);
        assert_ne!(output.status.code(), Some(2), "{rule}: {output:?}");
        let tag = format!("[{rule}]");
        let own: String = stdout(&output)
            .lines()
            .filter(|l| l.contains(&tag))
            .map(|l| format!("{l}\n"))
            .collect();
        insta::assert_snapshot!(rule.clone(), own);
    }
}
