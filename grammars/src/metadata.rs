//! Typed views of the metadata types phi-lint reads, taken from an [`XmlDocument`].
//!
//! Every value keeps the span of the element it came from. The same structs serve the SFDX
//! source format (`Patient__c.object-meta.xml` with `fields/*.field-meta.xml` beside it)
//! and the older Metadata API format (`Patient__c.object` with inline `<fields>`).

use std::ops::Range;

use crate::xml::XmlElement;

/// A text value from the XML and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    /// The span of the whole element, `<tag>value</tag>`.
    pub span: Range<usize>,
}

impl Text {
    pub fn is(&self, value: &str) -> bool {
        self.value.eq_ignore_ascii_case(value)
    }
}

fn text(el: &XmlElement, name: &str) -> Option<Text> {
    let child = el.child(name)?;
    (!child.text.is_empty()).then(|| Text {
        value: child.text.clone(),
        span: child.span.clone(),
    })
}

fn flag(el: &XmlElement, name: &str) -> bool {
    el.child_text(name)
        .is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

/// `CustomField`, as its own file or inline in an object.
#[derive(Debug, Clone, Default)]
pub struct CustomField {
    pub full_name: Option<Text>,
    pub label: Option<Text>,
    pub description: Option<Text>,
    pub field_type: Option<Text>,
    /// `encryptionScheme` (API 44+).
    pub encryption_scheme: Option<Text>,
    /// `encrypted`, the boolean of files older than API 44.
    pub encrypted: Option<Text>,
    pub compliance_group: Option<Text>,
    pub security_classification: Option<Text>,
    pub track_history: Option<Text>,
    pub formula: Option<Text>,
    pub mask_type: Option<Text>,
    /// For lookups and master-detail fields, the object referred to.
    pub reference_to: Option<Text>,
    pub span: Range<usize>,
}

impl CustomField {
    pub fn from_element(el: &XmlElement) -> Self {
        CustomField {
            full_name: text(el, "fullName"),
            label: text(el, "label"),
            description: text(el, "description"),
            field_type: text(el, "type"),
            encryption_scheme: text(el, "encryptionScheme"),
            encrypted: text(el, "encrypted"),
            compliance_group: text(el, "complianceGroup"),
            security_classification: text(el, "securityClassification"),
            track_history: text(el, "trackHistory"),
            formula: text(el, "formula"),
            mask_type: text(el, "maskType"),
            reference_to: text(el, "referenceTo"),
            span: el.span.clone(),
        }
    }

    /// Whether `trackHistory` is `true`.
    pub fn tracks_history(&self) -> bool {
        self.track_history.as_ref().is_some_and(|t| t.is("true"))
    }
}

/// `CustomObject`, with its inline fields in the Metadata API format.
#[derive(Debug, Clone, Default)]
pub struct CustomObject {
    pub label: Option<Text>,
    pub description: Option<Text>,
    pub sharing_model: Option<Text>,
    pub external_sharing_model: Option<Text>,
    pub enable_history: Option<Text>,
    pub external_data_source: Option<Text>,
    /// The object's name field (`<nameField>`), which has a label and a type.
    pub name_field: Option<CustomField>,
    /// Inline `<fields>`; empty in the SFDX source format.
    pub fields: Vec<CustomField>,
    pub span: Range<usize>,
}

impl CustomObject {
    pub fn from_element(el: &XmlElement) -> Self {
        CustomObject {
            label: text(el, "label"),
            description: text(el, "description"),
            sharing_model: text(el, "sharingModel"),
            external_sharing_model: text(el, "externalSharingModel"),
            enable_history: text(el, "enableHistory"),
            external_data_source: text(el, "externalDataSource"),
            name_field: el.child("nameField").map(CustomField::from_element),
            fields: el
                .children_named("fields")
                .map(CustomField::from_element)
                .collect(),
            span: el.span.clone(),
        }
    }
}

/// `<fieldPermissions>` of a permission set or profile.
#[derive(Debug, Clone)]
pub struct FieldPermission {
    /// `Object.Field`.
    pub field: Text,
    pub readable: bool,
    pub editable: bool,
    pub span: Range<usize>,
}

/// `<objectPermissions>` of a permission set or profile.
#[derive(Debug, Clone)]
pub struct ObjectPermission {
    pub object: Text,
    pub allow_read: bool,
    pub allow_edit: bool,
    pub allow_create: bool,
    pub allow_delete: bool,
    pub view_all_records: bool,
    pub modify_all_records: bool,
    pub view_all_fields: bool,
    pub span: Range<usize>,
}

/// `<userPermissions>`: a system permission such as `ViewAllData`.
#[derive(Debug, Clone)]
pub struct UserPermission {
    pub name: Text,
    pub enabled: bool,
    pub span: Range<usize>,
}

/// A `PermissionSet` or a `Profile`: the two share their permission elements.
#[derive(Debug, Clone, Default)]
pub struct PermissionSet {
    pub label: Option<Text>,
    pub description: Option<Text>,
    /// `license` of a permission set, `userLicense` of a profile.
    pub license: Option<Text>,
    pub field_permissions: Vec<FieldPermission>,
    pub object_permissions: Vec<ObjectPermission>,
    pub user_permissions: Vec<UserPermission>,
    pub span: Range<usize>,
}

impl PermissionSet {
    pub fn from_element(el: &XmlElement) -> Self {
        let mut set = PermissionSet {
            label: text(el, "label"),
            description: text(el, "description"),
            license: text(el, "license").or_else(|| text(el, "userLicense")),
            span: el.span.clone(),
            ..PermissionSet::default()
        };
        set.extend_from(el);
        set
    }

    /// Adds the permission elements found under `el`. Decomposed permission sets keep them
    /// in several files, each with its own root, and are merged this way.
    pub fn extend_from(&mut self, el: &XmlElement) {
        for fp in el.children_named("fieldPermissions") {
            if let Some(field) = text(fp, "field") {
                self.field_permissions.push(FieldPermission {
                    field,
                    readable: flag(fp, "readable"),
                    editable: flag(fp, "editable"),
                    span: fp.span.clone(),
                });
            }
        }
        for op in el.children_named("objectPermissions") {
            if let Some(object) = text(op, "object") {
                self.object_permissions.push(ObjectPermission {
                    object,
                    allow_read: flag(op, "allowRead"),
                    allow_edit: flag(op, "allowEdit"),
                    allow_create: flag(op, "allowCreate"),
                    allow_delete: flag(op, "allowDelete"),
                    view_all_records: flag(op, "viewAllRecords"),
                    modify_all_records: flag(op, "modifyAllRecords"),
                    view_all_fields: flag(op, "viewAllFields"),
                    span: op.span.clone(),
                });
            }
        }
        for up in el.children_named("userPermissions") {
            if let Some(name) = text(up, "name") {
                self.user_permissions.push(UserPermission {
                    name,
                    enabled: flag(up, "enabled"),
                    span: up.span.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml;

    #[test]
    fn reads_an_inline_object() {
        let doc = xml::parse(
            "<CustomObject><label>Patient</label><sharingModel>Read</sharingModel>\
             <nameField><label>Patient Name</label><type>Text</type></nameField>\
             <fields><fullName>SSN__c</fullName><type>Text</type><trackHistory>true</trackHistory></fields>\
             </CustomObject>",
        )
        .unwrap();
        let object = CustomObject::from_element(&doc.root);
        assert!(object.sharing_model.unwrap().is("read"));
        assert_eq!(object.fields.len(), 1);
        assert!(object.fields[0].tracks_history());
        assert_eq!(
            object.name_field.unwrap().label.unwrap().value,
            "Patient Name"
        );
    }
}
