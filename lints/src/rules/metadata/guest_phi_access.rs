//! `guest-phi-access`: the unauthenticated guest user of a site can read PHI.

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::phi::tokens;
use crate::project::{HolderKind, PermissionHolder, Project};
use crate::registry::{Context, Family, Rule, RuleMeta};

use super::{field_read, object_read, own_permissions};

pub struct GuestPhiAccess;

pub static META: RuleMeta = RuleMeta {
    id: "guest-phi-access",
    family: Family::Metadata,
    default_severity: Severity::Error,
    references: &["164.312(a)(1)"],
    summary: "A guest user profile or guest permission set can read PHI",
    kinds: &[SourceKind::Profile, SourceKind::PermissionSet],
    docs: r#"
## What it does

Reports read access to PHI granted to the guest user of a site: a readable
`<fieldPermissions>` on a PHI field, or an `<objectPermissions>` with read (or more) on
a PHI object. It checks:

- profiles with `<userLicense>Guest User License</userLicense>` (or another guest
  license, such as `Guest`);
- profiles that a site names as its `guestProfile` (`sites/X.site-meta.xml`);
- permission sets evidently meant for guests: their name or label has the word *guest*,
  or their license is the Guest User License.

Each finding sits on the permission block that grants the access.

## Why it matters

A site's guest user is anyone on the internet. HIPAA 164.312(a)(1) asks that only
authorized persons reach ePHI; read access for the guest user puts patient data one
crafted request away from the public, whatever the site's pages show.

## Example

```xml
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>false</editable>
        <field>Patient__c.Birth_Date__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <userLicense>Guest User License</userLicense>
</Profile>
```

## Use instead

```xml
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>false</editable>
        <field>Patient__c.Birth_Date__c</field>
        <readable>false</readable>
    </fieldPermissions>
    <userLicense>Guest User License</userLicense>
</Profile>
```

Let patients sign in (a customer community license) before they see their own data, and
serve guests only from objects that hold no PHI.

## Configuration

The PHI model decides which fields and objects are PHI; `[phi]` in `phi-lint.toml`
adjusts it.

## Known problems

Permission sets assigned to the guest user in the org but not named for guests are not
recognised, and a set for staff who manage guests (`Guest_Admin`) is taken for a guest
set; suppress such a finding with its reason. Access given through guest sharing rules is
not checked here.
"#,
};

/// Why `holder` serves guests, as a clause, if it does.
fn guest_because(project: &Project, holder: &PermissionHolder) -> Option<String> {
    let says_guest = |text: &str| tokens::words(text).iter().any(|t| t == "guest");
    // `Guest User License` for sites; retrieved files also say `Guest` or `Guest License`.
    if let Some(license) = holder
        .meta
        .license
        .as_ref()
        .filter(|l| says_guest(&l.value))
    {
        return Some(format!("its license is `{}`", license.value));
    }
    if holder.kind == HolderKind::Profile {
        let sites: Vec<String> = project
            .sites_with_guest_profile(&holder.name)
            .map(|s| format!("`{}`", s.name))
            .collect();
        if !sites.is_empty() {
            return Some(format!(
                "it is the guest profile of site {}",
                sites.join(", ")
            ));
        }
        return None;
    }
    let label = holder.meta.label.as_ref().map(|l| l.value.as_str());
    (says_guest(&holder.name) || label.is_some_and(says_guest))
        .then(|| "its name says it is meant for guests".to_string())
}

impl Rule for GuestPhiAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let (Some(own), Some(holder)) = (
            own_permissions(cx.file),
            cx.project.holder_of(&cx.file.path),
        ) else {
            return;
        };
        let Some(guest) = guest_because(cx.project, holder) else {
            return;
        };
        let title = holder.title();
        let fields = own
            .field_permissions
            .iter()
            .filter_map(|p| Some((p.span.clone(), field_read(cx.project, cx.phi, p)?)));
        let objects = own
            .object_permissions
            .iter()
            .filter_map(|p| Some((p.span.clone(), object_read(cx.project, cx.phi, p)?)));
        let found: Vec<_> = fields.chain(objects).collect();
        for (span, read) in found {
            let finding = cx.finding(
                span,
                format!(
                    "{title} lets the site guest user read {} ({guest}); {}",
                    read.what, read.because
                ),
            );
            let finding = read.label(finding).with_help(
                "remove the guest's access to this PHI; let patients sign in before they see \
                     their data",
            );
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        PATIENT_FIELDS
            .iter()
            .copied()
            .chain(extra.iter().copied())
            .collect()
    }

    const READS: &str = "\n<fieldPermissions><field>Patient__c.SSN__c</field><readable>true</readable></fieldPermissions>\n<fieldPermissions><field>Patient__c.Status__c</field><readable>true</readable></fieldPermissions>\n<objectPermissions><object>Patient__c</object><allowRead>true</allowRead></objectPermissions>\n";

    #[test]
    fn fires_on_guest_license_profiles() {
        let text =
            format!("<Profile>{READS}<userLicense>Guest User License</userLicense>\n</Profile>");
        let profile = ("src/profiles/Portal Guest.profile", text.as_str());
        assert_eq!(check("guest-phi-access", &with(&[profile])), [2, 4]);
        let text = format!("<Profile>{READS}<userLicense>Guest</userLicense>\n</Profile>");
        let profile = ("src/profiles/Store.profile", text.as_str());
        assert_eq!(check("guest-phi-access", &with(&[profile])), [2, 4]);
    }

    #[test]
    fn fires_on_site_guest_profiles_and_guest_permission_sets() {
        let text = format!("<Profile>{READS}<userLicense>Salesforce</userLicense>\n</Profile>");
        let profile = (
            "force-app/main/default/profiles/Portal Profile.profile-meta.xml",
            text.as_str(),
        );
        let site = (
            "force-app/main/default/sites/Portal.site-meta.xml",
            "<CustomSite><guestProfile>Portal Profile</guestProfile></CustomSite>",
        );
        assert_eq!(check("guest-phi-access", &with(&[profile, site])), [2, 4]);
        assert!(check("guest-phi-access", &with(&[profile])).is_empty());
        let set_text = format!("<PermissionSet>{READS}</PermissionSet>");
        let set = (
            "force-app/main/default/permissionsets/Guest_Intake.permissionset-meta.xml",
            set_text.as_str(),
        );
        assert_eq!(check("guest-phi-access", &with(&[set])), [2, 4]);
    }
}
