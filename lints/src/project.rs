//! The project model: what the metadata of the whole project declares, merged once per run
//! from every parsed metadata file, before any rule runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use phi_lint_grammars::metadata::{CustomField, CustomObject, PermissionSet};

use crate::file::SourceFile;
use crate::finding::Location;
use crate::kind::SourceKind;

/// A field declared in the project's metadata.
#[derive(Debug, Clone)]
pub struct FieldDecl {
    /// The object's API name as written, e.g. `Patient__c`.
    pub object: String,
    /// The field's API name as written, e.g. `SSN__c`.
    pub name: String,
    pub meta: CustomField,
    /// Where the field is declared: its `<fullName>` element.
    pub location: Location,
}

impl FieldDecl {
    /// `Object.Field`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.object, self.name)
    }
}

/// An object declared in the project's metadata, or only named by its fields' folder.
#[derive(Debug, Clone)]
pub struct ObjectDecl {
    pub name: String,
    pub meta: Option<CustomObject>,
    pub location: Option<Location>,
    /// Indexes into [`Project::fields`], by lower-case field name.
    pub fields: BTreeMap<String, usize>,
}

/// Whether a permission holder is a profile or a permission set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HolderKind {
    PermissionSet,
    Profile,
}

/// A permission set or profile.
#[derive(Debug, Clone)]
pub struct PermissionHolder {
    pub name: String,
    pub kind: HolderKind,
    pub meta: PermissionSet,
    pub path: Arc<str>,
}

/// Where a field is declared, for a secondary label: its `<fullName>` line.
fn declared_span(field: &CustomField) -> std::ops::Range<usize> {
    field
        .full_name
        .as_ref()
        .map_or(field.span.start..field.span.start, |n| n.span.clone())
}

/// Everything the metadata declares, keyed case-insensitively as Salesforce does.
#[derive(Debug, Default)]
pub struct Project {
    pub fields: Vec<FieldDecl>,
    /// By lower-case API name.
    pub objects: BTreeMap<String, ObjectDecl>,
    pub permission_holders: Vec<PermissionHolder>,
    /// Static resources' content types (`application/zip`, `text/csv`...), by the
    /// lower-case path of the resource without extension (`.../staticresources/x`).
    static_resource_types: HashMap<String, String>,
    fields_by_path: HashMap<Arc<str>, Vec<usize>>,
}

impl Project {
    /// Builds the model from the project's parsed metadata files, in any order.
    pub fn build<'a>(files: impl IntoIterator<Item = &'a SourceFile>) -> Project {
        let mut project = Project::default();
        for file in files {
            project.add(file);
        }
        project
            .permission_holders
            .sort_by(|a, b| (&a.name, a.kind).cmp(&(&b.name, b.kind)));
        project
    }

    fn add(&mut self, file: &SourceFile) {
        let Some(doc) = file.xml() else { return };
        match file.kind {
            SourceKind::StaticResourceMeta => {
                if let Some(content_type) = doc.root.child_text("contentType") {
                    let content = file.path.trim_end_matches(".resource-meta.xml");
                    self.static_resource_types.insert(
                        content.to_ascii_lowercase(),
                        content_type.trim().to_ascii_lowercase(),
                    );
                }
            }
            SourceKind::CustomObject => {
                let name = file.stem().to_string();
                let mut meta = CustomObject::from_element(&doc.root);
                for field in std::mem::take(&mut meta.fields) {
                    let field_name = field
                        .full_name
                        .as_ref()
                        .map_or_else(String::new, |t| t.value.clone());
                    if !field_name.is_empty() {
                        let location = file.location(declared_span(&field));
                        self.add_field(&name, field_name, field, location);
                    }
                }
                let declared = meta
                    .label
                    .as_ref()
                    .map_or(meta.span.start..meta.span.start, |l| l.span.clone());
                let object = self.object_mut(&name);
                object.location = Some(file.location(declared));
                object.meta = Some(meta);
            }
            SourceKind::CustomField => {
                // objects/<Object>/fields/<Field>.field-meta.xml
                let mut folders = file.folders().rev();
                let (Some("fields"), Some(object)) = (folders.next(), folders.next()) else {
                    return;
                };
                let meta = CustomField::from_element(&doc.root);
                let name = meta
                    .full_name
                    .as_ref()
                    .map_or_else(|| file.stem().to_string(), |t| t.value.clone());
                let location = file.location(declared_span(&meta));
                self.add_field(object, name, meta, location);
            }
            SourceKind::PermissionSet | SourceKind::Profile => {
                let kind = if file.kind == SourceKind::Profile {
                    HolderKind::Profile
                } else {
                    HolderKind::PermissionSet
                };
                self.permission_holders.push(PermissionHolder {
                    name: file.stem().to_string(),
                    kind,
                    meta: PermissionSet::from_element(&doc.root),
                    path: file.path.clone(),
                });
            }
            _ => {}
        }
    }

    fn object_mut(&mut self, name: &str) -> &mut ObjectDecl {
        self.objects
            .entry(name.to_ascii_lowercase())
            .or_insert_with(|| ObjectDecl {
                name: name.to_string(),
                meta: None,
                location: None,
                fields: BTreeMap::new(),
            })
    }

    fn add_field(&mut self, object: &str, name: String, meta: CustomField, location: Location) {
        let index = self.fields.len();
        let path = location.path.clone();
        let object_name = self.object_mut(object).name.clone();
        let key = name.to_ascii_lowercase();
        self.fields.push(FieldDecl {
            object: object_name,
            name,
            meta,
            location,
        });
        self.object_mut(object).fields.insert(key, index);
        self.fields_by_path.entry(path).or_default().push(index);
    }

    pub fn object(&self, name: &str) -> Option<&ObjectDecl> {
        self.objects.get(&name.to_ascii_lowercase())
    }

    /// The field `object.field`, if the metadata declares it.
    pub fn field(&self, object: &str, field: &str) -> Option<&FieldDecl> {
        let index = *self
            .object(object)?
            .fields
            .get(&field.to_ascii_lowercase())?;
        self.fields.get(index)
    }

    /// The content type of the static resource whose content is the file at `path`, in
    /// lower case, when its `-meta.xml` declares one.
    pub fn static_resource_type(&self, path: &str) -> Option<&str> {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
        self.static_resource_types
            .get(&format!("{folder}/{stem}").to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The fields declared in the file at `path`, with their indexes.
    pub fn fields_in(&self, path: &str) -> impl Iterator<Item = (usize, &FieldDecl)> {
        self.fields_by_path
            .get(path)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.fields[i]))
    }
}
