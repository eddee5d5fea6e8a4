//! `object-phi-public-sharing`: a PHI object whose organization-wide default opens its
//! records to every user.

use phi_lint_grammars::metadata::CustomObject;

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

use super::phi_object_because;

pub struct ObjectPhiPublicSharing;

pub static META: RuleMeta = RuleMeta {
    id: "object-phi-public-sharing",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(a)(1)"],
    summary: "A PHI object's default sharing lets every internal or external user see its records",
    kinds: &[SourceKind::CustomObject],
    docs: r#"
## What it does

Reports an object that the PHI model classifies as PHI and whose organization-wide
default, internal (`sharingModel`) or external (`externalSharingModel`), is public:
`Read`, `ReadWrite`, `ReadWriteTransfer` or `FullAccess`. The finding points at the
sharing element. `Private` and the parent-controlled values (`ControlledByParent`,
`ControlledByLeadOrContact`, `ControlledByCampaign`) are quiet. Both metadata layouts are
read: `objects/X/X.object-meta.xml` and `objects/X.object`.

## Why it matters

HIPAA 164.312(a)(1) asks that only authorized users reach ePHI. A public default gives
every user of the org (or, for the external default, every community and portal user)
access to every patient record, whatever their role; sharing rules can only widen access
from there, never narrow it.

## Example

```xml
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Patient</label>
    <sharingModel>ReadWrite</sharingModel>
</CustomObject>
```

## Use instead

```xml
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Patient</label>
    <externalSharingModel>Private</externalSharingModel>
    <sharingModel>Private</sharingModel>
</CustomObject>
```

Open access where the care relationship needs it, with role hierarchy, sharing rules,
care teams or Apex managed sharing.

## Configuration

The PHI model decides which objects are PHI; `[phi]` in `phi-lint.toml` adds objects or
declares objects not PHI.

## Known problems

An object whose file omits `externalSharingModel` takes the org's default for it, which a
static check cannot see. Sharing for a detail object (`ControlledByParent`) is as open as
its master's; the master is checked on its own.
"#,
};

/// Defaults that give every user of the audience at least read access.
const PUBLIC: &[&str] = &["Read", "ReadWrite", "ReadWriteTransfer", "FullAccess"];

impl Rule for ObjectPhiPublicSharing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let Some(doc) = cx.file.xml() else { return };
        // The file's own declaration: an object declared in two package directories is
        // checked in both.
        let meta = CustomObject::from_element(&doc.root);
        let name = cx.file.stem();
        let Some(because) = phi_object_because(cx.phi, name) else {
            return;
        };
        let defaults = [
            (&meta.sharing_model, "internal", "every internal user"),
            (
                &meta.external_sharing_model,
                "external",
                "every portal, community and guest-facing user",
            ),
        ];
        for (value, audience, who) in defaults {
            let Some(value) = value.as_ref().filter(|v| PUBLIC.iter().any(|p| v.is(p))) else {
                continue;
            };
            let finding = cx
                .finding(
                    value.span.clone(),
                    format!(
                        "PHI object `{}` has {audience} default sharing `{}`, which lets {who} see every record; {because}",
                        name, value.value
                    ),
                )
                .with_help(
                    "set the default to `Private` (or `ControlledByParent` for a detail object) \
                     and grant access with roles, sharing rules or care teams",
                );
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    const SSN: (&str, &str) = (
        "force-app/main/default/objects/Patient__c/fields/SSN__c.field-meta.xml",
        "<CustomField><fullName>SSN__c</fullName><type>Text</type></CustomField>",
    );

    #[test]
    fn fires_on_public_defaults_of_phi_objects() {
        let object = (
            "force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml",
            "<CustomObject>\n<externalSharingModel>Read</externalSharingModel>\n<sharingModel>ReadWrite</sharingModel>\n</CustomObject>",
        );
        assert_eq!(check("object-phi-public-sharing", &[object, SSN]), [2, 3]);
    }

    #[test]
    fn quiet_on_private_parent_controlled_and_non_phi() {
        let private = (
            "force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml",
            "<CustomObject>\n<sharingModel>ControlledByParent</sharingModel>\n<externalSharingModel>Private</externalSharingModel>\n</CustomObject>",
        );
        assert!(check("object-phi-public-sharing", &[private, SSN]).is_empty());
        let plain = (
            "src/objects/Room__c.object",
            "<CustomObject>\n<sharingModel>ReadWrite</sharingModel>\n<fields><fullName>Floor__c</fullName><type>Text</type></fields>\n</CustomObject>",
        );
        assert!(check("object-phi-public-sharing", &[plain]).is_empty());
    }
}
