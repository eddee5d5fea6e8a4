//! The SARIF report passes Microsoft's SARIF multitool `validate` with the SARIF and
//! GitHub ingestion rule sets. `.ci/run` installs the tool (npm package
//! `@microsoft/sarif-multitool`) and names it in `SARIF_MULTITOOL`; under CI the test
//! fails when the tool is missing, elsewhere it says it was skipped.

mod common;

use std::process::Command;

#[test]
fn sarif_passes_the_multitool_with_github_rules() {
    let Some(tool) = std::env::var_os("SARIF_MULTITOOL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "SARIF_MULTITOOL is not set: .ci/run installs the SARIF multitool"
        );
        eprintln!("skipped: set SARIF_MULTITOOL to the Sarif.Multitool binary to run this test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("clinic.sarif");
    let log = dir.path().join("validation.sarif");
    let output = common::phi_lint(&[
        "check",
        "testdata/clinic",
        "--format",
        "sarif",
        "--output",
        sarif.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));

    let status = Command::new(tool)
        .args([
            "validate",
            sarif.to_str().unwrap(),
            "--rule-kind",
            "Sarif;Gh",
            "--level",
            "Error;Warning",
            "-o",
        ])
        .arg(&log)
        .output()
        .expect("the SARIF multitool runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    let problems: Vec<String> = report["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| format!("{} {}: {}", r["ruleId"], r["level"], r["message"]))
        .collect();
    assert!(
        problems.is_empty(),
        "the multitool reports:\n{}",
        problems.join("\n")
    );
}
