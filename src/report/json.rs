//! The JSON report: one document whose shape is documented in docs/json-format.md and
//! only grows (fields are added, never renamed or removed, within a `version`).

use phi_lint_lints::{Finding, Severity};
use serde_json::json;

use super::ReportContext;

pub fn render(findings: &[Finding], cx: &ReportContext<'_>) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let findings: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "severity": f.severity,
                "path": f.location.path,
                "start": f.location.start,
                "end": f.location.end,
                "message": f.message,
                "help": f.help,
                "labels": f.labels.iter().map(|l| json!({
                    "path": l.location.path,
                    "start": l.location.start,
                    "end": l.location.end,
                    "message": l.message,
                })).collect::<Vec<_>>(),
                "references": f.references,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "tool": { "name": "phi-lint", "version": env!("CARGO_PKG_VERSION") },
        "files_checked": cx.files_checked,
        "summary": {
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "notes": count(Severity::Note),
        },
        "findings": findings,
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    out.push('\n');
    out
}
