//! `permission-phi-export`: report or data export permissions held together with read
//! access to PHI.

use phi_lint_grammars::metadata::{PermissionSet, UserPermission};

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::project::HolderKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

use super::{and_more, own_permissions, phi_reads};

pub struct PermissionPhiExport;

pub static META: RuleMeta = RuleMeta {
    id: "permission-phi-export",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(b)", "164.502(b)"],
    summary: "A permission set, group or profile can export reports or data and read PHI",
    kinds: &[
        SourceKind::PermissionSet,
        SourceKind::Profile,
        SourceKind::PermissionSetGroup,
    ],
    docs: r#"
## What it does

Reports a permission set or profile that enables an export permission, `ExportReport`
(Export Reports) or `DataExport` (Weekly Data Export), and can also read PHI: a readable
PHI field (`fieldPermissions`), `viewAllFields` or View All / Modify All Records on a PHI
object, or `ViewAllData`. The finding sits on the export permission's `<userPermissions>`
block and names the PHI it can take out.

A permission set group is reported when its member sets together combine the two, the
export coming from one member and the PHI from another, on the `<permissionSets>` line
of the member with the export permission. Muting permission sets that take the export
permission away are honoured.

## Why it matters

An export leaves the org's audit trail: once PHI is in a spreadsheet, field history and
event monitoring no longer see it (HIPAA 164.312(b)), and the minimum-necessary
standard (164.502(b)) asks that bulk disclosure be limited to those whose job needs it.

## Example

```xml
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>false</editable>
        <field>Patient__c.SSN__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <userPermissions>
        <enabled>true</enabled>
        <name>ExportReport</name>
    </userPermissions>
</PermissionSet>
```

## Use instead

Keep `ExportReport` and `DataExport` in a separate permission set for the few users who
export for an audited purpose, and give the care team read access without it.

## Configuration

The PHI model decides which fields and objects are PHI; `[phi]` in `phi-lint.toml`
adjusts it.

## Known problems

Read access granted by a profile and an export permission from a permission set
assigned to the same user cannot be tied together statically: assignments are not
metadata.
"#,
};

/// The export permissions, with a reader's name.
const EXPORT: &[(&str, &str)] = &[
    ("ExportReport", "export reports"),
    ("DataExport", "run the weekly data export"),
];

fn exports(set: &PermissionSet) -> impl Iterator<Item = (&UserPermission, &'static str)> {
    set.user_permissions.iter().filter_map(|p| {
        let &(_, does) = EXPORT
            .iter()
            .find(|(name, _)| p.enabled && p.name.is(name))?;
        Some((p, does))
    })
}

const HELP: &str = "move the export permission to a separate permission set for the few users \
                    who export for an audited purpose";

impl Rule for PermissionPhiExport {
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
        if exports(&own).next().is_none() {
            return;
        }
        let reads = phi_reads(cx.project, cx.phi, &holder.meta);
        let Some(first) = reads.first() else {
            return;
        };
        let title = holder.title();
        for (permission, does) in exports(&own) {
            let finding = first
                .label(cx.finding(
                    permission.span.clone(),
                    format!(
                        "{title} can {does} (`{}`) and read {}{}; {}",
                        permission.name.value,
                        first.what,
                        and_more(reads.len()),
                        first.because
                    ),
                ))
                .with_help(HELP);
            cx.push(finding);
        }
    }
}

fn check_group(cx: &mut Context<'_>) {
    let Some(group) = cx.project.group_at(&cx.file.path) else {
        return;
    };
    let members: Vec<_> = group
        .meta
        .permission_sets
        .iter()
        .filter_map(|m| Some((m, cx.project.holder(HolderKind::PermissionSet, &m.value)?)))
        .collect();
    let muted = |name: &str| {
        group.meta.muting_permission_sets.iter().any(|m| {
            cx.project
                .muting_permission_sets
                .get(&m.value.to_ascii_lowercase())
                .is_some_and(|set| set.user_permission(name).is_some())
        })
    };
    for (member, set) in &members {
        let Some((permission, does)) = exports(&set.meta).find(|(p, _)| !muted(&p.name.value))
        else {
            continue;
        };
        // A member that reads PHI itself is reported on its own file.
        if !phi_reads(cx.project, cx.phi, &set.meta).is_empty() {
            continue;
        }
        let from_others = members
            .iter()
            .filter(|(_, other)| other.name != set.name)
            .find_map(|(_, other)| {
                let reads = phi_reads(cx.project, cx.phi, &other.meta);
                (!reads.is_empty()).then(|| (other.display_name().to_string(), reads))
            });
        let Some((other, reads)) = from_others else {
            continue;
        };
        let first = &reads[0];
        let finding = first
            .label(cx.finding(
                member.span.clone(),
                format!(
                    "Permission set group `{}` combines `{}`, which can {does} (`{}`), with `{other}`, which reads {}{}; {}",
                    group.display_name(),
                    set.display_name(),
                    permission.name.value,
                    first.what,
                    and_more(reads.len()),
                    first.because
                ),
            ))
            .with_help(HELP);
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

    const EXPORTER: (&str, &str) = (
        "force-app/main/default/permissionsets/Exporter.permissionset-meta.xml",
        "<PermissionSet>\n<userPermissions><enabled>true</enabled><name>ExportReport</name></userPermissions>\n</PermissionSet>",
    );

    #[test]
    fn fires_when_export_meets_phi_reads() {
        let set = (
            "force-app/main/default/permissionsets/Care.permissionset-meta.xml",
            "<PermissionSet>\n<fieldPermissions><field>Patient__c.SSN__c</field><readable>true</readable></fieldPermissions>\n<userPermissions><enabled>true</enabled><name>ExportReport</name></userPermissions>\n</PermissionSet>",
        );
        assert_eq!(check("permission-phi-export", &with(&[set])), [3]);
        // Exporting without reading PHI is quiet.
        assert!(check("permission-phi-export", &with(&[EXPORTER])).is_empty());
    }

    #[test]
    fn fires_on_groups_that_combine_members() {
        let reader = (
            "force-app/main/default/permissionsets/Reader.permissionset-meta.xml",
            "<PermissionSet>\n<fieldPermissions><field>Patient__c.SSN__c</field><readable>true</readable></fieldPermissions>\n</PermissionSet>",
        );
        let group = (
            "force-app/main/default/permissionsetgroups/Team.permissionsetgroup-meta.xml",
            "<PermissionSetGroup>\n<permissionSets>Exporter</permissionSets>\n<permissionSets>Reader</permissionSets>\n</PermissionSetGroup>",
        );
        assert_eq!(
            check("permission-phi-export", &with(&[EXPORTER, reader, group])),
            [2]
        );
    }
}
