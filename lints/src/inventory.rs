//! The PHI inventory: every PHI object and field, why it is PHI, how it is protected, who
//! can read it and which code uses it. It is the evidence an audit asks for first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::phi::PhiModel;
use crate::project::{HolderKind, Project};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InventoryField {
    /// `Object.Field`.
    pub name: String,
    pub label: Option<String>,
    /// Why it is PHI, strongest first.
    pub reasons: Vec<String>,
    #[serde(rename = "type")]
    pub field_type: Option<String>,
    /// `ProbabilisticEncryption`, `EncryptedText (Classic)`, or `None`.
    pub encryption: String,
    /// Whether the field's type can be encrypted at rest at all.
    pub encryptable: bool,
    pub history_tracked: bool,
    /// Permission sets and profiles that can read it, as `permission set X`/`profile Y`.
    pub readable_by: Vec<String>,
    pub editable_by: Vec<String>,
    /// Project paths of the code, flows and components that name it.
    pub used_in: Vec<String>,
    /// Where it is declared.
    pub declared_in: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InventoryObject {
    pub name: String,
    pub label: Option<String>,
    pub reasons: Vec<String>,
    pub sharing_model: Option<String>,
    pub fields: Vec<InventoryField>,
    /// Project paths of the code, flows and components that name the object.
    pub used_in: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Inventory {
    pub objects: Vec<InventoryObject>,
    /// Custom fields the metadata declares that are not PHI, by `Object.Field`, with the
    /// reason when the configuration decided.
    pub not_phi_fields: Vec<String>,
    pub fields_reviewed: usize,
}

/// Who reads a PHI name where: lower-case name → project paths.
#[derive(Debug, Default)]
pub struct Usage {
    by_name: HashMap<String, BTreeSet<String>>,
}

impl Usage {
    /// The names among `names` (lower-case) that `text` mentions as whole identifiers,
    /// which also finds `Object.Field` in `@salesforce/schema` imports and flow XML.
    pub fn mentions(text: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut start = None;
        let bytes = text.as_bytes();
        for i in 0..=bytes.len() {
            let ident = i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_');
            match (ident, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let word = text[s..i].to_ascii_lowercase();
                    if names.contains(&word) {
                        found.insert(word);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        found
    }

    /// Records that the file at `path` mentions `names`.
    pub fn add(&mut self, path: &str, names: BTreeSet<String>) {
        for name in names {
            self.by_name
                .entry(name)
                .or_default()
                .insert(path.to_string());
        }
    }

    fn paths(&self, name: &str) -> Vec<String> {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// The lower-case names the inventory looks for in code: every PHI object and field.
pub fn tracked_names(project: &Project, phi: &PhiModel) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = project
        .objects
        .values()
        .filter(|o| phi.object(&o.name).is_some())
        .map(|o| o.name.to_ascii_lowercase())
        .collect();
    for (index, field) in project.fields.iter().enumerate() {
        if phi.declared_field(index).phi {
            names.insert(field.name.to_ascii_lowercase());
            names.insert(field.object.to_ascii_lowercase());
        }
    }
    names
}

fn inventory_object(
    project: &Project,
    phi: &PhiModel,
    usage: &Usage,
    name: &str,
) -> InventoryObject {
    let decl = project.object(name);
    let meta = decl.and_then(|o| o.meta.as_ref());
    InventoryObject {
        name: decl.map_or(name, |d| d.name.as_str()).to_string(),
        label: meta.and_then(|m| m.label.as_ref()).map(|l| l.value.clone()),
        reasons: phi
            .object(name)
            .map(|v| v.reasons.iter().map(|r| r.to_string()).collect())
            .unwrap_or_default(),
        sharing_model: meta
            .and_then(|m| m.sharing_model.as_ref())
            .map(|s| s.value.clone()),
        fields: Vec::new(),
        used_in: usage.paths(name),
    }
}

/// Builds the inventory from the models and the code usage.
pub fn build(project: &Project, phi: &PhiModel, usage: &Usage) -> Inventory {
    // Field and object access, per permission holder.
    let mut readers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut editors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut everything: Vec<String> = Vec::new();
    for holder in &project.permission_holders {
        let who = match holder.kind {
            HolderKind::Profile => format!("profile {}", holder.name),
            HolderKind::PermissionSet => format!("permission set {}", holder.name),
        };
        for fp in &holder.meta.field_permissions {
            let key = fp.field.value.to_ascii_lowercase();
            if fp.readable || fp.editable {
                readers.entry(key.clone()).or_default().insert(who.clone());
            }
            if fp.editable {
                editors.entry(key).or_default().insert(who.clone());
            }
        }
        let sees_all = holder
            .meta
            .user_permissions
            .iter()
            .any(|p| p.enabled && (p.name.is("ViewAllData") || p.name.is("ModifyAllData")));
        if sees_all {
            everything.push(format!("{who} (View All Data)"));
        }
    }

    let mut objects: BTreeMap<String, InventoryObject> = BTreeMap::new();
    let mut not_phi_fields = Vec::new();
    for (index, field) in project.fields.iter().enumerate() {
        let verdict = phi.declared_field(index);
        let qualified = field.qualified();
        if !verdict.phi {
            not_phi_fields.push(qualified);
            continue;
        }
        let key = qualified.to_ascii_lowercase();
        let meta = &field.meta;
        let field_type = meta.field_type.as_ref().map(|t| t.value.clone());
        let encryptable = field.can_be_encrypted();
        let mut readable_by: Vec<String> =
            readers.get(&key).into_iter().flatten().cloned().collect();
        readable_by.extend(everything.iter().cloned());
        let object = objects
            .entry(field.object.to_ascii_lowercase())
            .or_insert_with(|| inventory_object(project, phi, usage, &field.object));
        object.fields.push(InventoryField {
            name: qualified,
            label: meta.label.as_ref().map(|l| l.value.clone()),
            reasons: verdict.reasons.iter().map(|r| r.to_string()).collect(),
            field_type,
            encryption: field.encryption(),
            encryptable,
            history_tracked: meta.tracks_history(),
            readable_by,
            editable_by: editors.get(&key).into_iter().flatten().cloned().collect(),
            used_in: usage.paths(&field.name),
            declared_in: field.location.path.to_string(),
        });
    }
    // PHI objects without PHI fields of their own (clinical objects, configured ones, or
    // ones whose name says so) are listed too.
    for object in project.objects.values() {
        if phi.object(&object.name).is_some() {
            objects
                .entry(object.name.to_ascii_lowercase())
                .or_insert_with(|| inventory_object(project, phi, usage, &object.name));
        }
    }
    let mut objects: Vec<InventoryObject> = objects.into_values().collect();
    for object in &mut objects {
        object.fields.sort_by(|a, b| {
            a.name
                .to_ascii_lowercase()
                .cmp(&b.name.to_ascii_lowercase())
        });
    }
    not_phi_fields.sort_by_key(|f| f.to_ascii_lowercase());
    Inventory {
        objects,
        fields_reviewed: project.fields.len(),
        not_phi_fields,
    }
}
