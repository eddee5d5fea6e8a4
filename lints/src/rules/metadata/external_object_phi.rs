//! `external-object-phi`: PHI kept in external objects, which the platform cannot encrypt,
//! and external PHI read without authentication.

use phi_lint_grammars::metadata::CustomObject;

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

use super::phi_object_because;

pub struct ExternalObjectPhi;

pub static META: RuleMeta = RuleMeta {
    id: "external-object-phi",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(a)(2)(iv)", "164.312(d)"],
    summary: "An external object carries PHI fields, or reads PHI from a data source without authentication",
    kinds: &[SourceKind::CustomObject, SourceKind::CustomField],
    docs: r#"
## What it does

Reports, for external objects (API names ending in `__x`):

- each field the PHI model classifies as PHI, on its `<fullName>` line (a warning):
  Salesforce Connect reads it live from the external system, and Shield Platform
  Encryption does not apply to it;
- the object's `<externalDataSource>` line (an error) when the object is PHI and its data
  source needs no authentication: `principalType` `Anonymous` or `protocol`
  `NoAuthentication` in `dataSources/X.dataSource`.

Both layouts are read: field files under `objects/X__x/fields/`, and inline `<fields>` in
`objects/X__x.object`.

## Why it matters

HIPAA 164.312(a)(2)(iv) asks for encryption of ePHI at rest, and 164.312(d) for the
authentication of whoever reaches it. The platform cannot encrypt data it does not
store, so the external system must, under a business associate agreement; and a data
source that any request can read serves patient data to anyone who finds its endpoint.

## Example

```xml
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalDataSource>Claims_OData</externalDataSource>
    <fields>
        <fullName>Member_Id__c</fullName>
        <externalName>MemberId</externalName>
        <type>Text</type>
    </fields>
    <label>Claim</label>
</CustomObject>
```

## Use instead

Keep identifiers in the external system and show only what users need; make the data
source authenticate per user (`PerUser` with OAuth) or with a named principal, and make
sure the external system encrypts at rest under a business associate agreement.

## Configuration

The PHI model decides which fields are PHI; `[phi]` in `phi-lint.toml` adjusts it.

## Known problems

Whether the external system encrypts at rest cannot be seen from the metadata: an
accepted finding belongs in the baseline with the agreement that covers it.
"#,
};

fn is_external(object: &str) -> bool {
    object.to_ascii_lowercase().ends_with("__x")
}

impl Rule for ExternalObjectPhi {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let fields = cx.phi_fields_declared_here();
        for (field, verdict) in fields.into_iter().filter(|(f, _)| is_external(&f.object)) {
            let span = field.name_span();
            let qualified = field.qualified();
            let finding = cx
                .finding(
                    span,
                    format!(
                        "External object field `{qualified}` carries PHI that the platform cannot encrypt at rest; `{qualified}` is PHI: {}",
                        verdict.why()
                    ),
                )
                .with_help(
                    "keep the identifier out of the external object, or make sure the external \
                     system encrypts it at rest under a business associate agreement",
                );
            cx.push(finding);
        }

        if cx.file.kind != SourceKind::CustomObject || !is_external(cx.file.stem()) {
            return;
        }
        let Some(doc) = cx.file.xml() else { return };
        let name = cx.file.stem();
        let meta = CustomObject::from_element(&doc.root);
        let Some(source) = meta.external_data_source.as_ref() else {
            return;
        };
        let Some(decl) = cx.project.data_source(&source.value) else {
            return;
        };
        let Some(anonymous) = decl.meta.anonymous() else {
            return;
        };
        let Some(because) = phi_object_because(cx.phi, name) else {
            return;
        };
        let finding = cx
            .finding(
                source.span.clone(),
                format!(
                    "External object `{}` reads PHI from data source `{}`, which needs no authentication (`{}`); {because}",
                    name, decl.name, anonymous.value
                ),
            )
            .with_severity(Severity::Error)
            .with_help(
                "make the data source authenticate: `PerUser` or `NamedUser` with OAuth or a \
                 password held in a named credential",
            );
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    const OBJECT: (&str, &str) = (
        "src/objects/Claim__x.object",
        "<CustomObject>\n<externalDataSource>Claims</externalDataSource>\n<fields>\n<fullName>Member_Id__c</fullName>\n<type>Text</type>\n</fields>\n<fields>\n<fullName>Amount__c</fullName>\n<type>Number</type>\n</fields>\n</CustomObject>",
    );

    #[test]
    fn fires_on_phi_fields_and_anonymous_sources() {
        assert_eq!(check("external-object-phi", &[OBJECT]), [4]);
        let source = (
            "src/dataSources/Claims.dataSource",
            "<ExternalDataSource>\n<principalType>Anonymous</principalType>\n<protocol>NoAuthentication</protocol>\n</ExternalDataSource>",
        );
        assert_eq!(check("external-object-phi", &[OBJECT, source]), [2, 4]);
    }

    #[test]
    fn quiet_on_internal_objects_and_authenticated_sources() {
        let internal = (
            "src/objects/Claim__c.object",
            "<CustomObject>\n<fields>\n<fullName>Member_Id__c</fullName>\n<type>Text</type>\n</fields>\n</CustomObject>",
        );
        assert!(check("external-object-phi", &[internal]).is_empty());
        let source = (
            "src/dataSources/Claims.dataSource",
            "<ExternalDataSource>\n<principalType>PerUser</principalType>\n<protocol>Oauth</protocol>\n</ExternalDataSource>",
        );
        assert_eq!(check("external-object-phi", &[OBJECT, source]), [4]);
    }
}
