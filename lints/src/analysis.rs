//! The order in which a whole project is analysed, for callers that hold every file in
//! memory (tests, fixtures). The binary streams files through the same phases:
//!
//! 1. **Metadata**: the project and PHI models are built from every metadata file.
//! 2. **Fact sources** ([`is_fact_source`]: Apex files and LWC templates): each is parsed,
//!    linted, and asked for its [`Facts`] ([`facts_of`], safe to run in parallel); the
//!    facts are then merged into the project model one after another ([`add_facts`]).
//! 3. **Everything else** (metadata, LWC and Aura JavaScript, other markup): linted
//!    against the completed model, so that JavaScript knows what an imported Apex method
//!    returns and which template inputs are bound to which properties.

use std::collections::HashSet;

use crate::apex_signatures::{apex_signatures, ApexMethod};
use crate::file::SourceFile;
use crate::finding::Finding;
use crate::js::bindings::{template_bindings, TemplateBinding};
use crate::kind::SourceKind;
use crate::phi::PhiModel;
use crate::project::Project;
use crate::registry::{Linter, Rule};
use crate::settings::Settings;

/// What one code file tells the rules that read other files.
#[derive(Debug, Default)]
pub struct Facts {
    /// The methods of an Apex class, with their return types.
    pub apex_methods: Vec<ApexMethod>,
    /// An LWC template's component and its value/handler bindings.
    pub template: Option<(String, Vec<TemplateBinding>)>,
}

/// Whether files of `kind` are read in phase 2, before the files that use their facts.
pub fn is_fact_source(kind: SourceKind) -> bool {
    matches!(
        kind,
        SourceKind::ApexClass
            | SourceKind::ApexTrigger
            | SourceKind::ApexAnonymous
            | SourceKind::LwcTemplate
    )
}

/// The facts of one parsed file (empty for files that are not fact sources).
pub fn facts_of(file: &SourceFile) -> Facts {
    Facts {
        apex_methods: apex_signatures(file),
        template: template_bindings(file),
    }
}

/// Merges one file's facts into the project model.
pub fn add_facts(project: &mut Project, facts: Facts) {
    project.add_apex_signatures(facts.apex_methods);
    if let Some((component, bindings)) = facts.template {
        project.add_template_bindings(&component, bindings);
    }
}

/// Analyses a project in the three phases above, and returns the findings sorted.
pub fn lint_files(
    files: &[SourceFile],
    settings: &Settings,
    rules: Vec<&'static dyn Rule>,
) -> Vec<Finding> {
    let mut project = Project::build(files.iter().filter(|f| f.kind.is_metadata()));
    let phi = PhiModel::build(&project, &settings.phi);
    let linter = Linter::new(rules);
    let active = linter.active_ids();

    let mut findings: Vec<Finding> = Vec::new();
    let mut facts = Vec::new();
    for file in files.iter().filter(|f| is_fact_source(f.kind)) {
        findings.extend(finish_file(
            file,
            linter.lint(file, &project, &phi, settings),
            &active,
        ));
        facts.push(facts_of(file));
    }
    for one in facts {
        add_facts(&mut project, one);
    }

    findings.extend(
        files
            .iter()
            .filter(|f| !is_fact_source(f.kind))
            .flat_map(|f| finish_file(f, linter.lint(f, &project, &phi, settings), &active)),
    );
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// What happens to a file's findings once every rule has run on it, while its text is
/// still in memory: suppressions are applied and fingerprints computed.
pub fn finish_file(
    file: &SourceFile,
    findings: Vec<Finding>,
    active: &HashSet<&str>,
) -> Vec<Finding> {
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
    let mut hasher = Sha256::new();
    hasher.update(finding.rule.as_bytes());
    hasher.update([0]);
    hasher.update(loc.path.as_bytes());
    hasher.update([0]);
    // The words of each text, one space between them, without building the folded text.
    for text in [line, span] {
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
        }
        hasher.update([0]);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(16);
    for byte in &hasher.finalize()[..8] {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 15)]));
    }
    hex
}
