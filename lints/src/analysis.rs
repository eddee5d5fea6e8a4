//! The order in which a whole project is analysed, for callers that hold every file in
//! memory (tests, fixtures). The binary streams files through the same phases.

use crate::apex_signatures::apex_signatures;
use crate::file::SourceFile;
use crate::finding::Finding;
use crate::kind::SourceKind;
use crate::phi::PhiModel;
use crate::project::Project;
use crate::registry::{Linter, Rule};
use crate::settings::Settings;

/// Analyses a project in three phases, and returns the findings sorted:
///
/// 1. the project and PHI models are built from the metadata among `files`;
/// 2. Apex files are linted, and the signatures of the Apex classes' methods are added to
///    the project model ([`Project::add_apex_signatures`]);
/// 3. every other file is linted: JavaScript rules can then tell what an imported Apex
///    method returns.
pub fn lint_files(
    files: &[SourceFile],
    settings: &Settings,
    rules: Vec<&'static dyn Rule>,
) -> Vec<Finding> {
    let mut project = Project::build(files.iter().filter(|f| f.kind.is_metadata()));
    let phi = PhiModel::build(&project, &settings.phi);
    let linter = Linter::new(rules);
    let is_apex = |f: &SourceFile| {
        matches!(
            f.kind,
            SourceKind::ApexClass | SourceKind::ApexTrigger | SourceKind::ApexAnonymous
        )
    };

    let mut findings: Vec<Finding> = Vec::new();
    for file in files.iter().filter(|f| is_apex(f)) {
        findings.extend(linter.lint(file, &project, &phi, settings));
    }
    for file in files.iter().filter(|f| is_apex(f)) {
        project.add_apex_signatures(apex_signatures(file));
    }

    findings.extend(
        files
            .iter()
            .filter(|f| !is_apex(f))
            .flat_map(|f| linter.lint(f, &project, &phi, settings)),
    );
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}
