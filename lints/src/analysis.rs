//! The order in which a whole project is analysed, for callers that hold every file in
//! memory (tests, fixtures). The binary streams files through the same phases.

use std::collections::HashSet;

use crate::file::SourceFile;
use crate::finding::Finding;
use crate::phi::PhiModel;
use crate::project::Project;
use crate::registry::{Linter, Rule};
use crate::settings::Settings;

/// Builds the project and PHI models from the metadata among `files`, then lints every
/// file with `rules`. Findings come back sorted.
pub fn lint_files(
    files: &[SourceFile],
    settings: &Settings,
    rules: Vec<&'static dyn Rule>,
) -> Vec<Finding> {
    let project = Project::build(files.iter().filter(|f| f.kind.is_metadata()));
    let phi = PhiModel::build(&project, &settings.phi);
    let linter = Linter::new(rules);
    let active = linter.active_ids();
    let mut findings: Vec<Finding> = files
        .iter()
        .flat_map(|f| finish_file(f, linter.lint(f, &project, &phi, settings), &active))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// What happens to a file's findings once every rule has run on it, while its text is
/// still in memory: suppressions are applied and fingerprints computed.
pub fn finish_file(file: &SourceFile, findings: Vec<Finding>, active: &HashSet<&str>) -> Vec<Finding> {
    let mut findings = crate::suppress::apply(file, findings, active);
    for finding in &mut findings {
        finding.fingerprint = fingerprint(file, finding);
    }
    findings
}

/// A hash of the rule, the path, and the text of the finding's first line and span,
/// with white space folded: it survives edits above the finding, not edits of its line.
pub fn fingerprint(file: &SourceFile, finding: &Finding) -> String {
    use sha2::{Digest, Sha256};
    let loc = &finding.location;
    let (line, span) = if *loc.path == *file.path {
        let line = file.slice(file.lines.line_range(&file.text, loc.start.line));
        (line, file.slice(loc.span.clone()))
    } else {
        ("", finding.message.as_str())
    };
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut hasher = Sha256::new();
    for part in [finding.rule, &loc.path, &fold(line), &fold(span)] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}
