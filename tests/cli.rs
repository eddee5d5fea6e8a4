//! The command line end to end: the demo project in every format, exit codes, output
//! files, configuration errors and path narrowing.

mod common;

use common::{phi_lint, phi_lint_in, stderr, stdout};

#[test]
fn the_demo_project_in_every_format() {
    for format in ["human", "concise", "json", "sarif", "github"] {
        let output = phi_lint(&["check", "testdata/clinic", "--format", format]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
        insta::assert_snapshot!(format!("clinic-{format}"), stdout(&output));
    }
}

#[test]
fn json_and_sarif_are_valid_json_with_the_documented_shape() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&phi_lint(&[
        "check",
        "testdata/clinic",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["version"], 1);
    let first = &json["findings"][0];
    for key in [
        "rule",
        "severity",
        "path",
        "start",
        "end",
        "message",
        "help",
        "labels",
        "references",
    ] {
        assert!(first.get(key).is_some(), "finding lacks {key}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&phi_lint(&[
        "check",
        "testdata/clinic",
        "--format",
        "sarif",
    ])))
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "phi-lint");
    let result = &run["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(!location["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .starts_with('/'));
    assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
}

#[test]
fn exit_codes_follow_fail_on() {
    let clean = phi_lint(&[
        "check",
        "testdata/rules/parse-error/force-app/main/default/classes/Fine.cls",
    ]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).contains("No findings in"));

    let errors_only = phi_lint(&[
        "check",
        "testdata/clinic",
        "--select",
        "a11y-missing-label",
        "--fail-on",
        "error",
    ]);
    assert_eq!(errors_only.status.code(), Some(0));
    let warnings = phi_lint(&["check", "testdata/clinic", "--select", "a11y-missing-label"]);
    assert_eq!(warnings.status.code(), Some(1));
    let never = phi_lint(&["check", "testdata/clinic", "--fail-on", "never"]);
    assert_eq!(never.status.code(), Some(0));

    let bad = phi_lint(&["check", "testdata/clinic", "--select", "no-such-rule"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown rule `no-such-rule`"));
    let missing = phi_lint(&["check", "testdata/no-such-folder"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn paths_narrow_the_report_but_not_the_model() {
    // The class alone is reported on, but its finding needs the field XML elsewhere.
    let output = phi_lint(&[
        "check",
        "testdata/clinic/force-app/main/default/classes/PatientService.cls",
        "--format",
        "concise",
    ]);
    let text = stdout(&output);
    assert!(text.contains("Patient__c.SSN__c"), "{text}");
    assert!(
        text.lines().all(|l| l.contains("PatientService.cls")),
        "{text}"
    );
}

#[test]
fn output_goes_to_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.sarif");
    let output = phi_lint(&[
        "check",
        "testdata/clinic",
        "--format",
        "sarif",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\"2.1.0\""));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn configuration_errors_point_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sfdx-project.json"),
        r#"{"packageDirectories":[{"path":"."}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("phi-lint.toml"),
        "[rules]\napex-phi-in-debgu = \"error\"\n",
    )
    .unwrap();
    let output = phi_lint_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("unknown rule `apex-phi-in-debgu`"), "{err}");
    assert!(err.contains("phi-lint.toml:2:1"), "{err}");
}

#[test]
fn rules_and_explain() {
    let listing = stdout(&phi_lint(&["rules"]));
    assert!(listing.contains("apex-phi-in-debug"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&phi_lint(&["rules", "--format", "json"]))).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "field-phi-unencrypted"));
    let page = stdout(&phi_lint(&["explain", "field-phi-unencrypted"]));
    assert!(page.contains("## What it does"));
    assert_eq!(phi_lint(&["explain", "nope"]).status.code(), Some(2));
}
