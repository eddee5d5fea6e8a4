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
    /// `List` or `Hierarchy` for a custom setting, whose records are configuration.
    pub custom_settings_type: Option<Text>,
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
            custom_settings_type: text(el, "customSettingsType"),
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

impl PermissionSet {
    /// Adds one file of a decomposed permission set. Its root is normally a
    /// `<PermissionSet>` holding some of the permission elements (the `objectSettings/`
    /// and `<Name>.userPermissions-meta.xml` files of the SFDX decomposition); some tools
    /// write one file per entry whose root is the entry itself (`<fieldPermissions>`).
    pub fn extend_from_part(&mut self, root: &XmlElement) {
        if PERMISSION_ELEMENTS.contains(&root.name.as_str()) {
            let wrapper = XmlElement {
                children: vec![root.clone()],
                ..XmlElement::default()
            };
            self.extend_from(&wrapper);
        } else {
            if self.label.is_none() {
                self.label = text(root, "label");
            }
            if self.description.is_none() {
                self.description = text(root, "description");
            }
            if self.license.is_none() {
                self.license = text(root, "license").or_else(|| text(root, "userLicense"));
            }
            self.extend_from(root);
        }
    }

    /// The enabled system permission called `name`, if any.
    pub fn user_permission(&self, name: &str) -> Option<&UserPermission> {
        self.user_permissions
            .iter()
            .find(|p| p.enabled && p.name.is(name))
    }
}

/// The element names that carry permissions in a permission set or profile.
const PERMISSION_ELEMENTS: &[&str] = &["fieldPermissions", "objectPermissions", "userPermissions"];

/// `PermissionSetGroup`: permission sets bundled for assignment, minus what its muting
/// permission sets take away.
#[derive(Debug, Clone, Default)]
pub struct PermissionSetGroup {
    pub label: Option<Text>,
    pub description: Option<Text>,
    /// `<permissionSets>`, one per member set, by API name.
    pub permission_sets: Vec<Text>,
    /// `<mutingPermissionSets>`.
    pub muting_permission_sets: Vec<Text>,
    pub span: Range<usize>,
}

impl PermissionSetGroup {
    pub fn from_element(el: &XmlElement) -> Self {
        PermissionSetGroup {
            label: text(el, "label"),
            description: text(el, "description"),
            permission_sets: texts(el, "permissionSets"),
            muting_permission_sets: texts(el, "mutingPermissionSets"),
            span: el.span.clone(),
        }
    }
}

fn texts(el: &XmlElement, name: &str) -> Vec<Text> {
    el.children_named(name)
        .filter(|c| !c.text.is_empty())
        .map(|c| Text {
            value: c.text.clone(),
            span: c.span.clone(),
        })
        .collect()
}

/// The session part of `SecuritySettings` (`settings/Security.settings`).
#[derive(Debug, Clone, Default)]
pub struct SessionSettings {
    /// `sessionTimeout`: `FifteenMinutes` ... `TwentyFourHours`.
    pub session_timeout: Option<Text>,
    pub force_logout_on_session_timeout: Option<Text>,
    /// The `<sessionSettings>` element.
    pub span: Range<usize>,
}

impl SessionSettings {
    /// The timeout in minutes, for the values the Metadata API defines.
    pub fn timeout_minutes(&self) -> Option<u32> {
        let value = self.session_timeout.as_ref()?;
        const VALUES: &[(&str, u32)] = &[
            ("FifteenMinutes", 15),
            ("ThirtyMinutes", 30),
            ("SixtyMinutes", 60),
            ("NinetyMinutes", 90),
            ("TwoHours", 120),
            ("FourHours", 240),
            ("EightHours", 480),
            ("TwelveHours", 720),
            ("TwentyFourHours", 1440),
        ];
        VALUES
            .iter()
            .find(|(name, _)| value.is(name))
            .map(|&(_, minutes)| minutes)
    }
}

/// `SecuritySettings`, the root of `Security.settings`.
#[derive(Debug, Clone, Default)]
pub struct SecuritySettings {
    pub session: Option<SessionSettings>,
    pub span: Range<usize>,
}

impl SecuritySettings {
    /// `None` unless `el` is a `<SecuritySettings>` root.
    pub fn from_element(el: &XmlElement) -> Option<Self> {
        (el.name == "SecuritySettings").then(|| SecuritySettings {
            session: el.child("sessionSettings").map(|s| SessionSettings {
                session_timeout: text(s, "sessionTimeout"),
                force_logout_on_session_timeout: text(s, "forceLogoutOnSessionTimeout"),
                span: s.span.clone(),
            }),
            span: el.span.clone(),
        })
    }
}

/// `ConnectedApp`, with the parts of its `oauthConfig` that decide what a token can do.
#[derive(Debug, Clone, Default)]
pub struct ConnectedApp {
    pub label: Option<Text>,
    /// `oauthConfig/scopes`, in document order.
    pub scopes: Vec<Text>,
    /// `isAdminApproved`, read from `oauthConfig` (or the root, where older files keep it).
    pub is_admin_approved: bool,
    /// `oauthPolicy/refreshTokenPolicy`: `infinite`, `zero`, `specific_lifetime`, ...
    pub refresh_token_policy: Option<Text>,
    /// The `<oauthConfig>` element, when there is one.
    pub oauth_span: Option<Range<usize>>,
    pub span: Range<usize>,
}

impl ConnectedApp {
    pub fn from_element(el: &XmlElement) -> Self {
        let oauth = el.child("oauthConfig");
        ConnectedApp {
            label: text(el, "label"),
            scopes: oauth.map(|o| texts(o, "scopes")).unwrap_or_default(),
            is_admin_approved: oauth.is_some_and(|o| flag(o, "isAdminApproved"))
                || flag(el, "isAdminApproved"),
            refresh_token_policy: el
                .child("oauthPolicy")
                .and_then(|p| text(p, "refreshTokenPolicy")),
            oauth_span: oauth.map(|o| o.span.clone()),
            span: el.span.clone(),
        }
    }

    /// The `<scopes>` element asking for `name` (`RefreshToken`), if any. The OAuth
    /// spelling (`refresh_token`) and several scopes in one element are accepted too.
    pub fn scope(&self, name: &str) -> Option<&Text> {
        let wanted = scope_key(name);
        self.scopes
            .iter()
            .find(|s| s.value.split_whitespace().any(|v| scope_key(v) == wanted))
    }
}

fn scope_key(scope: &str) -> String {
    scope
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `RemoteSiteSetting`.
#[derive(Debug, Clone, Default)]
pub struct RemoteSiteSetting {
    pub url: Option<Text>,
    /// `isActive`; a missing element counts as active.
    pub is_active: bool,
    pub disable_protocol_security: Option<Text>,
    pub span: Range<usize>,
}

impl RemoteSiteSetting {
    pub fn from_element(el: &XmlElement) -> Self {
        RemoteSiteSetting {
            url: text(el, "url"),
            is_active: el
                .child_text("isActive")
                .is_none_or(|t| !t.eq_ignore_ascii_case("false")),
            disable_protocol_security: text(el, "disableProtocolSecurity"),
            span: el.span.clone(),
        }
    }
}

/// `NamedCredential`: a legacy one with its own `endpoint`, or one of API 56+ whose URL is a
/// `namedCredentialParameters` entry of type `Url`.
#[derive(Debug, Clone, Default)]
pub struct NamedCredential {
    pub label: Option<Text>,
    /// Every URL the credential calls: `endpoint` and the `Url` parameters' values.
    pub urls: Vec<Text>,
    pub principal_type: Option<Text>,
    pub protocol: Option<Text>,
    pub span: Range<usize>,
}

impl NamedCredential {
    pub fn from_element(el: &XmlElement) -> Self {
        let mut urls: Vec<Text> = text(el, "endpoint").into_iter().collect();
        for param in el.children_named("namedCredentialParameters") {
            let is_url = param
                .child_text("parameterType")
                .is_some_and(|t| t.eq_ignore_ascii_case("Url"));
            if let (true, Some(value)) = (is_url, text(param, "parameterValue")) {
                urls.push(value);
            }
        }
        NamedCredential {
            label: text(el, "label"),
            urls,
            principal_type: text(el, "principalType"),
            protocol: text(el, "protocol"),
            span: el.span.clone(),
        }
    }
}

/// `CspTrustedSite`.
#[derive(Debug, Clone, Default)]
pub struct CspTrustedSite {
    pub endpoint_url: Option<Text>,
    /// `isActive`; a missing element counts as active.
    pub is_active: bool,
    pub span: Range<usize>,
}

impl CspTrustedSite {
    pub fn from_element(el: &XmlElement) -> Self {
        CspTrustedSite {
            endpoint_url: text(el, "endpointUrl"),
            is_active: el
                .child_text("isActive")
                .is_none_or(|t| !t.eq_ignore_ascii_case("false")),
            span: el.span.clone(),
        }
    }
}

/// `ExternalDataSource`, the source of external objects (`__x`).
#[derive(Debug, Clone, Default)]
pub struct ExternalDataSource {
    pub label: Option<Text>,
    /// `type`: `OData`, `OData4`, `SimpleURL`, ...
    pub source_type: Option<Text>,
    /// A URL, or `callout:Name/...` through a named credential.
    pub endpoint: Option<Text>,
    /// `Anonymous`, `PerUser`, `NamedUser`.
    pub principal_type: Option<Text>,
    /// `NoAuthentication`, `Oauth`, `Password`.
    pub protocol: Option<Text>,
    pub is_writable: bool,
    pub span: Range<usize>,
}

impl ExternalDataSource {
    pub fn from_element(el: &XmlElement) -> Self {
        ExternalDataSource {
            label: text(el, "label"),
            source_type: text(el, "type"),
            endpoint: text(el, "endpoint"),
            principal_type: text(el, "principalType"),
            protocol: text(el, "protocol"),
            is_writable: flag(el, "isWritable"),
            span: el.span.clone(),
        }
    }

    /// The element that lets anyone in, `principalType` `Anonymous` or `protocol`
    /// `NoAuthentication`, if either does.
    pub fn anonymous(&self) -> Option<&Text> {
        self.protocol
            .as_ref()
            .filter(|p| p.is("NoAuthentication"))
            .or(self.principal_type.as_ref().filter(|p| p.is("Anonymous")))
    }
}

/// What a flow's record element does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowRecordAction {
    Lookup,
    Create,
    Update,
    Delete,
}

impl FlowRecordAction {
    const ELEMENTS: &'static [(&'static str, FlowRecordAction)] = &[
        ("recordLookups", FlowRecordAction::Lookup),
        ("recordCreates", FlowRecordAction::Create),
        ("recordUpdates", FlowRecordAction::Update),
        ("recordDeletes", FlowRecordAction::Delete),
    ];

    /// A verb for messages: "looks up", "creates", ...
    pub fn verb(self) -> &'static str {
        match self {
            FlowRecordAction::Lookup => "looks up",
            FlowRecordAction::Create => "creates",
            FlowRecordAction::Update => "updates",
            FlowRecordAction::Delete => "deletes",
        }
    }
}

/// A `recordLookups`, `recordCreates`, `recordUpdates` or `recordDeletes` element.
#[derive(Debug, Clone)]
pub struct FlowRecordElement {
    pub action: FlowRecordAction,
    pub name: Option<Text>,
    /// The object, from `<object>` or, for elements that work on a record variable
    /// (`inputReference`), from that variable's `objectType`.
    pub object: Option<Text>,
    pub span: Range<usize>,
}

/// `Flow`: how it runs, and which records it reads and writes.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    pub label: Option<Text>,
    /// `runInMode`: `DefaultMode`, `SystemModeWithSharing`, `SystemModeWithoutSharing`.
    pub run_in_mode: Option<Text>,
    pub record_elements: Vec<FlowRecordElement>,
    pub span: Range<usize>,
}

impl Flow {
    pub fn from_element(el: &XmlElement) -> Self {
        let variable_type = |name: &str| {
            el.children_named("variables")
                .find(|v| {
                    v.child_text("name")
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .and_then(|v| text(v, "objectType"))
        };
        let mut record_elements = Vec::new();
        for child in &el.children {
            let Some(&(_, action)) = FlowRecordAction::ELEMENTS
                .iter()
                .find(|(name, _)| child.name == *name)
            else {
                continue;
            };
            let object = text(child, "object").or_else(|| {
                let reference = child.child_text("inputReference")?;
                // `$Record` is the record that triggered the flow.
                let mut found = if reference.eq_ignore_ascii_case("$Record") {
                    el.child("start").and_then(|s| text(s, "object"))?
                } else {
                    variable_type(reference)?
                };
                // Point at the element's own reference, not at the variable.
                found.span = child.child("inputReference")?.span.clone();
                Some(found)
            });
            record_elements.push(FlowRecordElement {
                action,
                name: text(child, "name"),
                object,
                span: child.span.clone(),
            });
        }
        Flow {
            label: text(el, "label"),
            run_in_mode: text(el, "runInMode"),
            record_elements,
            span: el.span.clone(),
        }
    }
}

/// `CustomSite`: a Salesforce Site or the site of an Experience Cloud community.
#[derive(Debug, Clone, Default)]
pub struct CustomSite {
    pub label: Option<Text>,
    /// The profile of the site's unauthenticated guest user.
    pub guest_profile: Option<Text>,
    pub active: bool,
    pub span: Range<usize>,
}

impl CustomSite {
    pub fn from_element(el: &XmlElement) -> Self {
        CustomSite {
            label: text(el, "label"),
            guest_profile: text(el, "guestProfile"),
            active: flag(el, "active"),
            span: el.span.clone(),
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

    fn root(text: &str) -> XmlElement {
        xml::parse(text).unwrap().root
    }

    #[test]
    fn reads_session_settings_only_from_security_settings() {
        let text = "<SecuritySettings><sessionSettings><sessionTimeout>TwoHours</sessionTimeout></sessionSettings></SecuritySettings>";
        let settings = SecuritySettings::from_element(&root(text)).unwrap();
        let session = settings.session.unwrap();
        assert_eq!(session.timeout_minutes(), Some(120));
        assert!(session.force_logout_on_session_timeout.is_none());
        assert!(SecuritySettings::from_element(&root("<OrgSettings/>")).is_none());
    }

    #[test]
    fn reads_connected_app_scopes() {
        let app = ConnectedApp::from_element(&root(
            "<ConnectedApp><oauthConfig><isAdminApproved>true</isAdminApproved><scopes>Api</scopes><scopes>RefreshToken</scopes></oauthConfig></ConnectedApp>",
        ));
        assert!(app.is_admin_approved);
        assert!(app.scope("refreshtoken").is_some());
        assert!(app.scope("Full").is_none());
        let spaced = ConnectedApp::from_element(&root(
            "<ConnectedApp><oauthConfig><scopes>api refresh_token</scopes></oauthConfig></ConnectedApp>",
        ));
        assert!(spaced.scope("Api").is_some() && spaced.scope("RefreshToken").is_some());
    }

    #[test]
    fn reads_every_url_of_a_named_credential() {
        let credential = NamedCredential::from_element(&root(
            "<NamedCredential><endpoint>http://a</endpoint><namedCredentialParameters><parameterType>Url</parameterType><parameterValue>https://b</parameterValue></namedCredentialParameters><namedCredentialParameters><parameterType>HttpHeader</parameterType><parameterValue>http://c</parameterValue></namedCredentialParameters></NamedCredential>",
        ));
        let urls: Vec<&str> = credential.urls.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(urls, ["http://a", "https://b"]);
    }

    #[test]
    fn resolves_the_objects_of_flow_record_elements() {
        let flow = Flow::from_element(&root(
            "<Flow><recordUpdates><name>A</name><inputReference>$Record</inputReference></recordUpdates>\
             <recordCreates><inputReference>rec</inputReference></recordCreates>\
             <recordLookups><object>Task</object></recordLookups>\
             <recordDeletes><inputReference>unknown</inputReference></recordDeletes>\
             <start><object>Patient__c</object></start>\
             <variables><name>rec</name><objectType>Visit__c</objectType></variables></Flow>",
        ));
        let objects: Vec<Option<&str>> = flow
            .record_elements
            .iter()
            .map(|e| e.object.as_ref().map(|o| o.value.as_str()))
            .collect();
        assert_eq!(
            objects,
            [Some("Patient__c"), Some("Visit__c"), Some("Task"), None]
        );
        assert_eq!(flow.record_elements[0].action, FlowRecordAction::Update);
    }

    #[test]
    fn knows_anonymous_data_sources() {
        let open = ExternalDataSource::from_element(&root(
            "<ExternalDataSource><principalType>Anonymous</principalType></ExternalDataSource>",
        ));
        assert_eq!(open.anonymous().unwrap().value, "Anonymous");
        let closed = ExternalDataSource::from_element(&root(
            "<ExternalDataSource><principalType>PerUser</principalType><protocol>Oauth</protocol></ExternalDataSource>",
        ));
        assert!(closed.anonymous().is_none());
    }

    #[test]
    fn merges_decomposed_permission_set_parts() {
        let mut set = PermissionSet::default();
        set.extend_from_part(&root(
            "<PermissionSet><label>Care</label><userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions></PermissionSet>",
        ));
        set.extend_from_part(&root(
            "<fieldPermissions><field>Patient__c.SSN__c</field><readable>true</readable></fieldPermissions>",
        ));
        assert_eq!(set.label.as_ref().unwrap().value, "Care");
        assert!(set.user_permission("viewalldata").is_some());
        assert!(set.field_permissions[0].readable);
        let group = PermissionSetGroup::from_element(&root(
            "<PermissionSetGroup><permissionSets>Care</permissionSets><mutingPermissionSets>M</mutingPermissionSets></PermissionSetGroup>",
        ));
        assert_eq!(group.permission_sets.len(), 1);
        assert_eq!(group.muting_permission_sets[0].value, "M");
    }
}
