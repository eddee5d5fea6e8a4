//! `field-phi-untracked`: a PHI field whose changes are not tracked.

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiUntracked;

pub static META: RuleMeta = RuleMeta {
    id: "field-phi-untracked",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(b)"],
    summary: "A PHI field's changes are not tracked in field history",
    kinds: &[SourceKind::CustomField, SourceKind::CustomObject],
    docs: r#"
## What it does

Reports a field that the PHI model classifies as PHI and whose `trackHistory` is not
`true`. When the object itself does not have `enableHistory`, the message says so, since
field history needs both. Fields that cannot be tracked (formulas, roll-up summaries,
auto-numbers, fields of external objects) are not reported.

## Why it matters

HIPAA 164.312(b) asks for audit controls that record activity in systems holding ePHI.
Field history is the platform's record of who changed a patient's data and when; without
it, a wrong diagnosis or a changed address cannot be traced.

## Example

```xml
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Primary_Diagnosis__c</fullName>
    <trackHistory>false</trackHistory>
    <type>Text</type>
</CustomField>
```

## Use instead

```xml
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Primary_Diagnosis__c</fullName>
    <trackHistory>true</trackHistory>
    <type>Text</type>
</CustomField>
```

and `<enableHistory>true</enableHistory>` on the object. An object tracks at most 20
fields in standard field history; Shield Field Audit Trail raises that limit.

## Configuration

The PHI model decides which fields are PHI; `[phi]` in `phi-lint.toml` adjusts it.

## Known problems

Standard fields' history settings are often not in source control; only fields whose
metadata is in the project are checked.
"#,
};

/// Field types whose history cannot be tracked.
const UNTRACKABLE: &[&str] = &["Summary", "AutoNumber"];

impl Rule for PhiUntracked {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        for (field, verdict) in cx.phi_fields_declared_here() {
            let meta = &field.meta;
            let untrackable = meta.formula.is_some()
                || field.object.to_ascii_lowercase().ends_with("__x")
                || meta
                    .field_type
                    .as_ref()
                    .is_some_and(|t| UNTRACKABLE.iter().any(|u| t.is(u)));
            if meta.tracks_history() || untrackable {
                continue;
            }
            let object_tracks = cx
                .project
                .object(&field.object)
                .and_then(|o| o.meta.as_ref())
                .and_then(|m| m.enable_history.as_ref())
                .is_some_and(|e| e.is("true"));
            let span = meta
                .track_history
                .as_ref()
                .map_or_else(|| field.name_span(), |t| t.span.clone());
            let (message, help) = if object_tracks {
                (
                    format!(
                        "Changes to PHI field `{}` are not tracked; it is PHI because {}",
                        field.qualified(),
                        verdict.why()
                    ),
                    "set `<trackHistory>true</trackHistory>` on the field".to_string(),
                )
            } else {
                (
                    format!(
                        "Changes to PHI field `{}` are not tracked, and `{}` does not enable history; it is PHI because {}",
                        field.qualified(),
                        field.object,
                        verdict.why()
                    ),
                    format!(
                        "set `<trackHistory>true</trackHistory>` on the field and `<enableHistory>true</enableHistory>` on `{}`",
                        field.object
                    ),
                )
            };
            let finding = cx.finding(span, message).with_help(help);
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn fires_on_untracked_phi_fields_only() {
        let files = [
            (
                "force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml",
                "<CustomObject><enableHistory>true</enableHistory></CustomObject>",
            ),
            (
                "force-app/main/default/objects/Patient__c/fields/SSN__c.field-meta.xml",
                "<CustomField>\n<fullName>SSN__c</fullName>\n<trackHistory>false</trackHistory>\n</CustomField>",
            ),
            (
                "force-app/main/default/objects/Patient__c/fields/MRN__c.field-meta.xml",
                "<CustomField>\n<fullName>MRN__c</fullName>\n<trackHistory>true</trackHistory>\n</CustomField>",
            ),
            (
                "force-app/main/default/objects/Patient__c/fields/Age_Display__c.field-meta.xml",
                "<CustomField>\n<fullName>Birth_Year__c</fullName>\n<formula>YEAR(Birthdate__c)</formula>\n</CustomField>",
            ),
            (
                "force-app/main/default/objects/Patient__c/fields/Status__c.field-meta.xml",
                "<CustomField>\n<fullName>Status__c</fullName>\n</CustomField>",
            ),
        ];
        assert_eq!(check("field-phi-untracked", &files), [3]);
    }
}
