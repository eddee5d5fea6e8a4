//! `field-phi-unencrypted`: a PHI field that is not encrypted at rest.

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiUnencrypted;

pub static META: RuleMeta = RuleMeta {
    id: "field-phi-unencrypted",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(a)(2)(iv)"],
    summary: "A PHI field has no encryption at rest",
    kinds: &[SourceKind::CustomField, SourceKind::CustomObject],
    docs: r#"
## What it does

Reports a custom field that the PHI model classifies as PHI and that has no encryption at
rest: no Shield Platform Encryption `encryptionScheme` (or `encryptionScheme` `None`), no
`<encrypted>true</encrypted>` of files older than API 44, and not of the Classic
`EncryptedText` type. Fields of types that Shield cannot encrypt (Number, Picklist,
Checkbox, lookups, formulas and others) are reported with the remedy that fits them.

## Why it matters

HIPAA 164.312(a)(2)(iv) asks for a mechanism to encrypt electronic PHI at rest.
Unencrypted PHI is readable in backups, sandboxes refreshed from production and data
exports, and it is what an auditor asks about first.

## Example

```xml
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>SSN__c</fullName>
    <label>SSN</label>
    <type>Text</type>
</CustomField>
```

## Use instead

```xml
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>SSN__c</fullName>
    <encryptionScheme>CaseSensitiveDeterministicEncryption</encryptionScheme>
    <label>SSN</label>
    <type>Text</type>
</CustomField>
```

Use deterministic encryption for fields that queries filter on, probabilistic for the
rest. For a type that cannot be encrypted, move the value to an encryptable type (a date
kept as a Date, a code as Text) or keep it out of Salesforce.

## Configuration

The PHI model decides which fields are PHI; `[phi]` in `phi-lint.toml` adds fields or
declares fields not PHI.

## Known problems

Encryption policies set in the org but not committed (Platform Encryption settings applied
by hand) are invisible to a static check.
"#,
};

impl Rule for PhiUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        for (field, verdict) in cx.phi_fields_declared_here() {
            if field.is_encrypted() {
                continue;
            }
            let meta = &field.meta;
            let span = meta
                .encryption_scheme
                .as_ref()
                .map_or_else(|| field.name_span(), |t| t.span.clone());
            let field_type = meta.field_type.as_ref().map(|t| t.value.as_str());
            let encryptable = field.can_be_encrypted();
            let qualified = field.qualified();
            let why = verdict.why();
            let finding = if encryptable {
                cx.finding(
                    span,
                    format!(
                        "PHI field `{qualified}` is not encrypted at rest; it is PHI because {why}"
                    ),
                )
                .with_help(
                    "add `<encryptionScheme>` with a Shield Platform Encryption scheme \
                     (deterministic if queries filter on it, probabilistic otherwise)",
                )
            } else {
                let shown = if meta.formula.is_some() {
                    "Formula"
                } else {
                    field_type.unwrap_or("?")
                };
                cx.finding(
                    span,
                    format!(
                        "PHI field `{qualified}` is not encrypted at rest, and its type {shown} cannot be encrypted; it is PHI because {why}"
                    ),
                )
                .with_help(
                    "store the value in an encryptable type (Text, Date, Email, Phone...) \
                     and encrypt it, or keep it out of Salesforce",
                )
            };
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_on_unencrypted_phi_only() {
        assert_eq!(check("field-phi-unencrypted", PATIENT_FIELDS), [2]);
    }

    #[test]
    fn reads_inline_fields_of_the_metadata_api_layout() {
        let object = "<CustomObject>\n<fields>\n<fullName>Diagnosis__c</fullName>\n<type>Picklist</type>\n</fields>\n<fields>\n<fullName>Insurance_Member_Id__c</fullName>\n<encrypted>true</encrypted>\n<type>Text</type>\n</fields>\n</CustomObject>";
        assert_eq!(
            check(
                "field-phi-unencrypted",
                &[("src/objects/Visit__c.object", object)]
            ),
            [3]
        );
    }
}
