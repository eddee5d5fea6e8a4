//! Adoption workflow: baselines that survive edits, --changed-since on a real git
//! repository, and `phi-lint init`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{phi_lint_in, stderr, stdout};

/// A copy of the demo project in a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&common::repo().join("testdata/clinic"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const SERVICE: &str = "force-app/main/default/classes/PatientService.cls";

fn edit(dir: &Path, path: &str, f: impl FnOnce(String) -> String) {
    let file = dir.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(file, f(text)).unwrap();
}

#[test]
fn a_baseline_survives_lines_inserted_above_its_findings() {
    let dir = demo_copy();
    let root = dir.path();
    let written = phi_lint_in(root, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let baseline = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    assert!(baseline.contains("\"fingerprint\""));
    assert!(
        !baseline.contains("SSN__c);"),
        "the baseline holds no source text"
    );

    let clean = phi_lint_in(root, &["check", "--baseline", "baseline.json"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));

    // Unrelated edits above the findings move them down; the baseline still holds.
    edit(root, SERVICE, |t| {
        format!("// Reviewed in the 2026 audit.\n\n\n{t}")
    });
    let moved = phi_lint_in(root, &["check", "--baseline", "baseline.json"]);
    assert_eq!(moved.status.code(), Some(0), "{}", stdout(&moved));

    // A new leak is reported, and only it.
    edit(root, SERVICE, |t| {
        t.replace(
            "        return patient;",
            "        System.debug('MRN ' + patient.MRN__c);\n        return patient;",
        )
    });
    let new = phi_lint_in(
        root,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(new.status.code(), Some(1));
    let text = stdout(&new);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("Patient__c.MRN__c"), "{text}");
}

#[test]
fn a_bad_baseline_is_a_clear_error() {
    let dir = demo_copy();
    std::fs::write(dir.path().join("b.json"), "{\"findings\": 3}").unwrap();
    let output = phi_lint_in(dir.path(), &["check", "--baseline", "b.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a phi-lint baseline"),
        "{}",
        stderr(&output)
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn changed_since_reports_only_changed_lines() {
    let dir = demo_copy();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "start"]);

    let none = phi_lint_in(root, &["check", "--changed-since", "HEAD"]);
    assert_eq!(none.status.code(), Some(0), "{}", stdout(&none));

    edit(root, SERVICE, |t| {
        t.replace(
            "        return patient;",
            "        System.debug('MRN ' + patient.MRN__c);\n        return patient;",
        )
    });
    std::fs::write(
        root.join("force-app/main/default/classes/Untracked.cls"),
        "public with sharing class Untracked {\n    void f(Patient__c p) { System.debug(p.SSN__c); }\n}\n",
    )
    .unwrap();
    for format in ["concise", "sarif"] {
        let output = phi_lint_in(
            root,
            &["check", "--changed-since", "HEAD", "--format", format],
        );
        assert_eq!(output.status.code(), Some(1));
        let text = stdout(&output);
        if format == "concise" {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "{text}");
            assert!(lines[0].contains("PatientService.cls:18:"), "{text}");
            assert!(lines[1].contains("Untracked.cls:2:"), "{text}");
        } else {
            let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
        }
    }

    let bad = phi_lint_in(root, &["check", "--changed-since", "no-such-ref"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("`no-such-ref` is not a commit"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn changed_since_outside_git_is_a_clear_error() {
    let dir = demo_copy();
    let output = phi_lint_in(dir.path(), &["check", "--changed-since", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("git"), "{}", stderr(&output));
}

#[test]
fn init_writes_a_starter_configuration_once() {
    let dir = demo_copy();
    let root = dir.path();
    std::fs::remove_file(root.join("phi-lint.toml")).unwrap();
    let first = phi_lint_in(root, &["init"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(root.join("phi-lint.toml").is_file());
    let again = phi_lint_in(root, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
    assert_eq!(
        phi_lint_in(root, &["init", "--force"]).status.code(),
        Some(0)
    );
    // The starter file is a working configuration.
    assert_eq!(
        phi_lint_in(root, &["check", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
}
