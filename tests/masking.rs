//! No output of phi-lint ever echoes a value it matched as PHI: the data-file-phi fixture
//! holds made-up but valid-looking SSNs and birth dates, and no format may print them.

mod common;

use common::{phi_lint, stdout};

/// The values planted in `testdata/rules/data-file-phi`, and fragments of them long enough
/// to give a value away.
const PLANTED: &[&str] = &[
    "123-45-6701",
    "123-45-6702",
    "123-45-6703",
    "45-6701",
    "45-6703",
    "1961-04-12",
    "1970-01-01",
    "Testperson One",
    "1972-03-04",
    "Testperson Three",
];

#[test]
fn no_format_prints_a_matched_value() {
    for format in ["human", "concise", "json", "sarif", "github"] {
        let output = phi_lint(&[
            "check",
            "testdata/rules/data-file-phi",
            "--select",
            "data-file-phi",
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(1), "{format}: {output:?}");
        let text = stdout(&output);
        assert!(text.contains("social security number"), "{format}: {text}");
        for value in PLANTED {
            assert!(
                !text.contains(value),
                "{format} output shows `{value}`:\n{text}"
            );
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        for value in PLANTED {
            assert!(!stderr.contains(value), "{format} stderr shows `{value}`");
        }
    }
}

#[test]
fn human_snippets_are_masked_in_place() {
    let text = stdout(&phi_lint(&[
        "check",
        "testdata/rules/data-file-phi/data/legacy-export.csv",
        "--select",
        "data-file-phi",
    ]));
    // The header stays readable, the row is masked byte for byte.
    assert!(text.contains("LastName,SSN__c,Status__c"), "{text}");
    assert!(text.contains("**********,***********,******"), "{text}");
}
