//! Splitting API names, labels and descriptions into whole words.

/// Splits `text` into lower-case words on `_`, spaces, punctuation, case changes and
/// letter/digit boundaries, after dropping a custom suffix such as `__c`. Plurals are
/// folded (`Allergies` → `allergy`, `Labs` → `lab`) so that a term matches both forms.
///
/// `Date_of_Birth__c` → `date of birth`; `PatientDOB` → `patient dob`;
/// `SSNLast4` → `ssn last 4`; `Theme` → `theme` (never `the me`).
pub fn words(text: &str) -> Vec<String> {
    let text = strip_custom_suffix(text);
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut current, &mut words);
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let next = chars.get(i + 1).copied();
            let boundary = (c.is_uppercase() && (prev.is_lowercase() || prev.is_numeric()))
                || (c.is_uppercase()
                    && prev.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()))
                || (c.is_numeric() != prev.is_numeric() && prev.is_alphanumeric());
            if boundary {
                flush(&mut current, &mut words);
            }
        }
        current.extend(c.to_lowercase());
    }
    flush(&mut current, &mut words);
    words
}

fn flush(current: &mut String, words: &mut Vec<String>) {
    if !current.is_empty() {
        words.push(fold_plural(current));
        current.clear();
    }
}

/// `Patient__c` → `Patient`; `ns__Field__c` → `ns__Field`; other names are unchanged.
pub fn strip_custom_suffix(name: &str) -> &str {
    const SUFFIXES: [&str; 8] = ["__c", "__r", "__x", "__mdt", "__e", "__b", "__pc", "__pr"];
    SUFFIXES
        .iter()
        .find_map(|s| {
            name.len()
                .checked_sub(s.len())
                .filter(|&at| name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(s))
                .map(|at| &name[..at])
        })
        .unwrap_or(name)
}

fn fold_plural(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn splits_api_names_labels_and_case_changes() {
        assert_eq!(words("Date_of_Birth__c"), ["date", "of", "birth"]);
        assert_eq!(words("PatientDOB"), ["patient", "dob"]);
        assert_eq!(words("SSNLast4__c"), ["ssn", "last", "4"]);
        assert_eq!(words("Medical Record #"), ["medical", "record"]);
        assert_eq!(words("Theme"), ["theme"]);
        assert_eq!(words("Known_Allergies__c"), ["known", "allergy"]);
        assert_eq!(words("Status"), ["status"]);
        assert_eq!(
            words("HealthCloudGA__MedicalRecordNumber__c"),
            ["health", "cloud", "ga", "medical", "record", "number"]
        );
    }
}
