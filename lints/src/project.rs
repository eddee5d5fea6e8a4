//! The project model: what the metadata of the whole project declares, merged once per run
//! from every parsed metadata file, before any rule runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use phi_lint_grammars::metadata::{CustomField, CustomObject, PermissionSet};

use crate::apex_signatures::{method_key, ApexMethod};
use crate::file::SourceFile;
use crate::finding::Location;
use crate::js::bindings::TemplateBinding;
use crate::kind::SourceKind;

/// A field declared in the project's metadata.
#[derive(Debug, Clone)]
pub struct FieldDecl {
    /// The object's API name as written, e.g. `Patient__c`.
    pub object: String,
    /// The field's API name as written, e.g. `SSN__c`.
    pub name: String,
    pub meta: CustomField,
    /// The field's element: the whole file in the SFDX layout, the `<fields>` element in
    /// the Metadata API layout.
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

/// Everything the metadata declares, keyed case-insensitively as Salesforce does.
#[derive(Debug, Default)]
pub struct Project {
    pub fields: Vec<FieldDecl>,
    /// By lower-case API name.
    pub objects: BTreeMap<String, ObjectDecl>,
    pub permission_holders: Vec<PermissionHolder>,
    /// The methods of the project's Apex classes, by `class.method` in lower case (see
    /// [`Project::add_apex_signatures`]); empty until the Apex files have been read.
    pub apex_methods: BTreeMap<String, ApexMethod>,
    /// For each LWC component, by lower-case folder name: the event handlers its template
    /// binds on elements with a bound value (see [`Project::add_template_bindings`]).
    pub lwc_bindings: BTreeMap<String, Vec<TemplateBinding>>,
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
            SourceKind::CustomObject => {
                let name = file.stem().to_string();
                let mut meta = CustomObject::from_element(&doc.root);
                for field in std::mem::take(&mut meta.fields) {
                    let field_name = field
                        .full_name
                        .as_ref()
                        .map_or_else(String::new, |t| t.value.clone());
                    if !field_name.is_empty() {
                        let location = file.location(field.span.clone());
                        self.add_field(&name, field_name, field, location);
                    }
                }
                let object = self.object_mut(&name);
                object.location = Some(file.location(meta.span.clone()));
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
                let location = file.location(meta.span.clone());
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

    /// The fields declared in the file at `path`, with their indexes.
    pub fn fields_in(&self, path: &str) -> impl Iterator<Item = (usize, &FieldDecl)> {
        self.fields_by_path
            .get(path)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.fields[i]))
    }

    /// Adds the signatures of one Apex class file's methods, read by
    /// [`crate::apex_signatures::apex_signatures`]. The pipeline calls this for every Apex
    /// class after linting the Apex files and before linting JavaScript, in any order of
    /// files. Of overloads, an `@AuraEnabled` one wins, else the first.
    pub fn add_apex_signatures(&mut self, methods: impl IntoIterator<Item = ApexMethod>) {
        for method in methods {
            match self.apex_methods.entry(method.key()) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(method);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    if method.aura_enabled && !slot.get().aura_enabled {
                        slot.insert(method);
                    }
                }
            }
        }
    }

    /// The Apex method `class.method`, compared case-insensitively.
    pub fn apex_method(&self, class: &str, method: &str) -> Option<&ApexMethod> {
        self.apex_methods.get(&method_key(class, method))
    }

    /// Adds the bindings of one LWC template, read by
    /// [`crate::js::bindings::template_bindings`], in the same phase as the Apex
    /// signatures: after templates are linted, before JavaScript is.
    pub fn add_template_bindings(&mut self, component: &str, bindings: Vec<TemplateBinding>) {
        self.lwc_bindings
            .entry(component.to_ascii_lowercase())
            .or_default()
            .extend(bindings);
    }

    /// The template bindings of the LWC component `component`.
    pub fn template_bindings(&self, component: &str) -> &[TemplateBinding] {
        self.lwc_bindings
            .get(&component.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }
}
