//! `permission-phi-broad-access`: permissions that open every record of PHI objects, or
//! all data of the org.

use std::ops::Range;

use phi_lint_grammars::metadata::PermissionSet;

use crate::finding::{Finding, Location, Severity};
use crate::kind::SourceKind;
use crate::phi::PhiModel;
use crate::project::{HolderKind, Project};
use crate::registry::{Context, Family, Rule, RuleMeta};

use super::{object_declared, own_permissions, phi_object_because, phi_objects_summary};

pub struct PermissionPhiBroadAccess;

pub static META: RuleMeta = RuleMeta {
    id: "permission-phi-broad-access",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.308(a)(4)", "164.502(b)"],
    summary: "A permission set, group or profile grants access to all records of PHI objects",
    kinds: &[
        SourceKind::PermissionSet,
        SourceKind::Profile,
        SourceKind::PermissionSetGroup,
    ],
    docs: r#"
## What it does

Reports permission sets, profiles and permission set groups that grant:

- the system permissions `ViewAllData`, `ModifyAllData` or `ViewEncryptedData`
  (`<userPermissions>` enabled), which open every record of every object, PHI included,
  or show encrypted fields in clear;
- `viewAllRecords` or `modifyAllRecords` on an object the PHI model classifies as PHI.

The finding sits on the `<userPermissions>` or `<objectPermissions>` block. A permission
set group is reported on the `<permissionSets>` line of each member set that grants such
a permission, unless one of the group's muting permission sets takes it away. Decomposed
permission sets (`permissionsets/X/...` folders) are read file by file, and the Metadata
API layout (`profiles/P.profile`, `permissionsets/X.permissionset`) like the SFDX one.

## Why it matters

HIPAA 164.308(a)(4) (information access management) and the minimum-necessary standard
of 164.502(b) ask that each workforce member reach only the ePHI their job needs. These
permissions bypass sharing: a user who holds them reads every patient's record, whatever
the care relationship.

## Example

```xml
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Care Coordinator</label>
    <objectPermissions>
        <allowRead>true</allowRead>
        <object>Patient__c</object>
        <viewAllRecords>true</viewAllRecords>
    </objectPermissions>
</PermissionSet>
```

## Use instead

```xml
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Care Coordinator</label>
    <objectPermissions>
        <allowRead>true</allowRead>
        <object>Patient__c</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
```

Give record access through sharing (roles, sharing rules, care teams) and keep the
org-wide permissions to a few audited administrators.

## Configuration

The PHI model decides which objects are PHI; `[phi]` in `phi-lint.toml` adjusts it. To
accept an audited administrator profile, put its findings in the baseline.

## Known problems

Which users hold a permission set is not in the metadata, so an unassigned set is
reported like an assigned one. `ViewAllData` and its kin are reported even when the project
declares no PHI object, since they open every object the org will ever have.
"#,
};

/// The system permissions that reach every record, with a reader's name and what they do.
const SYSTEM_PERMISSIONS: &[(&str, &str, &str)] = &[
    ("ViewAllData", "View All Data", "reads every record"),
    (
        "ModifyAllData",
        "Modify All Data",
        "reads and edits every record",
    ),
    (
        "ViewEncryptedData",
        "View Encrypted Data",
        "shows every encrypted field in clear",
    ),
];

/// One broad permission: where it stands and how to say it.
struct Grant {
    span: Range<usize>,
    /// "View All Data (`ViewAllData`)", "View All Records on PHI object `Patient__c`".
    what: String,
    /// "; `Patient__c` is PHI: ..." or ", which reads every record, ...".
    opens: String,
    /// The permission's own name, or the object's, for muting.
    key: Key,
    /// The PHI object's declaration, for a secondary label.
    declared: Option<(Location, String)>,
}

impl Grant {
    fn label(&self, finding: Finding) -> Finding {
        match &self.declared {
            Some((location, message)) => finding.with_label(location.clone(), message.clone()),
            None => finding,
        }
    }
}

#[derive(PartialEq)]
enum Key {
    System(&'static str),
    Object {
        object: String,
        view_all: bool,
        modify_all: bool,
    },
}

fn grants(project: &Project, phi: &PhiModel, set: &PermissionSet) -> Vec<Grant> {
    let mut out = Vec::new();
    // Computed once, and only for a set that holds a system permission.
    let mut summary: Option<Option<super::PhiObjects>> = None;
    for permission in &set.user_permissions {
        if !permission.enabled {
            continue;
        }
        let Some(&(name, title, does)) = SYSTEM_PERMISSIONS
            .iter()
            .find(|(name, _, _)| permission.name.is(name))
        else {
            continue;
        };
        let summary = summary.get_or_insert_with(|| phi_objects_summary(project, phi));
        let opens = match summary {
            Some(objects) => format!(
                ", which {does}, PHI objects such as {} included; {}",
                objects.names, objects.because
            ),
            None => format!(", which {does} in the org, PHI included"),
        };
        out.push(Grant {
            span: permission.span.clone(),
            what: format!("{title} (`{name}`)"),
            opens,
            key: Key::System(name),
            declared: None,
        });
    }
    for permission in &set.object_permissions {
        let (view_all, modify_all) = (permission.view_all_records, permission.modify_all_records);
        if !(view_all || modify_all) {
            continue;
        }
        let object = &permission.object.value;
        let Some(because) = phi_object_because(phi, object) else {
            continue;
        };
        let title = match (view_all, modify_all) {
            (true, true) => "View All Records and Modify All Records",
            (true, false) => "View All Records",
            _ => "Modify All Records",
        };
        out.push(Grant {
            span: permission.span.clone(),
            what: format!("{title} on PHI object `{object}`"),
            opens: format!("; {because}"),
            key: Key::Object {
                object: object.to_ascii_lowercase(),
                view_all,
                modify_all,
            },
            declared: object_declared(project, object),
        });
    }
    out
}

/// Whether a muting permission set takes `grant` away.
fn muted(grant: &Grant, muting: &PermissionSet) -> bool {
    match &grant.key {
        Key::System(name) => muting.user_permission(name).is_some(),
        Key::Object {
            object,
            view_all,
            modify_all,
        } => muting.object_permissions.iter().any(|p| {
            p.object.value.eq_ignore_ascii_case(object)
                && (!view_all || p.view_all_records)
                && (!modify_all || p.modify_all_records)
        }),
    }
}

impl Rule for PermissionPhiBroadAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        if cx.file.kind == SourceKind::PermissionSetGroup {
            check_group(cx);
            return;
        }
        let (Some(own), Some(holder)) = (
            own_permissions(cx.file),
            cx.project.holder_of(&cx.file.path),
        ) else {
            return;
        };
        let title = holder.title();
        for grant in grants(cx.project, cx.phi, &own) {
            let finding = grant
                .label(cx.finding(
                    grant.span.clone(),
                    format!("{title} grants {}{}", grant.what, grant.opens),
                ))
                .with_help(
                    "remove the permission and give access to patient records through sharing \
                     (roles, sharing rules, care teams); keep org-wide access to a few audited \
                     administrators",
                );
            cx.push(finding);
        }
    }
}

fn check_group(cx: &mut Context<'_>) {
    let Some(group) = cx.project.group_at(&cx.file.path) else {
        return;
    };
    let muting: Vec<&PermissionSet> = group
        .meta
        .muting_permission_sets
        .iter()
        .filter_map(|m| {
            cx.project
                .muting_permission_sets
                .get(&m.value.to_ascii_lowercase())
        })
        .collect();
    for member in &group.meta.permission_sets {
        let Some(set) = cx.project.holder(HolderKind::PermissionSet, &member.value) else {
            continue;
        };
        let live: Vec<Grant> = grants(cx.project, cx.phi, &set.meta)
            .into_iter()
            .filter(|g| !muting.iter().any(|m| muted(g, m)))
            .collect();
        let Some(first) = live.first() else {
            continue;
        };
        let more = match live.len() {
            1 => String::new(),
            n => format!(" (and {} more broad permissions)", n - 1),
        };
        let finding = first
            .label(cx.finding(
                member.span.clone(),
                format!(
                    "Permission set group `{}` includes permission set `{}`, which grants {}{more}{}",
                    group.display_name(),
                    set.display_name(),
                    first.what,
                    first.opens
                ),
            ))
            .with_help(
                "remove the broad permission from the member set, or mute it in the group with a \
                 muting permission set",
            );
        cx.push(finding);
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

    #[test]
    fn fires_on_system_permissions_and_view_all_on_phi_objects() {
        let set = (
            "force-app/main/default/permissionsets/Care.permissionset-meta.xml",
            "<PermissionSet>\n<objectPermissions><object>Patient__c</object><viewAllRecords>true</viewAllRecords></objectPermissions>\n<objectPermissions><object>Room__c</object><viewAllRecords>true</viewAllRecords></objectPermissions>\n<userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions>\n<userPermissions><enabled>false</enabled><name>ModifyAllData</name></userPermissions>\n<userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>\n</PermissionSet>",
        );
        assert_eq!(check("permission-phi-broad-access", &with(&[set])), [2, 4]);
    }

    #[test]
    fn reports_group_members_unless_muted() {
        let set = (
            "force-app/main/default/permissionsets/Care.permissionset-meta.xml",
            "<PermissionSet><userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions></PermissionSet>",
        );
        let group = (
            "force-app/main/default/permissionsetgroups/Team.permissionsetgroup-meta.xml",
            "<PermissionSetGroup>\n<permissionSets>Care</permissionSets>\n<permissionSets>Other</permissionSets>\n</PermissionSetGroup>",
        );
        let lines = check("permission-phi-broad-access", &with(&[set, group]));
        // Sorted by path: the group file comes first.
        assert_eq!(lines, [2, 1]);
        let muted_group = (
            "force-app/main/default/permissionsetgroups/Team.permissionsetgroup-meta.xml",
            "<PermissionSetGroup>\n<mutingPermissionSets>Quiet</mutingPermissionSets>\n<permissionSets>Care</permissionSets>\n</PermissionSetGroup>",
        );
        let muting = (
            "force-app/main/default/mutingpermissionsets/Quiet.mutingpermissionset-meta.xml",
            "<MutingPermissionSet><userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions></MutingPermissionSet>",
        );
        let lines = check(
            "permission-phi-broad-access",
            &with(&[set, muted_group, muting]),
        );
        assert_eq!(lines, [1]);
    }
}
