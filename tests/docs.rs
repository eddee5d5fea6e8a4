//! docs/rules.md and docs/rules/<id>.md are generated from the rules' own documentation;
//! this test fails when they are stale. Regenerate with
//! `PHI_LINT_UPDATE_DOCS=1 cargo test --test docs`.

mod common;

use std::path::Path;

use phi_lint_lints::{docs, rules};

fn check_or_write(path: &Path, expected: &str, stale: &mut Vec<String>) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("PHI_LINT_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
    } else {
        stale.push(path.display().to_string());
    }
}

#[test]
fn rule_docs_are_fresh() {
    let root = common::repo().join("docs");
    let mut stale = Vec::new();
    let metas: Vec<_> = rules::ALL.iter().map(|r| r.meta()).collect();
    check_or_write(
        &root.join("rules.md"),
        &docs::index_page(&metas),
        &mut stale,
    );
    for meta in &metas {
        let path = root.join("rules").join(format!("{}.md", meta.id));
        check_or_write(&path, &docs::rule_page(meta), &mut stale);
    }
    // A page for a rule that no longer exists is stale too.
    if let Ok(entries) = std::fs::read_dir(root.join("rules")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let id = name.trim_end_matches(".md");
            if rules::by_id(id).is_none() {
                if std::env::var_os("PHI_LINT_UPDATE_DOCS").is_some() {
                    std::fs::remove_file(entry.path()).unwrap();
                } else {
                    stale.push(format!("docs/rules/{name} (no such rule)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale docs: {stale:?}; run `PHI_LINT_UPDATE_DOCS=1 cargo test --test docs`"
    );
}
