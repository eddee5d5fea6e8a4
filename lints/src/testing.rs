//! Quick cases for rule files: lint a few in-memory files and get the lines that fired.

use std::sync::Arc;

use crate::file::SourceFile;
use crate::kind::SourceKind;
use crate::settings::Settings;

/// A `Patient__c` object with a PHI field (`SSN__c`), a PHI field that is encrypted
/// (`MRN__c`) and a plain one (`Status__c`).
pub const PATIENT_FIELDS: &[(&str, &str)] = &[
    (
        "force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml",
        "<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<label>Patient</label>\n<sharingModel>Private</sharingModel>\n</CustomObject>",
    ),
    (
        "force-app/main/default/objects/Patient__c/fields/SSN__c.field-meta.xml",
        "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<fullName>SSN__c</fullName>\n<label>SSN</label>\n<type>Text</type>\n</CustomField>",
    ),
    (
        "force-app/main/default/objects/Patient__c/fields/MRN__c.field-meta.xml",
        "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<fullName>MRN__c</fullName>\n<encryptionScheme>CaseSensitiveDeterministicEncryption</encryptionScheme>\n<type>Text</type>\n</CustomField>",
    ),
    (
        "force-app/main/default/objects/Patient__c/fields/Status__c.field-meta.xml",
        "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<fullName>Status__c</fullName>\n<type>Picklist</type>\n</CustomField>",
    ),
];

/// Lints `files` with the one rule `rule_id` and default settings; returns the start lines
/// of its findings, in order.
pub fn check(rule_id: &str, files: &[(&str, &str)]) -> Vec<u32> {
    check_with(rule_id, files, &Settings::default())
}

pub fn check_with(rule_id: &str, files: &[(&str, &str)], settings: &Settings) -> Vec<u32> {
    let parsed: Vec<SourceFile> = files
        .iter()
        .filter_map(|(path, text)| {
            let kind = SourceKind::from_path(path)?;
            Some(SourceFile::parse(Arc::from(*path), kind, text.to_string()))
        })
        .collect();
    let rule = crate::rules::by_id(rule_id).unwrap_or_else(|| panic!("no rule {rule_id}"));
    crate::analysis::lint_files(&parsed, settings, vec![rule])
        .iter()
        .map(|f| f.location.start.line)
        .collect()
}
