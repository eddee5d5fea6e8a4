//! SARIF 2.1.0, as code scanning services and editors read it.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use phi_lint_lints::docs::reference_name;
use phi_lint_lints::{Finding, Location, Severity};
use serde_json::{json, Value};

use super::ReportContext;

/// Characters escaped in a relative URI reference; `/` is kept as the separator.
const URI_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

const INFORMATION_URI: &str = "https://github.com/phi-lint/phi-lint";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn physical(location: &Location) -> Value {
    json!({
        "artifactLocation": {
            "uri": utf8_percent_encode(&location.path, URI_ESCAPES).to_string(),
            "uriBaseId": "%SRCROOT%",
        },
        "region": {
            "startLine": location.start.line,
            "startColumn": location.start.column,
            "endLine": location.end.line,
            "endColumn": location.end.column,
        },
    })
}

/// `apex-phi-in-debug` → `ApexPhiInDebug`, SARIF's readable rule name.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

pub fn render(findings: &[Finding], cx: &ReportContext<'_>) -> String {
    let rules: Vec<Value> = cx
        .rules
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            let mut tags = vec![meta.family.name().to_string()];
            tags.extend(meta.references.iter().map(|r| reference_name(r)));
            if meta.family.name() != "accessibility" && meta.family.name() != "tool" {
                tags.push("security".to_string());
            }
            let full = meta
                .docs
                .split("\n## ")
                .nth(1)
                .and_then(|s| s.split_once('\n'))
                .map(|(_, body)| body.trim().replace('\n', " "))
                .unwrap_or_else(|| meta.summary.to_string());
            json!({
                "id": meta.id,
                "name": pascal(meta.id),
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": full },
                "help": {
                    "text": format!("{} See `phi-lint explain {}`.", full, meta.id),
                    "markdown": phi_lint_lints::docs::rule_page(meta),
                },
                "helpUri": format!("{INFORMATION_URI}/blob/main/docs/rules/{}.md", meta.id),
                "defaultConfiguration": { "level": level(meta.default_severity) },
                "properties": { "tags": tags },
            })
        })
        .collect();
    let index = |id: &str| cx.rules.iter().position(|r| r.meta().id == id);
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str(&format!(". Fix: {help}"));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": physical(&f.location) }],
                "partialFingerprints": { "phiLintFingerprint/v1": f.fingerprint },
            });
            if let Some(i) = index(f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !f.labels.is_empty() {
                result["relatedLocations"] = f
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        json!({
                            "id": i + 1,
                            "physicalLocation": physical(&l.location),
                            "message": { "text": l.message },
                        })
                    })
                    .collect();
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "phi-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    out.push('\n');
    out
}
