//! `field-phi-unclassified`: a field that looks like PHI but carries no data
//! classification.

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::phi::Reason;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiUnclassified;

pub static META: RuleMeta = RuleMeta {
    id: "field-phi-unclassified",
    family: Family::Metadata,
    default_severity: Severity::Note,
    references: &["164.308(a)(1)(ii)(A)"],
    summary:
        "A field the dictionary takes for PHI has no compliance group or security classification",
    kinds: &[SourceKind::CustomField, SourceKind::CustomObject],
    docs: r#"
## What it does

Reports a custom field that phi-lint's dictionary takes for PHI (by its API name, label or
description) and that carries neither a `complianceGroup` nor a
`securityClassification`. The field is treated as PHI all the same; this rule asks for
the classification to be written down where Salesforce's own tools can see it.

## Why it matters

HIPAA 164.308(a)(1)(ii)(A) asks for a risk analysis, which starts with knowing where
ePHI is. Salesforce's data classification (`complianceGroup`, `securityClassification`)
is what reports, Data Detect and Shield policies read; a field that only phi-lint knows
is PHI is invisible to them.

## Example

```xml
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Date_of_Birth__c</fullName>
    <type>Date</type>
</CustomField>
```

## Use instead

```xml
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Date_of_Birth__c</fullName>
    <complianceGroup>HIPAA</complianceGroup>
    <securityClassification>Restricted</securityClassification>
    <type>Date</type>
</CustomField>
```

If the field is not PHI, list it under `not-fields` in the `[phi]` section of
`phi-lint.toml`.

## Configuration

`[phi]` in `phi-lint.toml`: `not-fields` silences a field the dictionary misjudges.

## Known problems

The dictionary matches whole words; a field named with an abbreviation it does not know
(`Pt_Hx__c`) is not reported. Add such words with `terms` in `[phi]`.
"#,
};

impl Rule for PhiUnclassified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        for (field, verdict) in cx.phi_fields_declared_here() {
            let meta = &field.meta;
            if meta.compliance_group.is_some() || meta.security_classification.is_some() {
                continue;
            }
            let Some(reason) = verdict
                .reasons
                .iter()
                .find(|r| matches!(r, Reason::Dictionary { .. }))
            else {
                continue;
            };
            let span = field.name_span();
            let finding = cx
                .finding(
                    span,
                    format!(
                        "PHI field `{}` has no compliance group or security classification, though {reason}",
                        field.qualified()
                    ),
                )
                .with_help(
                    "add `<complianceGroup>HIPAA</complianceGroup>` and a `<securityClassification>`, \
                     or list the field under `not-fields` in phi-lint.toml if it is not PHI",
                );
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn fires_on_dictionary_matches_without_classification() {
        let files = [
            (
                "force-app/main/default/objects/Patient__c/fields/SSN__c.field-meta.xml",
                "<CustomField>\n<fullName>SSN__c</fullName>\n</CustomField>",
            ),
            (
                "force-app/main/default/objects/Patient__c/fields/MRN__c.field-meta.xml",
                "<CustomField>\n<fullName>MRN__c</fullName>\n<complianceGroup>HIPAA</complianceGroup>\n</CustomField>",
            ),
            (
                "force-app/main/default/objects/Patient__c/fields/Status__c.field-meta.xml",
                "<CustomField>\n<fullName>Status__c</fullName>\n</CustomField>",
            ),
        ];
        assert_eq!(check("field-phi-unclassified", &files), [2]);
    }
}
