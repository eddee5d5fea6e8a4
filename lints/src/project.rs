//! The project model: what the metadata of the whole project declares, merged once per run
//! from every parsed metadata file, before any rule runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use phi_lint_grammars::metadata::{
    CustomField, CustomObject, CustomSite, ExternalDataSource, PermissionSet, PermissionSetGroup,
};

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
    /// Where the field is declared: its `<fullName>` element.
    pub location: Location,
}

/// Types that Shield Platform Encryption can encrypt (and Classic encrypted text).
pub const ENCRYPTABLE_TYPES: &[&str] = &[
    "Email",
    "Phone",
    "Text",
    "TextArea",
    "LongTextArea",
    "Html",
    "Url",
    "Date",
    "DateTime",
    "EncryptedText",
];

impl FieldDecl {
    /// `Object.Field`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.object, self.name)
    }

    /// Where a finding about the field as a whole goes: its `<fullName>` element.
    pub fn name_span(&self) -> std::ops::Range<usize> {
        self.meta
            .full_name
            .as_ref()
            .map_or(self.meta.span.clone(), |t| t.span.clone())
    }

    /// How the field is encrypted at rest, or `None` (the word) when it is not.
    pub fn encryption(&self) -> String {
        let meta = &self.meta;
        if let Some(scheme) = meta.encryption_scheme.as_ref().filter(|s| !s.is("None")) {
            return scheme.value.clone();
        }
        if meta
            .field_type
            .as_ref()
            .is_some_and(|t| t.is("EncryptedText"))
        {
            return "EncryptedText (Classic)".to_string();
        }
        if meta.encrypted.as_ref().is_some_and(|e| e.is("true")) {
            return "encrypted (before API 44)".to_string();
        }
        "None".to_string()
    }

    pub fn is_encrypted(&self) -> bool {
        self.encryption() != "None"
    }

    /// Whether the field's type can be encrypted at rest at all: formulas and most
    /// non-text types cannot.
    pub fn can_be_encrypted(&self) -> bool {
        self.meta.formula.is_none()
            && self
                .meta
                .field_type
                .as_ref()
                .is_none_or(|t| ENCRYPTABLE_TYPES.iter().any(|e| t.is(e)))
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HolderKind {
    PermissionSet,
    Profile,
}

/// A permission set or profile. A decomposed permission set, split over the files of its
/// folder, is merged into one holder.
#[derive(Debug, Clone)]
pub struct PermissionHolder {
    pub name: String,
    pub kind: HolderKind,
    /// Every permission of the holder, from all its files. Spans are relative to the file
    /// each element came from; rules that point at an element read their own file.
    pub meta: PermissionSet,
    /// The main file: `X.permissionset-meta.xml` when there is one, else the first read.
    pub path: Arc<str>,
    /// Every file the holder was read from, `path` included.
    pub paths: Vec<Arc<str>>,
}

impl PermissionHolder {
    /// The label when there is one (permission sets have labels), else the API name.
    pub fn display_name(&self) -> &str {
        self.meta
            .label
            .as_ref()
            .map_or(self.name.as_str(), |l| l.value.as_str())
    }

    /// "Permission set `Care Coordinator`", "Profile `Clinic Guest`".
    pub fn title(&self) -> String {
        match self.kind {
            HolderKind::PermissionSet => format!("Permission set `{}`", self.display_name()),
            HolderKind::Profile => format!("Profile `{}`", self.display_name()),
        }
    }
}

/// A permission set group, as declared.
#[derive(Debug, Clone)]
pub struct GroupDecl {
    pub name: String,
    pub meta: PermissionSetGroup,
    pub path: Arc<str>,
}

impl GroupDecl {
    /// The label when there is one, else the API name.
    pub fn display_name(&self) -> &str {
        self.meta
            .label
            .as_ref()
            .map_or(self.name.as_str(), |l| l.value.as_str())
    }
}

/// A site and the guest profile its unauthenticated visitors get.
#[derive(Debug, Clone)]
pub struct SiteDecl {
    pub name: String,
    pub meta: CustomSite,
    pub path: Arc<str>,
}

/// An external data source, for the external objects that name it.
#[derive(Debug, Clone)]
pub struct DataSourceDecl {
    pub name: String,
    pub meta: ExternalDataSource,
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
    pub permission_set_groups: Vec<GroupDecl>,
    /// Muting permission sets, by lower-case name.
    pub muting_permission_sets: BTreeMap<String, PermissionSet>,
    pub sites: Vec<SiteDecl>,
    /// By lower-case name.
    pub data_sources: BTreeMap<String, DataSourceDecl>,
    /// The methods of the project's Apex classes, by `class.method` in lower case (see
    /// [`Project::add_apex_signatures`]); empty until the Apex files have been read.
    pub apex_methods: BTreeMap<String, ApexMethod>,
    /// For each LWC component, by lower-case folder name: the event handlers its template
    /// binds on elements with a bound value (see [`Project::add_template_bindings`]).
    pub lwc_bindings: BTreeMap<String, Vec<TemplateBinding>>,
    /// Static resources' content types (`application/zip`, `text/csv`...), by the
    /// lower-case path of the resource without extension (`.../staticresources/x`).
    static_resource_types: HashMap<String, String>,
    fields_by_path: HashMap<Arc<str>, Vec<usize>>,
    /// `(kind, lower-case name)` → index into `permission_holders`.
    holder_index: HashMap<(HolderKind, String), usize>,
    /// File path → index into `permission_holders`.
    holder_by_path: HashMap<Arc<str>, usize>,
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
        project.holder_index = project
            .permission_holders
            .iter()
            .enumerate()
            .map(|(i, h)| ((h.kind, holder_key(&h.name)), i))
            .collect();
        project.holder_by_path = project
            .permission_holders
            .iter()
            .enumerate()
            .flat_map(|(i, h)| h.paths.iter().map(move |p| (p.clone(), i)))
            .collect();
        project
            .permission_set_groups
            .sort_by(|a, b| a.name.cmp(&b.name));
        project.sites.sort_by(|a, b| a.name.cmp(&b.name));
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
                let part = (kind == HolderKind::PermissionSet)
                    .then(|| crate::kind::decomposed_permission_set_name(&file.path))
                    .flatten();
                let name = part.unwrap_or_else(|| file.stem()).to_string();
                let key = (kind, holder_key(&name));
                match self.holder_index.get(&key) {
                    Some(&i) => {
                        let holder = &mut self.permission_holders[i];
                        holder.meta.extend_from_part(&doc.root);
                        holder.paths.push(file.path.clone());
                        if is_main_permission_set_file(file) {
                            holder.path = file.path.clone();
                        }
                    }
                    None => {
                        let meta = if part.is_some() {
                            let mut meta = PermissionSet::default();
                            meta.extend_from_part(&doc.root);
                            meta
                        } else {
                            PermissionSet::from_element(&doc.root)
                        };
                        self.holder_index.insert(key, self.permission_holders.len());
                        self.permission_holders.push(PermissionHolder {
                            name,
                            kind,
                            meta,
                            path: file.path.clone(),
                            paths: vec![file.path.clone()],
                        });
                    }
                }
            }
            SourceKind::PermissionSetGroup => self.permission_set_groups.push(GroupDecl {
                name: file.stem().to_string(),
                meta: PermissionSetGroup::from_element(&doc.root),
                path: file.path.clone(),
            }),
            SourceKind::MutingPermissionSet => {
                self.muting_permission_sets.insert(
                    file.stem().to_ascii_lowercase(),
                    PermissionSet::from_element(&doc.root),
                );
            }
            SourceKind::CustomSite => self.sites.push(SiteDecl {
                name: file.stem().to_string(),
                meta: CustomSite::from_element(&doc.root),
                path: file.path.clone(),
            }),
            SourceKind::ExternalDataSource => {
                self.data_sources.insert(
                    file.stem().to_ascii_lowercase(),
                    DataSourceDecl {
                        name: file.stem().to_string(),
                        meta: ExternalDataSource::from_element(&doc.root),
                        path: file.path.clone(),
                    },
                );
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
        with_lowercase(name, |key| self.objects.get(key))
    }

    /// The field `object.field`, if the metadata declares it.
    pub fn field(&self, object: &str, field: &str) -> Option<&FieldDecl> {
        self.fields.get(self.field_index(object, field)?)
    }

    /// Where the field `object.field` is in [`Project::fields`], if the metadata declares
    /// it.
    pub fn field_index(&self, object: &str, field: &str) -> Option<usize> {
        let fields = &self.object(object)?.fields;
        with_lowercase(field, |key| fields.get(key).copied())
    }

    /// The permission set or profile called `name`.
    pub fn holder(&self, kind: HolderKind, name: &str) -> Option<&PermissionHolder> {
        let &i = self.holder_index.get(&(kind, holder_key(name)))?;
        self.permission_holders.get(i)
    }

    /// The permission set or profile that the file at `path` belongs to.
    pub fn holder_of(&self, path: &str) -> Option<&PermissionHolder> {
        let &i = self.holder_by_path.get(path)?;
        self.permission_holders.get(i)
    }

    /// The permission set group declared in the file at `path`.
    pub fn group_at(&self, path: &str) -> Option<&GroupDecl> {
        self.permission_set_groups.iter().find(|g| &*g.path == path)
    }

    /// The sites whose guest user gets the profile called `profile`.
    pub fn sites_with_guest_profile<'p>(
        &'p self,
        profile: &'p str,
    ) -> impl Iterator<Item = &'p SiteDecl> + 'p {
        let key = holder_key(profile);
        self.sites.iter().filter(move |s| {
            s.meta
                .guest_profile
                .as_ref()
                .is_some_and(|g| holder_key(&g.value) == key)
        })
    }

    /// The external data source called `name`.
    pub fn data_source(&self, name: &str) -> Option<&DataSourceDecl> {
        self.data_sources.get(&name.to_ascii_lowercase())
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

/// How permission sets and profiles are matched by name: case-insensitively, with the
/// `%XX` escapes that retrieved profile file names carry (`Custom%3A Sales Profile`)
/// decoded.
fn holder_key(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).to_lowercase()
}

/// Whether `file` is the `X.permissionset-meta.xml` of a decomposed set's folder.
fn is_main_permission_set_file(file: &SourceFile) -> bool {
    let name = file.file_name().to_ascii_lowercase();
    name.ends_with(".permissionset-meta.xml") || name.ends_with(".permissionset")
}

/// Runs `f` on `name` in ASCII lower case, the form the project's maps are keyed by,
/// without allocating for a name of ordinary length: rules look names up in their
/// inner loops.
fn with_lowercase<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(name);
    }
    let mut buffer = [0u8; 96];
    match buffer.get_mut(..name.len()) {
        Some(lower) => {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            // Changing the case of ASCII letters keeps UTF-8 valid.
            match std::str::from_utf8(lower) {
                Ok(lower) => f(lower),
                Err(_) => f(&name.to_ascii_lowercase()),
            }
        }
        None => f(&name.to_ascii_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
        list.iter()
            .map(|(path, text)| {
                let kind = SourceKind::from_path(path).unwrap();
                SourceFile::parse(Arc::from(*path), kind, text.to_string())
            })
            .collect()
    }

    #[test]
    fn merges_a_decomposed_permission_set() {
        let files = files(&[
            (
                "p/permissionsets/Care/objectSettings/Patient__c.objectSettings-meta.xml",
                "<PermissionSet><objectPermissions><object>Patient__c</object><viewAllRecords>true</viewAllRecords></objectPermissions></PermissionSet>",
            ),
            (
                "p/permissionsets/Care/Care.permissionset-meta.xml",
                "<PermissionSet><label>Care Team</label></PermissionSet>",
            ),
            (
                "p/permissionsets/Care/Care.userPermissions-meta.xml",
                "<PermissionSet><userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions></PermissionSet>",
            ),
        ]);
        let project = Project::build(&files);
        assert_eq!(project.permission_holders.len(), 1);
        let care = project.holder(HolderKind::PermissionSet, "care").unwrap();
        assert_eq!(care.meta.label.as_ref().unwrap().value, "Care Team");
        assert!(care.path.ends_with("Care.permissionset-meta.xml"));
        assert_eq!(care.meta.object_permissions.len(), 1);
        assert!(care.meta.user_permission("ViewAllData").is_some());
        assert_eq!(care.paths.len(), 3);
        assert!(project.holder_of(&files[2].path).is_some());
    }

    #[test]
    fn finds_guest_profiles_by_escaped_name() {
        let files = files(&[(
            "p/sites/Portal.site-meta.xml",
            "<CustomSite><guestProfile>Portal: Guest</guestProfile></CustomSite>",
        )]);
        let project = Project::build(&files);
        assert_eq!(
            project.sites_with_guest_profile("Portal%3A Guest").count(),
            1
        );
        assert_eq!(project.sites_with_guest_profile("Portal").count(), 0);
    }
}
