//! Baselines: accept the findings a project already has, report only new ones.
//!
//! The file is JSON, sorted, one entry per finding, keyed by rule, path and fingerprint
//! (a hash of the finding's text, not its line), so that it survives edits above the
//! findings and reads well in a diff. It holds no source text.

use std::collections::HashMap;
use std::path::Path;

use phi_lint_lints::Finding;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
    /// The line when the baseline was written, for people reading it; not matched on.
    line: u32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// The JSON text of a baseline holding `findings`.
pub fn write(findings: &[Finding]) -> String {
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            path: f.location.path.to_string(),
            rule: f.rule.to_string(),
            fingerprint: f.fingerprint.clone(),
            line: f.location.start.line,
        })
        .collect();
    entries.sort();
    let file = File {
        version: 1,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("JSON values always serialize");
    text.push('\n');
    text
}

/// Reads the baseline at `path`.
pub fn read(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a phi-lint baseline: {e}", path.display()))?;
    if file.version != 1 {
        return Err(format!(
            "{} is a baseline of version {}; this phi-lint reads version 1",
            path.display(),
            file.version
        ));
    }
    let mut counts = HashMap::new();
    for entry in file.findings {
        *counts
            .entry((entry.path, entry.rule, entry.fingerprint))
            .or_insert(0usize) += 1;
    }
    Ok(Baseline { counts })
}

/// Accepted findings, counted by key: two identical lines with the same finding are two
/// entries, and a third one is new.
pub struct Baseline {
    counts: HashMap<(String, String, String), usize>,
}

impl Baseline {
    /// Removes the findings the baseline accepts; returns the new ones, in order.
    pub fn filter(mut self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| {
                let key = (
                    f.location.path.to_string(),
                    f.rule.to_string(),
                    f.fingerprint.clone(),
                );
                match self.counts.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}
