//! Data and scripts are found anywhere in the repository, and the configuration's
//! `data-paths` and `data-ignore` add and remove files, end to end.

mod common;

use common::{phi_lint_in, stdout};

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const SFDX: (&str, &str) = (
    "sfdx-project.json",
    r#"{"packageDirectories":[{"path":"force-app"}]}"#,
);
/// A made-up SSN in an issued range.
const ROWS: &str = "Full Name,SSN\nTestperson,123-45-6704\n";

#[test]
fn data_outside_package_directories_is_checked() {
    let dir = project(&[
        SFDX,
        ("force-app/main/default/classes/.keep", ""),
        ("data/patients.csv", ROWS),
        ("scripts/qa/patients.json", "[{\"ssn\": \"123-45-6705\"}]"),
        ("extracts/patients.txt", ROWS),
        ("qa/synthetic/patients.csv", ROWS),
    ]);
    let run = |config: &str| {
        std::fs::write(dir.path().join("phi-lint.toml"), config).unwrap();
        let output = phi_lint_in(
            dir.path(),
            &["check", "--select", "data-file-phi", "--format", "concise"],
        );
        assert_ne!(output.status.code(), Some(2), "{output:?}");
        stdout(&output)
    };

    let text = run("");
    assert!(text.contains("data/patients.csv:2:"), "{text}");
    assert!(text.contains("qa/synthetic/patients.csv:2:"), "{text}");
    assert!(!text.contains("extracts/"), "{text}");
    assert!(!text.contains("scripts/qa/"), "not a data folder: {text}");

    let text = run("data-paths = [\"extracts/*.txt\", \"scripts/qa/*.json\"]\ndata-ignore = [\"qa/synthetic/**\"]\n");
    assert!(text.contains("extracts/patients.txt:2:"), "{text}");
    assert!(text.contains("scripts/qa/patients.json:1:"), "{text}");
    assert!(!text.contains("qa/synthetic"), "{text}");
    assert!(!text.contains("123-45-670"), "{text}");

    let bad = phi_lint_in(dir.path(), &["check"]);
    assert_ne!(bad.status.code(), Some(2));
    std::fs::write(dir.path().join("phi-lint.toml"), "data-ignore = [\"[\"]\n").unwrap();
    let bad = phi_lint_in(dir.path(), &["check"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an invalid glob is a configuration error"
    );
}
