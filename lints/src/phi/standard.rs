//! Standard and Health Cloud data that holds PHI in a healthcare org.

/// Standard fields that hold a Safe Harbor identifier, as `(object, field, what)`.
pub const STANDARD_FIELDS: &[(&str, &str, &str)] = &[
    ("Contact", "Birthdate", "a date of birth"),
    ("Contact", "HomePhone", "a home telephone number"),
    ("Contact", "MobilePhone", "a mobile telephone number"),
    ("Contact", "OtherPhone", "a telephone number"),
    ("Contact", "MailingStreet", "a street address"),
    ("Contact", "MailingPostalCode", "a postal code"),
    ("Contact", "MailingAddress", "a postal address"),
    ("Contact", "OtherStreet", "a street address"),
    (
        "Account",
        "PersonBirthdate",
        "a person account's date of birth",
    ),
    ("Account", "PersonEmail", "a person account's email address"),
    (
        "Account",
        "PersonHomePhone",
        "a person account's home telephone number",
    ),
    (
        "Account",
        "PersonMobilePhone",
        "a person account's mobile telephone number",
    ),
    (
        "Account",
        "PersonOtherPhone",
        "a person account's telephone number",
    ),
    (
        "Account",
        "PersonMailingStreet",
        "a person account's street address",
    ),
    (
        "Account",
        "PersonMailingPostalCode",
        "a person account's postal code",
    ),
    (
        "Account",
        "PersonMailingAddress",
        "a person account's postal address",
    ),
    (
        "Account",
        "HealthCloudGA__MedicalRecordNumber__pc",
        "a medical record number",
    ),
    (
        "Contact",
        "HealthCloudGA__MedicalRecordNumber__c",
        "a medical record number",
    ),
];

/// Health Cloud's clinical objects: every record of them is about a patient's health.
pub const CLINICAL_OBJECTS: &[&str] = &[
    "HealthCondition",
    "CarePlan",
    "CareProgramEnrollee",
    "ClinicalEncounter",
    "PatientMedicalProcedure",
    "MedicationStatement",
    "MedicationRequest",
    "PatientImmunization",
    "AllergyIntolerance",
    "CareObservation",
    "ClinicalServiceRequest",
    "MemberPlan",
    "Identifier",
    "PersonDisability",
    "CoverageBenefit",
    "PatientHealthReaction",
    "DiagnosticSummary",
];

/// Whether `object` is a Health Cloud clinical object, including the managed package's
/// `HealthCloudGA__Ehr*__c` objects.
pub fn is_clinical_object(object: &str) -> bool {
    CLINICAL_OBJECTS
        .iter()
        .any(|o| o.eq_ignore_ascii_case(object))
        || object
            .to_ascii_lowercase()
            .starts_with("healthcloudga__ehr")
}

/// The standard field `object.field` that holds PHI, and what it holds.
pub fn standard_field(object: &str, field: &str) -> Option<&'static str> {
    STANDARD_FIELDS
        .iter()
        .find(|(o, f, _)| o.eq_ignore_ascii_case(object) && f.eq_ignore_ascii_case(field))
        .map(|&(_, _, what)| what)
}

/// Fields every record has that say nothing about the person: reading them from a
/// clinical object does not disclose PHI.
pub fn is_system_field(field: &str) -> bool {
    const SYSTEM: &[&str] = &[
        "Id",
        "OwnerId",
        "CreatedDate",
        "CreatedById",
        "LastModifiedDate",
        "LastModifiedById",
        "SystemModstamp",
        "IsDeleted",
        "RecordTypeId",
        "CurrencyIsoCode",
        "LastViewedDate",
        "LastReferencedDate",
        "LastActivityDate",
    ];
    SYSTEM.iter().any(|s| s.eq_ignore_ascii_case(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_clinical_objects_and_standard_fields() {
        assert!(is_clinical_object("healthcondition"));
        assert!(is_clinical_object("HealthCloudGA__EhrPatientMedication__c"));
        assert!(!is_clinical_object("Account"));
        assert!(standard_field("contact", "BIRTHDATE").is_some());
        assert!(standard_field("Contact", "Title").is_none());
    }
}
