//! Rules on org metadata: sharing, permissions, guest access, integrations, external
//! data, session settings and flows. Each reads its own file's typed metadata and takes
//! everything else (other files, PHI verdicts) from the project and PHI models.

pub mod connected_app_broad_scope;
pub mod external_object_phi;
pub mod flow_phi_system_mode;
pub mod guest_phi_access;
pub mod object_phi_public_sharing;
pub mod permission_phi_broad_access;
pub mod permission_phi_export;
pub mod remote_site_insecure;
pub mod session_timeout_too_long;

use phi_lint_grammars::metadata::{FieldPermission, ObjectPermission, PermissionSet};

use crate::file::SourceFile;
use crate::finding::{Finding, Location};
use crate::phi::PhiModel;
use crate::project::Project;

/// The permissions written in `file` itself: for a decomposed permission set, only this
/// file's part, so that spans point into this file.
fn own_permissions(file: &SourceFile) -> Option<PermissionSet> {
    let doc = file.xml()?;
    let mut set = PermissionSet::default();
    set.extend_from_part(&doc.root);
    Some(set)
}

/// "`Patient__c` is PHI: it has PHI fields (`SSN__c`)", when the object is PHI.
fn phi_object_because(phi: &PhiModel, object: &str) -> Option<String> {
    phi.object(object)
        .map(|verdict| format!("`{object}` is PHI: {}", verdict.why()))
}

/// What a permission over all data opens: the declared PHI objects.
struct PhiObjects {
    /// "`Patient__c`, `Visit__c` and 3 more".
    names: String,
    /// Why the first is PHI.
    because: String,
}

/// The declared PHI objects, by name, with the first one's reason. `None` when the project
/// declares no PHI object.
fn phi_objects_summary(project: &Project, phi: &PhiModel) -> Option<PhiObjects> {
    let names: Vec<&str> = project
        .objects
        .values()
        .filter(|o| phi.object(&o.name).is_some())
        .map(|o| o.name.as_str())
        .collect();
    let first = *names.first()?;
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    let more = match names.len().saturating_sub(3) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(PhiObjects {
        names: format!("{}{more}", shown.join(", ")),
        because: phi_object_because(phi, first)?,
    })
}

/// A read of PHI that a permission grants.
struct PhiRead {
    /// "PHI field `Patient__c.SSN__c`" or "PHI object `Patient__c`".
    what: String,
    /// "`Patient__c.SSN__c` is PHI: ...".
    because: String,
    /// Where the PHI is declared, for a secondary label.
    declared: Option<(Location, String)>,
}

impl PhiRead {
    /// Adds the declaration of the PHI as a secondary label, when it is known.
    fn label(&self, finding: Finding) -> Finding {
        match &self.declared {
            Some((location, message)) => finding.with_label(location.clone(), message.clone()),
            None => finding,
        }
    }
}

/// The declaration of `object`, as a label: "PHI object `Patient__c` declared here".
fn object_declared(project: &Project, object: &str) -> Option<(Location, String)> {
    let decl = project.object(object)?;
    let location = decl.location.clone()?;
    Some((
        location,
        format!("PHI object `{}` declared here", decl.name),
    ))
}

/// What a readable field permission opens, if it is a PHI field.
fn field_read(project: &Project, phi: &PhiModel, permission: &FieldPermission) -> Option<PhiRead> {
    if !(permission.readable || permission.editable) {
        return None;
    }
    let (object, field) = permission.field.value.split_once('.')?;
    let found = phi.field(project, object, field)?;
    let declared = found.decl.map(|d| {
        (
            d.location.clone(),
            format!("PHI field `{}` declared here", found.name),
        )
    });
    Some(PhiRead {
        what: format!("PHI field `{}`", found.name),
        because: found.because(),
        declared,
    })
}

/// What a readable object permission opens, if it is a PHI object.
fn object_read(
    project: &Project,
    phi: &PhiModel,
    permission: &ObjectPermission,
) -> Option<PhiRead> {
    let reads = permission.allow_read
        || permission.allow_edit
        || permission.view_all_records
        || permission.modify_all_records;
    if !reads {
        return None;
    }
    let object = &permission.object.value;
    Some(PhiRead {
        what: format!("PHI object `{object}`"),
        because: phi_object_because(phi, object)?,
        declared: object_declared(project, object),
    })
}

/// The PHI a set of permissions can read, fields first (the most specific), then objects
/// whose fields all become readable (`viewAllFields`), then everything (`ViewAllData`).
fn phi_reads(project: &Project, phi: &PhiModel, set: &PermissionSet) -> Vec<PhiRead> {
    let mut reads: Vec<PhiRead> = set
        .field_permissions
        .iter()
        .filter_map(|p| field_read(project, phi, p))
        .collect();
    reads.extend(
        set.object_permissions
            .iter()
            .filter(|p| p.view_all_fields || p.view_all_records || p.modify_all_records)
            .filter_map(|p| object_read(project, phi, p)),
    );
    let all_data = set.user_permission("ViewAllData").is_some()
        || set.user_permission("ModifyAllData").is_some();
    if all_data {
        if let Some(summary) = phi_objects_summary(project, phi) {
            reads.push(PhiRead {
                what: format!("all data, PHI objects such as {} included", summary.names),
                because: summary.because,
                declared: None,
            });
        }
    }
    reads
}

/// "`Patient__c.SSN__c`" and, for several, " and 2 more PHI items".
fn and_more(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        2 => " (and 1 more)".to_string(),
        n => format!(" (and {} more)", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    /// Odd but well-formed metadata: every metadata rule reads it without a finding and
    /// without a panic.
    #[test]
    fn odd_metadata_is_quiet() {
        let files: &[(&str, &str)] = &[
            (
                "a/permissionsets/Odd%/Odd%.permissionset-meta.xml",
                "<PermissionSet><fieldPermissions><field>NoDot</field><readable>true</readable></fieldPermissions><objectPermissions><viewAllRecords>true</viewAllRecords></objectPermissions><userPermissions><name></name></userPermissions></PermissionSet>",
            ),
            (
                "a/permissionsets/Odd%/deeper/still/X.objectSettings-meta.xml",
                "<userPermissions><enabled>maybe</enabled><name>ViewAllData</name></userPermissions>",
            ),
            ("a/profiles/%zz%4.profile-meta.xml", "<Profile/>"),
            (
                "a/permissionsetgroups/G.permissionsetgroup-meta.xml",
                "<PermissionSetGroup><permissionSets></permissionSets><permissionSets>Missing</permissionSets></PermissionSetGroup>",
            ),
            ("a/sites/S.site-meta.xml", "<CustomSite><guestProfile/></CustomSite>"),
            (
                "a/connectedApps/C.connectedApp-meta.xml",
                "<ConnectedApp><oauthConfig><scopes/></oauthConfig></ConnectedApp>",
            ),
            (
                "a/remoteSiteSettings/R.remoteSite-meta.xml",
                "<RemoteSiteSetting><url>http</url></RemoteSiteSetting>",
            ),
            (
                "a/settings/Security.settings-meta.xml",
                "<SecuritySettings><sessionSettings><sessionTimeout>Forever</sessionTimeout><forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout></sessionSettings></SecuritySettings>",
            ),
            (
                "a/flows/F.flow-meta.xml",
                "<Flow><runInMode>SystemModeWithoutSharing</runInMode><recordLookups/><recordUpdates><inputReference>$Record</inputReference></recordUpdates></Flow>",
            ),
            (
                "a/objects/E__x/E__x.object-meta.xml",
                "<CustomObject><externalDataSource>Nowhere</externalDataSource></CustomObject>",
            ),
            ("a/dataSources/D.dataSource-meta.xml", "<ExternalDataSource/>"),
            ("a/objects/Bad.object", "not xml at all <"),
        ];
        for rule in crate::rules::ALL {
            let meta = rule.meta();
            if meta.family != crate::registry::Family::Metadata || meta.id == "parse-error" {
                continue;
            }
            assert!(check(meta.id, files).is_empty(), "{}", meta.id);
        }
    }
}
