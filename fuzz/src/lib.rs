//! What every fuzz target does: put the input in a small project as a file of the kind
//! its path says, and run the whole analysis over it, every rule included.

use std::sync::Arc;

use phi_lint_lints::analysis::lint_files;
use phi_lint_lints::{rules, Settings, SourceFile, SourceKind};

/// A patient object with a PHI field, so that the PHI rules have something to find.
const PROJECT: &[(&str, &str)] = &[
    (
        "force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml",
        "<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<label>Patient</label>\n<sharingModel>Read</sharingModel>\n</CustomObject>",
    ),
    (
        "force-app/main/default/objects/Patient__c/fields/SSN__c.field-meta.xml",
        "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<fullName>SSN__c</fullName>\n<label>SSN</label>\n<type>Text</type>\n</CustomField>",
    ),
    (
        "force-app/main/default/classes/PatientApi.cls",
        "public with sharing class PatientApi {\n@AuraEnabled public static Patient__c load(Id id) { return [SELECT SSN__c FROM Patient__c WHERE Id = :id]; }\n}",
    ),
];

/// Picks one of `paths` with the first byte of `data`, and returns it with the rest.
pub fn pick<'a>(paths: &[&'a str], data: &'a [u8]) -> (&'a str, &'a [u8]) {
    match data.split_first() {
        Some((&first, rest)) => (paths[usize::from(first) % paths.len()], rest),
        None => (paths[0], data),
    }
}

/// Parses `data` as the file at `path` and lints the project around it with every rule.
/// Text that is not UTF-8 is made so, as the pipeline reports such files unparsed.
pub fn check(path: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut files: Vec<SourceFile> = PROJECT
        .iter()
        .filter(|(p, _)| *p != path)
        .map(|(p, t)| {
            let kind = SourceKind::from_path(p).expect("fixture paths have kinds");
            SourceFile::parse(Arc::from(*p), kind, t.to_string())
        })
        .collect();
    let kind = SourceKind::from_path(path).expect("fuzz paths have kinds");
    files.push(SourceFile::parse(Arc::from(path), kind, text));
    let findings = lint_files(&files, &Settings::default(), rules::ALL.to_vec());
    // Every finding must point inside its file, on character boundaries, as reporters
    // slice the text with these spans.
    for finding in &findings {
        let Some(file) = files.iter().find(|f| f.path == finding.location.path) else {
            continue;
        };
        let span = &finding.location.span;
        assert!(
            span.start <= span.end && span.end <= file.text.len(),
            "{finding:?}"
        );
    }
}
