//! The built-in PHI vocabulary: the 18 Safe Harbor identifiers of 45 CFR
//! 164.514(b)(2)(i) and the health terms that make a record about a person PHI.
//!
//! This table is the only place the vocabulary lives. Terms are matched on whole words of
//! a name (see [`super::tokens::words`]), never on substrings, so `Rx` does not match
//! `Proxy`. A term is a phrase when the words only mean PHI together: `number` alone is
//! not PHI (`Room_Number`), `member id` is.

use super::tokens::words;

/// What kind of PHI a term marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermClass {
    /// One of the Safe Harbor identifiers.
    Identifier,
    /// Health information: it makes a record about a person PHI.
    Health,
}

impl TermClass {
    pub fn noun(self) -> &'static str {
        match self {
            TermClass::Identifier => "identifier",
            TermClass::Health => "health term",
        }
    }
}

/// `(phrases, what they mark)`: each phrase is matched on whole words.
const IDENTIFIERS: &[(&[&str], &str)] = &[
    (
        &[
            "patient name",
            "first name",
            "firstname",
            "last name",
            "lastname",
            "middle name",
            "maiden name",
            "maiden",
            "full name",
            "given name",
            "family name",
            "surname",
            "guardian",
            "next of kin",
            "emergency contact",
        ],
        "name",
    ),
    (
        &[
            "street",
            "address",
            "city",
            "county",
            "zip",
            "zipcode",
            "zip code",
            "postal code",
            "postalcode",
            "postcode",
            "geocode",
        ],
        "geographic subdivision smaller than a state",
    ),
    (
        &[
            "birth",
            "birthdate",
            "birthday",
            "dob",
            "admission",
            "admission date",
            "admit date",
            "discharge",
            "discharge date",
            "death",
            "deceased",
            "service date",
            "date of service",
            "visit date",
            "encounter date",
            "appointment date",
            "date of visit",
        ],
        "date related to an individual",
    ),
    (
        &[
            "phone",
            "telephone",
            "mobile phone",
            "mobile number",
            "cell phone",
            "cell number",
            "mobilephone",
            "homephone",
            "fax",
            "email",
            "emailaddress",
        ],
        "telephone, fax or email",
    ),
    (&["ssn", "social security"], "social security number"),
    (
        &[
            "mrn",
            "medical record",
            "chart number",
            "patient id",
            "patient identifier",
            "patient number",
            "ehr id",
            "emr id",
        ],
        "medical record number",
    ),
    (
        &[
            "member id",
            "member number",
            "subscriber id",
            "subscriber number",
            "policy number",
            "group number",
            "medicare",
            "medicaid",
            "mbi",
            "insurance id",
            "insurance number",
            "beneficiary id",
            "beneficiary number",
        ],
        "health plan beneficiary number",
    ),
    (
        &["account number", "claim number", "claim id"],
        "account number",
    ),
    (
        &[
            "license number",
            "licence number",
            "driver license",
            "drivers license",
            "driving licence",
            "passport",
        ],
        "certificate or license number",
    ),
    (
        &["vin", "license plate", "licence plate"],
        "vehicle identifier",
    ),
    (
        &["device id", "serial number", "udi"],
        "device identifier or serial number",
    ),
    (&["personal url", "ip address"], "web URL or IP address"),
    (
        &["fingerprint", "voiceprint", "retina", "biometric"],
        "biometric identifier",
    ),
    (&["photo", "photograph", "headshot"], "full-face photograph"),
    (&["enrollee id"], "other unique identifying number"),
];

const HEALTH_TERMS: &[&str] = &[
    "diagnosis",
    "diagnoses",
    "condition",
    "problem",
    "symptom",
    "icd",
    "snomed",
    "medication",
    "prescription",
    "rx",
    "dosage",
    "allergy",
    "procedure",
    "cpt",
    "lab",
    "test result",
    "vital",
    "vital sign",
    "treatment",
    "clinical",
    "immunization",
    "vaccine",
    "vaccination",
    "pregnancy",
    "hiv",
    "mental",
    "behavioral",
    "behavioural",
    "substance",
    "genetic",
    "disability",
    "encounter",
    "care plan",
    "chief complaint",
    "blood type",
    "blood pressure",
    "patient note",
    "clinical note",
    "progress note",
    "medical history",
];

/// Last words of a field name that make the field describe an identifier rather than
/// hold it: `Address_Type__c`, `Address_Verification_Status__c`, `Email_Sent__c`.
const DESCRIBING_WORDS: &[&str] = &[
    "type",
    "status",
    "endpoint",
    "size",
    "count",
    "flag",
    "imported",
    "sent",
    "verified",
    "verification",
    "format",
    "source",
    "template",
    "class",
    "method",
    "preference",
    "enabled",
    "required",
    "option",
    "label",
    "setting",
    "valid",
    "validated",
    "match",
    "matched",
    "max",
    "min",
    "used",
    "limit",
    "invocation",
    "remaining",
    "total",
    "length",
];

/// Words that make a name's identifier belong to an organization, not to a patient:
/// `Company_City__c`, `Billing_Street__c`, `Clinic_Phone__c`.
const NOT_A_PERSON: &[&str] = &[
    "company",
    "business",
    "billing",
    "shipping",
    "office",
    "organization",
    "organisation",
    "vendor",
    "facility",
    "clinic",
    "hospital",
    "provider",
    "practice",
    "pharmacy",
    "employer",
    "warehouse",
    "store",
    "branch",
    "endpoint",
    "browser",
    "server",
    "http",
];

/// First words of a field name that make it a yes/no flag about an identifier rather than
/// the identifier: `Send_Email__c`, `Is_Address_Verified__c`, `Has_Phone__c`.
const FLAG_WORDS: &[&str] = &[
    "is", "has", "send", "allow", "do", "no", "opted", "opt", "can", "should", "use", "needs",
];

/// Identifiers specific enough to count when a field's description mentions them; a
/// description that says "address" or "name" says little about the field itself.
const SPECIFIC_IDENTIFIERS: &[&str] = &[
    "social security number",
    "medical record number",
    "health plan beneficiary number",
    "certificate or license number",
    "biometric identifier",
];

/// One term of the vocabulary, as words.
#[derive(Debug, Clone)]
pub struct Term {
    pub words: Vec<String>,
    /// What the term marks: "social security number", or the term itself for health terms.
    pub what: String,
    pub class: TermClass,
}

/// A match of a term in a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TermMatch {
    pub what: String,
    pub class: TermClass,
}

/// The vocabulary of one run: the built-in table plus the configuration's extra terms.
#[derive(Debug, Clone)]
pub struct Dictionary {
    terms: Vec<Term>,
}

impl Dictionary {
    /// The built-in vocabulary and `extra` health terms (phrases such as "oncology note").
    pub fn new(extra: &[String]) -> Dictionary {
        let mut terms = Vec::new();
        for (phrases, what) in IDENTIFIERS {
            for phrase in *phrases {
                terms.push(Term {
                    words: words(phrase),
                    what: (*what).to_string(),
                    class: TermClass::Identifier,
                });
            }
        }
        for phrase in HEALTH_TERMS
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str))
        {
            let phrase_words = words(phrase);
            if phrase_words.is_empty() {
                continue;
            }
            terms.push(Term {
                words: phrase_words,
                what: phrase.to_string(),
                class: TermClass::Health,
            });
        }
        // Longest phrases first, so that a match names the most specific term.
        terms.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
        Dictionary { terms }
    }

    /// The first term, most specific first, whose words stand together in `name_words`.
    pub fn find(&self, name_words: &[String]) -> Option<TermMatch> {
        self.terms
            .iter()
            .find(|term| {
                name_words
                    .windows(term.words.len())
                    .any(|window| window == term.words.as_slice())
            })
            .map(|term| TermMatch {
                what: term.what.clone(),
                class: term.class,
            })
    }

    /// Like [`Dictionary::find`], for text that is not yet split into words.
    pub fn find_in(&self, text: &str) -> Option<TermMatch> {
        self.find(&words(text))
    }

    /// The term a field's API name or label matches, with the field in mind: an
    /// identifier does not count when the name describes it (`Address_Type__c`) or gives it
    /// to an organization (`Company_City__c`); a health term always counts.
    pub fn find_for_field(&self, text: &str) -> Option<TermMatch> {
        let words = words(text);
        let describes = words
            .last()
            .is_some_and(|w| DESCRIBING_WORDS.contains(&w.as_str()));
        let organization = words.iter().any(|w| NOT_A_PERSON.contains(&w.as_str()));
        let flag = words
            .first()
            .is_some_and(|w| FLAG_WORDS.contains(&w.as_str()));
        if !(describes || organization || flag) {
            return self.find(&words);
        }
        self.terms
            .iter()
            .filter(|term| term.class == TermClass::Health)
            .find(|term| {
                words
                    .windows(term.words.len())
                    .any(|window| window == term.words.as_slice())
            })
            .map(|term| TermMatch {
                what: term.what.clone(),
                class: term.class,
            })
    }

    /// Whether records of `object` describe an organization or a member of staff (an
    /// object named just `Provider__c`, `Pharmacy__c`, `User`...), whose phone numbers
    /// and addresses are not a patient's.
    pub fn is_organization_object(&self, object: &str) -> bool {
        match words(object).as_slice() {
            [only] => NOT_A_PERSON.contains(&only.as_str()) || only == "user",
            _ => false,
        }
    }

    /// The specific identifier a description mentions, if any (see
    /// `SPECIFIC_IDENTIFIERS`).
    pub fn find_in_description(&self, text: &str) -> Option<TermMatch> {
        self.find_in(text)
            .filter(|t| SPECIFIC_IDENTIFIERS.contains(&t.what.as_str()))
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(name: &str) -> Option<String> {
        Dictionary::new(&[]).find_in(name).map(|m| m.what)
    }

    #[test]
    fn the_tricky_names_that_are_not_phi() {
        for name in [
            "Theme__c",
            "Proxy__c",
            "Status__c",
            "Color__c",
            "Room_Number__c",
            "Priority__c",
            "Capacity__c",
            "Batch_Size__c",
            "Zippy__c",
            "Therapist_Rating__c",
            "Usage__c",
        ] {
            assert_eq!(what(name), None, "{name}");
        }
    }

    #[test]
    fn the_names_that_are_phi() {
        assert_eq!(
            what("Date_of_Birth__c").as_deref(),
            Some("date related to an individual")
        );
        assert_eq!(what("MRN__c").as_deref(), Some("medical record number"));
        assert_eq!(
            what("Member_Id__c").as_deref(),
            Some("health plan beneficiary number")
        );
        assert_eq!(
            what("Chief_Complaint__c").as_deref(),
            Some("chief complaint")
        );
        assert_eq!(what("Diagnosis__c").as_deref(), Some("diagnosis"));
        assert_eq!(
            what("PatientSSN__c").as_deref(),
            Some("social security number")
        );
        assert_eq!(what("Known_Allergies__c").as_deref(), Some("allergy"));
        assert_eq!(what("Rx_Number__c").as_deref(), Some("rx"));
        assert_eq!(
            what("Home Phone").as_deref(),
            Some("telephone, fax or email")
        );
    }

    #[test]
    fn field_names_that_describe_or_belong_to_an_organization() {
        let d = Dictionary::new(&[]);
        for name in [
            "Address_Type__c",
            "Address_Verification_Status__c",
            "Email_Sent__c",
            "Company_City__c",
            "Billing_Street__c",
            "Clinic_Phone__c",
            "Zipcode_Verification_Endpoint__c",
            "LimitsEmailInvocationsMax__c",
            "HttpRequestEndpointAddress__c",
            "BrowserAddress__c",
            "Send_Email__c",
            "Is_Address_Verified__c",
        ] {
            assert_eq!(d.find_for_field(name), None, "{name}");
        }
        assert!(d.find_for_field("Home_Street__c").is_some());
        assert!(
            d.find_for_field("Diagnosis_Status__c").is_some(),
            "health terms still count"
        );
        assert!(d
            .find_in_description("Used by the address verification batch")
            .is_none());
        assert!(d
            .find_in_description("The patient's social security number")
            .is_some());
    }

    #[test]
    fn extra_terms_extend_the_vocabulary() {
        let dictionary = Dictionary::new(&["oncology note".to_string()]);
        assert!(dictionary.find_in("Oncology_Notes__c").is_some());
        assert!(dictionary.find_in("Oncology__c").is_none());
    }
}
