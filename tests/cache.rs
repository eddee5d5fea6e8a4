//! The incremental cache: a warm run reports exactly what a cold one does, after edits of
//! code and of the metadata that PHI verdicts come from, after damage to the cache, and
//! with runs at the same time; and it lives where the user says, never in the project.

mod common;

use std::path::Path;

use common::{phi_lint_in, repo, stderr, stdout};

const CLASS: &str = "force-app/main/default/classes/Visits.cls";
const FIELD: &str = "force-app/main/default/objects/Patient__c/fields/Code__c.field-meta.xml";

fn field(extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    \
         <fullName>Code__c</fullName>\n    <label>Code</label>\n{extra}    \
         <type>Text</type>\n</CustomField>\n"
    )
}

/// A copy of the hostile fixture's good files, plus a field that is not PHI until its
/// XML says so, and a class that logs it.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&repo().join("testdata/hostile"), dir.path());
    std::fs::write(dir.path().join(FIELD), field("")).unwrap();
    std::fs::write(
        dir.path().join(CLASS),
        "public with sharing class Visits {\n    public static void show(Patient__c p) {\n        \
         System.debug(p.Code__c);\n    }\n}\n",
    )
    .unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The JSON report with the cache in `cache`, after checking that it equals the report of
/// a run without a cache; and the `--verbose` line that says how many files were reused.
fn check(project: &Path, cache: &Path) -> (String, usize) {
    let cache = cache.to_str().unwrap();
    let warm = phi_lint_in(
        project,
        &["check", ".", "--format", "json", "-v", "--cache", cache],
    );
    let cold = phi_lint_in(project, &["check", ".", "--format", "json", "--no-cache"]);
    assert_eq!(stdout(&warm), stdout(&cold), "{}", stderr(&warm));
    let err = stderr(&warm);
    let reused = err
        .lines()
        .find_map(|l| {
            l.strip_prefix("phi-lint: ")?
                .split_once(" files answered from the cache")
        })
        .map(|(n, _)| n.parse().unwrap())
        .unwrap_or_else(|| panic!("no cache line in {err}"));
    (stdout(&warm), reused)
}

fn fires(report: &str) -> bool {
    let json: serde_json::Value = serde_json::from_str(report).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "apex-phi-in-debug" && f["path"] == CLASS)
}

#[test]
fn warm_runs_equal_cold_runs_through_edits() {
    let project = project();
    let cache = tempfile::tempdir().unwrap();
    let root = project.path();

    let (report, reused) = check(root, cache.path());
    assert_eq!(reused, 0);
    assert!(!fires(&report), "Code__c is not PHI yet");
    let (_, reused) = check(root, cache.path());
    assert_eq!(reused, 4, "every code file comes from the cache");

    // The field's XML makes it PHI: the class that logs it must be checked again.
    std::fs::write(
        root.join(FIELD),
        field("    <complianceGroup>HIPAA</complianceGroup>\n"),
    )
    .unwrap();
    let (report, _) = check(root, cache.path());
    assert!(fires(&report), "Code__c is PHI now");
    std::fs::write(root.join(FIELD), field("")).unwrap();
    let (report, _) = check(root, cache.path());
    assert!(!fires(&report), "and not again");

    // Editing one class below its methods re-checks that class only. (Moving a method
    // re-checks the JavaScript too, as a finding there may point at the method.)
    let class = std::fs::read_to_string(root.join(CLASS)).unwrap();
    std::fs::write(root.join(CLASS), format!("{class}// edited\n")).unwrap();
    let (_, reused) = check(root, cache.path());
    assert_eq!(reused, 3);

    // The configuration is part of the key too.
    std::fs::write(
        root.join("phi-lint.toml"),
        "[phi]\nfields = [\"Patient__c.Code__c\"]\n",
    )
    .unwrap();
    let (report, _) = check(root, cache.path());
    assert!(fires(&report), "Code__c is PHI by configuration");
}

fn set_modified(path: &Path, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// A file whose size and modification time are those recorded with its entry, and that
/// had not changed for a second when they were recorded, is not read again. So an edit
/// that keeps both (which only a tool that restores times makes) is not seen, as with git
/// and make; an edit that moves the time always is.
#[test]
fn files_with_their_recorded_size_and_time_are_not_read_again() {
    let project = project();
    let cache = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(
        root.join("phi-lint.toml"),
        "[phi]\nfields = [\"Patient__c.Code__c\"]\n",
    )
    .unwrap();
    let class = root.join(CLASS);
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    set_modified(&class, an_hour_ago);
    let (report, _) = check(root, cache.path());
    assert!(fires(&report), "the class logs a PHI field");

    // The same size and the old time, but no PHI logged: answered from the cache unread.
    let text = std::fs::read_to_string(&class).unwrap();
    let quiet = text.replace("System.debug(p.Code__c);", "System.debug(p.Id     );");
    assert_eq!(quiet.len(), text.len());
    std::fs::write(&class, &quiet).unwrap();
    set_modified(&class, an_hour_ago);
    let cache_arg = cache.path().to_str().unwrap();
    let warm = phi_lint_in(
        root,
        &["check", ".", "--format", "json", "--cache", cache_arg],
    );
    assert!(fires(&stdout(&warm)), "the class was not read");

    // Its time moved: it is read and checked again.
    set_modified(&class, std::time::SystemTime::now());
    let (report, _) = check(root, cache.path());
    assert!(!fires(&report), "the edit is seen");
}

#[test]
fn a_damaged_cache_is_ignored_and_rebuilt() {
    let project = project();
    let cache = tempfile::tempdir().unwrap();
    check(project.path(), cache.path());
    let entries = std::fs::read_dir(cache.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("entries");
    let text = std::fs::read_to_string(&entries).unwrap();

    // One line with a changed byte: that entry alone is rebuilt.
    let damaged = text.replacen("Visits", "Visitz", 1);
    assert_ne!(damaged, text);
    std::fs::write(&entries, damaged).unwrap();
    let (_, reused) = check(project.path(), cache.path());
    assert_eq!(reused, 3);

    // Cut in the middle of a line, then junk, then nothing at all.
    let text = std::fs::read_to_string(&entries).unwrap();
    std::fs::write(&entries, &text[..text.len() / 2]).unwrap();
    check(project.path(), cache.path());
    std::fs::write(&entries, b"\xff\xfe\x00junk\n\n").unwrap();
    check(project.path(), cache.path());
    std::fs::write(&entries, b"").unwrap();
    check(project.path(), cache.path());
    let (_, reused) = check(project.path(), cache.path());
    assert_eq!(reused, 4, "the cache is whole again");
}

#[test]
fn concurrent_runs_share_a_cache_safely() {
    let project = project();
    let cache = tempfile::tempdir().unwrap();
    let expected = stdout(&phi_lint_in(project.path(), &["check", ".", "--no-cache"]));
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let root = project.path().to_path_buf();
            let cache = cache.path().to_str().unwrap().to_string();
            std::thread::spawn(move || {
                stdout(&phi_lint_in(&root, &["check", ".", "--cache", &cache]))
            })
        })
        .collect();
    for run in runs {
        assert_eq!(run.join().unwrap(), expected);
    }
    let (_, reused) = check(project.path(), cache.path());
    assert_eq!(reused, 4);
    // Only the entries file is left: no temporary files.
    let dir = std::fs::read_dir(cache.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["entries"]);
}

#[test]
fn the_default_cache_is_outside_the_project() {
    let project = project();
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_phi-lint"))
        .args(["check", ".", "-v"])
        .current_dir(project.path())
        .env_remove("XDG_CACHE_HOME")
        .env("HOME", home.path())
        .output()
        .unwrap();
    let err = stderr(&output);
    let expected = home.path().join(".cache/phi-lint");
    assert!(err.contains(&expected.display().to_string()), "{err}");
    assert!(expected.is_dir());
    let mut names: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["README.md", "force-app", "sfdx-project.json"]);
}
