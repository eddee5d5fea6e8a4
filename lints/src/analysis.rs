//! The order in which a whole project is analysed, for callers that hold every file in
//! memory (tests, fixtures). The binary streams files through the same phases.

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
    let mut findings: Vec<Finding> = files
        .iter()
        .flat_map(|f| linter.lint(f, &project, &phi, settings))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}
