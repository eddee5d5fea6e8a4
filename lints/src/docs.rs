//! Rule documentation as Markdown pages, generated from the rules' own docs.

use crate::registry::RuleMeta;

/// The sections every rule's documentation has, in order.
pub const SECTIONS: &[&str] = &[
    "What it does",
    "Why it matters",
    "Example",
    "Use instead",
    "Configuration",
    "Known problems",
];

/// The sections of `meta.docs` that are missing or out of order.
pub fn missing_sections(meta: &RuleMeta) -> Vec<&'static str> {
    let mut from = 0;
    let mut missing = Vec::new();
    for section in SECTIONS {
        let heading = format!("\n## {section}\n");
        match meta.docs[from..].find(&heading) {
            Some(at) => from += at + heading.len(),
            None => missing.push(*section),
        }
    }
    missing
}

/// A human name for a reference: HIPAA sections are prefixed with "HIPAA".
pub fn reference_name(reference: &str) -> String {
    if reference.starts_with("WCAG") {
        reference.to_string()
    } else {
        format!("HIPAA {reference}")
    }
}

/// The page `docs/rules/<id>.md`.
pub fn rule_page(meta: &RuleMeta) -> String {
    let references = if meta.references.is_empty() {
        "none".to_string()
    } else {
        meta.references
            .iter()
            .map(|r| reference_name(r))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "<!-- Generated from the rule's source by `cargo test`; do not edit. -->\n\
         # {id}\n\n{summary}.\n\n\
         | | |\n|---|---|\n| family | {family} |\n| default severity | {severity} |\n| references | {references} |\n{body}",
        id = meta.id,
        summary = meta.summary,
        family = meta.family.name(),
        severity = meta.default_severity,
        body = meta.docs,
    )
}

/// The index page `docs/rules.md`.
pub fn index_page(rules: &[&RuleMeta]) -> String {
    let mut out = String::from(
        "<!-- Generated from the rules' sources by `cargo test`; do not edit. -->\n\
         # Rules\n\n| id | family | default severity | reference | what it reports |\n|---|---|---|---|---|\n",
    );
    for meta in rules {
        out.push_str(&format!(
            "| [`{id}`](rules/{id}.md) | {family} | {severity} | {refs} | {summary} |\n",
            id = meta.id,
            family = meta.family.name(),
            severity = meta.default_severity,
            refs = meta.references.join(", "),
            summary = meta.summary,
        ));
    }
    out
}
