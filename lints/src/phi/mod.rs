//! The PHI model: which objects and fields hold protected health information, and why.
//!
//! It is decided once per run from the project model and the configuration. Evidence is
//! weighed strongest first: the configuration, the field's own compliance metadata, the
//! list of standard and Health Cloud data, then the dictionary. Every verdict keeps its
//! reasons, so that a finding can say why the data counts as PHI.

pub mod dictionary;
pub mod standard;
pub mod tokens;

use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;

use crate::project::{FieldDecl, Project};
use crate::settings::PhiSettings;
use dictionary::{Dictionary, TermMatch};

/// Whether `field` is a custom field (`__c`, or a person account's `__pc`).
fn is_custom(field: &str) -> bool {
    let lower = field.to_ascii_lowercase();
    lower.ends_with("__c") || lower.ends_with("__pc")
}

/// Where in a declaration the dictionary matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Name,
    Label,
    Description,
}

impl Place {
    fn noun(self) -> &'static str {
        match self {
            Place::Name => "name",
            Place::Label => "label",
            Place::Description => "description",
        }
    }
}

/// One piece of evidence for, or against, a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// `[phi]` in the configuration lists it as PHI.
    Configured,
    /// `[phi]` in the configuration lists it as not PHI; this wins over everything else.
    ConfiguredNotPhi,
    /// Its `complianceGroup` includes HIPAA or PHI.
    ComplianceGroup(String),
    /// It is classified `Restricted` or `MissionCritical` and the dictionary matches it.
    Classified { level: String, term: TermMatch },
    /// A standard field that holds an identifier.
    StandardField(&'static str),
    /// A field of a Health Cloud clinical object, or that object.
    ClinicalObject(String),
    /// The dictionary matches its name, label or description.
    Dictionary { place: Place, term: TermMatch },
    /// An object whose name field names a person.
    NameField(String),
    /// An object with PHI fields.
    HasPhiFields(Vec<String>),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Configured => write!(f, "the configuration lists it as PHI"),
            Reason::ConfiguredNotPhi => write!(f, "the configuration lists it as not PHI"),
            Reason::ComplianceGroup(group) => write!(f, "its compliance group is {group}"),
            Reason::Classified { level, term } => write!(
                f,
                "it is classified {level} and its name matches the {} *{}*",
                term.class.noun(),
                term.what
            ),
            Reason::StandardField(what) => write!(f, "it is a standard field that holds {what}"),
            Reason::ClinicalObject(object) => {
                write!(f, "`{object}` is a Health Cloud clinical object")
            }
            Reason::Dictionary { place, term } => write!(
                f,
                "its {} matches the {} *{}*",
                place.noun(),
                term.class.noun(),
                term.what
            ),
            Reason::NameField(label) => write!(f, "its name field, *{label}*, names a person"),
            Reason::HasPhiFields(fields) => {
                let shown: Vec<String> = fields.iter().take(3).map(|f| format!("`{f}`")).collect();
                let more = fields.len().saturating_sub(3);
                write!(f, "it has PHI fields ({}", shown.join(", "))?;
                if more > 0 {
                    write!(f, " and {more} more")?;
                }
                write!(f, ")")
            }
        }
    }
}

/// Whether something is PHI, and the evidence, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub phi: bool,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    fn from_reasons(reasons: Vec<Reason>) -> Verdict {
        let phi = !reasons.is_empty() && !reasons.contains(&Reason::ConfiguredNotPhi);
        Verdict { phi, reasons }
    }

    /// The strongest reason, as a clause: "its name matches the identifier *ssn*".
    pub fn why(&self) -> String {
        self.reasons
            .first()
            .map_or_else(|| "nothing marks it as PHI".to_string(), |r| r.to_string())
    }
}

/// A PHI field as code sees it: declared in the metadata, or known by name only.
#[derive(Debug, Clone)]
pub struct PhiField<'m> {
    /// `Object.Field` when the object is known, else the field name.
    pub name: String,
    pub verdict: std::borrow::Cow<'m, Verdict>,
    /// The declaration, when the project has one.
    pub decl: Option<&'m FieldDecl>,
}

impl PhiField<'_> {
    /// "`Patient__c.SSN__c` is PHI: its name matches the identifier *social security number*".
    pub fn because(&self) -> String {
        format!("`{}` is PHI: {}", self.name, self.verdict.why())
    }
}

/// The verdict on every declared object and field, and the means to judge fields that code
/// names but the metadata does not declare.
#[derive(Debug)]
pub struct PhiModel {
    dictionary: Dictionary,
    /// Parallel to [`Project::fields`].
    fields: Vec<Verdict>,
    /// By lower-case object name: every declared object and every configured one.
    objects: HashMap<String, Verdict>,
    /// Lower-case field name → indexes of declared PHI fields of that name.
    phi_by_field_name: HashMap<String, Vec<usize>>,
    configured_fields: HashMap<String, bool>,
    configured_objects: HashMap<String, bool>,
    /// Lower-case names of custom metadata types and custom settings.
    configuration_objects: std::collections::HashSet<String>,
}

impl PhiModel {
    pub fn build(project: &Project, settings: &PhiSettings) -> PhiModel {
        let dictionary = Dictionary::new(&settings.terms);
        let lower = |list: &[String], phi: bool| {
            list.iter()
                .map(|name| (name.to_ascii_lowercase(), phi))
                .collect::<Vec<_>>()
        };
        // "Not PHI" is inserted last so that it wins when a name is in both lists.
        let configured_fields: HashMap<String, bool> = lower(&settings.fields, true)
            .into_iter()
            .chain(lower(&settings.not_fields, false))
            .collect();
        let configured_objects: HashMap<String, bool> = lower(&settings.objects, true)
            .into_iter()
            .chain(lower(&settings.not_objects, false))
            .collect();
        let configuration_objects = project
            .objects
            .iter()
            .filter(|(key, object)| {
                key.ends_with("__mdt")
                    || object
                        .meta
                        .as_ref()
                        .is_some_and(|m| m.custom_settings_type.is_some())
            })
            .map(|(key, _)| key.clone())
            .collect();
        let mut model = PhiModel {
            configuration_objects,
            dictionary,
            fields: Vec::new(),
            objects: HashMap::new(),
            phi_by_field_name: HashMap::new(),
            configured_fields,
            configured_objects,
        };

        // Each field is judged on its own, so they are judged in parallel, in order.
        let fields = project
            .fields
            .par_iter()
            .map(|field| model.judge_declared_field(field))
            .collect();
        model.fields = fields;
        for (index, field) in project.fields.iter().enumerate() {
            if model.fields[index].phi {
                model
                    .phi_by_field_name
                    .entry(field.name.to_ascii_lowercase())
                    .or_default()
                    .push(index);
            }
        }
        for (key, object) in &project.objects {
            let phi_fields: Vec<String> = object
                .fields
                .values()
                .filter(|&&i| model.fields[i].phi)
                .map(|&i| project.fields[i].name.clone())
                .collect();
            let verdict = model.judge_object(&object.name, object, phi_fields);
            model.objects.insert(key.clone(), verdict);
        }
        let configured: Vec<(String, bool)> = model
            .configured_objects
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        for (key, phi) in configured {
            model.objects.entry(key).or_insert_with(|| {
                Verdict::from_reasons(vec![if phi {
                    Reason::Configured
                } else {
                    Reason::ConfiguredNotPhi
                }])
            });
        }
        model
    }

    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// The verdict on a declared field, by its index in [`Project::fields`].
    pub fn declared_field(&self, index: usize) -> &Verdict {
        &self.fields[index]
    }

    /// The verdict on an object, declared or not.
    pub fn object(&self, name: &str) -> Option<std::borrow::Cow<'_, Verdict>> {
        use std::borrow::Cow;
        if let Some(verdict) = self.objects.get(&name.to_ascii_lowercase()) {
            return verdict.phi.then_some(Cow::Borrowed(verdict));
        }
        let reasons = self.object_reasons(name, None, Vec::new());
        let verdict = Verdict::from_reasons(reasons);
        verdict.phi.then_some(Cow::Owned(verdict))
    }

    /// Whether `object.field` is PHI. A field the metadata does not declare is judged by
    /// the configuration, the standard lists, and (for custom fields) its name.
    pub fn field<'m>(
        &'m self,
        project: &'m Project,
        object: &str,
        field: &str,
    ) -> Option<PhiField<'m>> {
        use std::borrow::Cow;
        if let Some(index) = project.field_index(object, field) {
            let decl = project.fields.get(index)?;
            let verdict = self.fields.get(index)?;
            return verdict.phi.then(|| PhiField {
                name: decl.qualified(),
                verdict: Cow::Borrowed(verdict),
                decl: Some(decl),
            });
        }
        let qualified = format!("{object}.{field}");
        let mut reasons = Vec::new();
        match self.configured_fields.get(&qualified.to_ascii_lowercase()) {
            Some(true) => reasons.push(Reason::Configured),
            Some(false) => return None,
            None => {}
        }
        if let Some(what) = standard::standard_field(object, field) {
            reasons.push(Reason::StandardField(what));
        }
        if standard::is_clinical_object(object) && !standard::is_system_field(field) {
            reasons.push(Reason::ClinicalObject(object.to_string()));
        }
        if is_custom(field) {
            let organization = self.dictionary.is_organization_object(object);
            let term = self
                .dictionary
                .find_for_field(field)
                .filter(|t| !(organization && t.class == dictionary::TermClass::Identifier));
            if let Some(term) = term {
                reasons.push(Reason::Dictionary {
                    place: Place::Name,
                    term,
                });
            }
        }
        let verdict = Verdict::from_reasons(reasons);
        verdict.phi.then_some(PhiField {
            name: qualified,
            verdict: Cow::Owned(verdict),
            decl: None,
        })
    }

    /// A field of an object that is not known: PHI when a declared field of that name on
    /// any object is PHI, or when the name alone says so.
    pub fn field_of_unknown_object<'m>(
        &'m self,
        project: &'m Project,
        field: &str,
    ) -> Option<PhiField<'m>> {
        use std::borrow::Cow;
        if let Some(&index) = self
            .phi_by_field_name
            .get(&field.to_ascii_lowercase())
            .and_then(|v| v.first())
        {
            let decl = &project.fields[index];
            return Some(PhiField {
                name: decl.qualified(),
                verdict: Cow::Borrowed(&self.fields[index]),
                decl: Some(decl),
            });
        }
        if !is_custom(field) {
            return None;
        }
        let term = self.dictionary.find_for_field(field)?;
        Some(PhiField {
            name: field.to_string(),
            verdict: Cow::Owned(Verdict::from_reasons(vec![Reason::Dictionary {
                place: Place::Name,
                term,
            }])),
            decl: None,
        })
    }

    fn judge_declared_field(&self, field: &FieldDecl) -> Verdict {
        let meta = &field.meta;
        let mut reasons = Vec::new();
        match self
            .configured_fields
            .get(&field.qualified().to_ascii_lowercase())
        {
            Some(true) => reasons.push(Reason::Configured),
            Some(false) => return Verdict::from_reasons(vec![Reason::ConfiguredNotPhi]),
            None => {}
        }
        // Custom metadata records and custom settings are configuration, never patient
        // data.
        if self
            .configuration_objects
            .contains(&field.object.to_ascii_lowercase())
        {
            return Verdict::from_reasons(reasons);
        }
        if let Some(group) = &meta.compliance_group {
            let marks_phi = group.value.split(';').any(|g| {
                g.trim().eq_ignore_ascii_case("HIPAA") || g.trim().eq_ignore_ascii_case("PHI")
            });
            if marks_phi {
                reasons.push(Reason::ComplianceGroup(group.value.clone()));
            }
        }
        // The dictionary judges custom fields only: a standard field is PHI when the list
        // of standard PHI fields says so, not because `Phone` or `HasOptedOutOfEmail`
        // contains a word. A checkbox cannot hold an identifier, only a health fact.
        let custom = is_custom(&field.name);
        let checkbox = meta.field_type.as_ref().is_some_and(|t| t.is("Checkbox"));
        let organization = self.dictionary.is_organization_object(&field.object);
        let usable = |term: TermMatch| {
            let identifier = term.class == dictionary::TermClass::Identifier;
            (custom && !(identifier && (checkbox || organization))).then_some(term)
        };
        let name_term = self.dictionary.find_for_field(&field.name).and_then(usable);
        let label_term = meta
            .label
            .as_ref()
            .and_then(|l| self.dictionary.find_for_field(&l.value))
            .and_then(usable);
        let mut classified = false;
        if let Some(level) = &meta.security_classification {
            let strict = level.is("Restricted") || level.is("MissionCritical");
            if let (true, Some(term)) = (strict, name_term.clone().or(label_term.clone())) {
                classified = true;
                reasons.push(Reason::Classified {
                    level: level.value.clone(),
                    term,
                });
            }
        }
        if let Some(what) = standard::standard_field(&field.object, &field.name) {
            reasons.push(Reason::StandardField(what));
        }
        if standard::is_clinical_object(&field.object) && !standard::is_system_field(&field.name) {
            reasons.push(Reason::ClinicalObject(field.object.clone()));
        }
        if classified {
            // The classification reason already names the dictionary's term.
        } else if let Some(term) = name_term {
            reasons.push(Reason::Dictionary {
                place: Place::Name,
                term,
            });
        } else if let Some(term) = label_term {
            reasons.push(Reason::Dictionary {
                place: Place::Label,
                term,
            });
        } else if let Some(term) = meta
            .description
            .as_ref()
            .and_then(|d| self.dictionary.find_in_description(&d.value))
            .and_then(usable)
        {
            reasons.push(Reason::Dictionary {
                place: Place::Description,
                term,
            });
        }
        Verdict::from_reasons(reasons)
    }

    fn judge_object(
        &self,
        name: &str,
        object: &crate::project::ObjectDecl,
        phi_fields: Vec<String>,
    ) -> Verdict {
        Verdict::from_reasons(self.object_reasons(name, Some(object), phi_fields))
    }

    fn object_reasons(
        &self,
        name: &str,
        object: Option<&crate::project::ObjectDecl>,
        phi_fields: Vec<String>,
    ) -> Vec<Reason> {
        let mut reasons = Vec::new();
        match self.configured_objects.get(&name.to_ascii_lowercase()) {
            Some(true) => reasons.push(Reason::Configured),
            Some(false) => return vec![Reason::ConfiguredNotPhi],
            None => {}
        }
        if self
            .configuration_objects
            .contains(&name.to_ascii_lowercase())
        {
            return reasons;
        }
        if standard::is_clinical_object(name) {
            reasons.push(Reason::ClinicalObject(name.to_string()));
        }
        if !phi_fields.is_empty() {
            reasons.push(Reason::HasPhiFields(phi_fields));
        }
        let meta = object.and_then(|o| o.meta.as_ref());
        if let Some(name_field) = meta.and_then(|m| m.name_field.as_ref()) {
            let auto_number = name_field
                .field_type
                .as_ref()
                .is_some_and(|t| t.is("AutoNumber"));
            if let (false, Some(label)) = (auto_number, &name_field.label) {
                let names_person = self
                    .dictionary
                    .find_in(&label.value)
                    .is_some_and(|t| t.class == dictionary::TermClass::Identifier);
                if names_person {
                    reasons.push(Reason::NameField(label.value.clone()));
                }
            }
        }
        let health_term = |text: &str| {
            self.dictionary
                .find_in(text)
                .filter(|t| t.class == dictionary::TermClass::Health)
        };
        if let Some(term) = health_term(name) {
            reasons.push(Reason::Dictionary {
                place: Place::Name,
                term,
            });
        } else if let Some(term) = meta
            .and_then(|m| m.label.as_ref())
            .and_then(|l| health_term(&l.value))
        {
            reasons.push(Reason::Dictionary {
                place: Place::Label,
                term,
            });
        }
        reasons
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::file::SourceFile;
    use crate::kind::SourceKind;

    fn field_xml(object: &str, name: &str, body: &str) -> (String, String) {
        (
            format!("force-app/main/default/objects/{object}/fields/{name}.field-meta.xml"),
            format!("<CustomField><fullName>{name}</fullName>{body}</CustomField>"),
        )
    }

    fn model(files: &[(String, String)], settings: &PhiSettings) -> (Project, PhiModel) {
        let parsed: Vec<SourceFile> = files
            .iter()
            .map(|(path, text)| {
                let kind = SourceKind::from_path(path).unwrap();
                SourceFile::parse(Arc::from(path.as_str()), kind, text.clone())
            })
            .collect();
        let project = Project::build(&parsed);
        let phi = PhiModel::build(&project, settings);
        (project, phi)
    }

    fn why(
        files: &[(String, String)],
        settings: &PhiSettings,
        object: &str,
        field: &str,
    ) -> Option<String> {
        let (project, phi) = model(files, settings);
        phi.field(&project, object, field).map(|f| f.because())
    }

    #[test]
    fn each_source_of_evidence() {
        let files = [
            field_xml("Visit__c", "Notes__c", "<type>LongTextArea</type>"),
            field_xml("Visit__c", "Code__c", "<complianceGroup>PII;HIPAA</complianceGroup>"),
            field_xml("Visit__c", "Ref__c", "<securityClassification>Restricted</securityClassification><label>Member Id</label>"),
            field_xml("Visit__c", "SSN__c", "<type>Text</type>"),
            field_xml("Visit__c", "Theme__c", "<type>Text</type>"),
            field_xml("Visit__c", "Free__c", "<label>Primary diagnosis</label>"),
        ];
        let settings = PhiSettings {
            fields: vec!["Visit__c.Notes__c".into()],
            ..PhiSettings::default()
        };
        let why = |object, field| why(&files, &settings, object, field);
        assert_eq!(
            why("Visit__c", "Notes__c").unwrap(),
            "`Visit__c.Notes__c` is PHI: the configuration lists it as PHI"
        );
        assert!(why("Visit__c", "Code__c")
            .unwrap()
            .contains("compliance group is PII;HIPAA"));
        assert!(why("Visit__c", "Ref__c")
            .unwrap()
            .contains("classified Restricted"));
        assert!(why("Visit__c", "SSN__c")
            .unwrap()
            .contains("name matches the identifier *social security number*"));
        assert!(why("Visit__c", "Free__c")
            .unwrap()
            .contains("label matches the health term *diagnosis*"));
        assert_eq!(why("Visit__c", "Theme__c"), None);
        assert!(why("Contact", "Birthdate")
            .unwrap()
            .contains("standard field"));
        assert!(why("HealthCondition", "Code")
            .unwrap()
            .contains("clinical object"));
        assert_eq!(why("HealthCondition", "Id"), None);
        // Undeclared custom fields are judged by name; undeclared standard ones are not.
        assert!(why("Lead", "Date_of_Birth__c").is_some());
        assert_eq!(why("Lead", "Email"), None);
    }

    #[test]
    fn not_phi_in_the_configuration_wins() {
        let files = [field_xml(
            "Visit__c",
            "SSN__c",
            "<complianceGroup>HIPAA</complianceGroup>",
        )];
        let settings = PhiSettings {
            not_fields: vec!["visit__c.ssn__c".into()],
            not_objects: vec!["HealthCondition".into()],
            ..PhiSettings::default()
        };
        let (project, phi) = model(&files, &settings);
        assert!(phi.field(&project, "Visit__c", "SSN__c").is_none());
        assert!(phi.object("HealthCondition").is_none());
    }

    #[test]
    fn precision_on_standard_checkbox_and_metadata_fields() {
        let files = [
            field_xml("Contact", "HasOptedOutOfEmail", "<type>Checkbox</type>"),
            field_xml("Contact", "Phone", "<type>Phone</type>"),
            field_xml("Visit__c", "Email_Opt_In__c", "<type>Checkbox</type>"),
            field_xml(
                "Visit__c",
                "Is_Pregnant__c",
                "<type>Checkbox</type><label>Pregnancy</label>",
            ),
            field_xml("Routing__mdt", "User_Email__c", "<type>Email</type>"),
            field_xml("Provider__c", "Phone__c", "<type>Phone</type>"),
            field_xml("Provider__c", "Specialty_Diagnosis__c", "<type>Text</type>"),
            field_xml("Pharmacy_Record__c", "Member_Id__c", "<type>Text</type>"),
        ];
        let (project, phi) = model(&files, &PhiSettings::default());
        assert!(phi
            .field(&project, "Contact", "HasOptedOutOfEmail")
            .is_none());
        assert!(phi.field(&project, "Contact", "Phone").is_none());
        assert!(phi.field(&project, "Visit__c", "Email_Opt_In__c").is_none());
        assert!(phi.field(&project, "Visit__c", "Is_Pregnant__c").is_some());
        assert!(phi
            .field(&project, "Routing__mdt", "User_Email__c")
            .is_none());
    }

    #[test]
    fn objects_by_fields_name_field_and_clinical_list() {
        let files = [
            (
                "force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml".to_string(),
                "<CustomObject><label>Patient</label><nameField><label>Patient Name</label><type>Text</type></nameField></CustomObject>".to_string(),
            ),
            (
                "force-app/main/default/objects/Room__c/Room__c.object-meta.xml".to_string(),
                "<CustomObject><label>Room</label><nameField><label>Room Name</label><type>AutoNumber</type></nameField></CustomObject>".to_string(),
            ),
            field_xml("Visit__c", "MRN__c", "<type>Text</type>"),
        ];
        let (_, phi) = model(&files, &PhiSettings::default());
        assert!(phi
            .object("Patient__c")
            .unwrap()
            .why()
            .contains("*Patient Name*"));
        assert!(phi.object("Room__c").is_none());
        assert!(phi.object("Visit__c").unwrap().why().contains("`MRN__c`"));
        assert!(phi.object("CarePlan").is_some());
        assert!(
            phi.object("Medication_Order__c").is_some(),
            "a health term in the name"
        );
    }
}
