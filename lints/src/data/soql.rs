//! Just enough SOQL to tell which fields of which object a query reads, for queries found
//! in scripts, Data Loader configurations and anonymous Apex.

use crate::finding::Location;
use crate::phi::PhiModel;
use crate::project::Project;

/// The top-level `SELECT ... FROM Object` of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    pub object: String,
    /// Field paths as written: `SSN__c`, `Patient__r.Date_of_Birth__c`.
    pub fields: Vec<String>,
    /// `FIELDS(ALL)`, `FIELDS(CUSTOM)` or `FIELDS(STANDARD)`.
    pub all_fields: bool,
}

/// Reads the outer `SELECT` of `query`, or `None` when it is not one.
pub fn parse(query: &str) -> Option<Select> {
    let query = query
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let lower = query.to_ascii_lowercase();
    if !lower.starts_with("select") || !lower[6..].starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    // The outer FROM: the first ` from ` outside parentheses.
    let bytes = lower.as_bytes();
    let mut depth = 0i32;
    let mut from = None;
    for i in 6..bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'f' if depth == 0
                && lower[i..].starts_with("from")
                && bytes[i - 1].is_ascii_whitespace()
                && bytes.get(i + 4).is_some_and(u8::is_ascii_whitespace) =>
            {
                from = Some(i);
                break;
            }
            _ => {}
        }
    }
    let from = from?;
    let object = query[from + 4..]
        .split_whitespace()
        .next()?
        .trim_end_matches([',', ')', ']', '"', '\''])
        .to_string();
    let mut fields = Vec::new();
    let mut all_fields = false;
    for item in split_top_level(&query[6..from]) {
        let item = item.trim();
        let item_lower = item.to_ascii_lowercase();
        if item.starts_with('(') || item_lower.starts_with("typeof") {
            continue;
        }
        if item_lower.starts_with("fields(") {
            all_fields = true;
            continue;
        }
        // `toLabel(Status__c)`, `MAX(Birthdate) latest`: the field inside.
        let inner = match (item.find('('), item.rfind(')')) {
            (Some(open), Some(close)) if close > open => &item[open + 1..close],
            _ => item.split_whitespace().next().unwrap_or(""),
        };
        let field = inner.trim();
        if !field.is_empty()
            && field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            fields.push(field.to_string());
        }
    }
    Some(Select {
        object,
        fields,
        all_fields,
    })
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The PHI a query reads.
#[derive(Debug, Default)]
pub struct PhiRead {
    /// Each PHI field, as `Object.Field` (`Object.*` for `FIELDS(ALL)`).
    pub fields: Vec<String>,
    /// Why the first is PHI: "`Patient__c.SSN__c` is PHI: ...".
    pub because: String,
    /// Where the first declared PHI field is declared.
    pub declared: Option<Location>,
}

/// The PHI fields `select` reads; none when it reads none.
pub fn phi_read(select: &Select, project: &Project, phi: &PhiModel) -> PhiRead {
    let mut names = Vec::new();
    let mut because = String::new();
    let mut declared = None;
    if select.all_fields {
        if let Some(verdict) = phi.object(&select.object) {
            names.push(format!("{}.*", select.object));
            because = format!("`{}` is PHI: {}", select.object, verdict.why());
        }
    }
    for path in &select.fields {
        let found = match path.rsplit_once('.') {
            Some((parent, field)) => {
                let parent = parent.rsplit('.').next().unwrap_or(parent);
                // A relationship named like an object (`Account.PersonBirthdate`) is
                // judged on that object; a custom one (`Patient__r`) by the field's name.
                if project.object(parent).is_some() || !parent.ends_with("__r") {
                    phi.field(project, parent, field)
                        .or_else(|| phi.field_of_unknown_object(project, field))
                } else {
                    let object = format!("{}__c", parent.trim_end_matches("__r"));
                    phi.field(project, &object, field)
                        .or_else(|| phi.field_of_unknown_object(project, field))
                }
            }
            None => phi.field(project, &select.object, path),
        };
        if let Some(field) = found {
            if because.is_empty() {
                because = field.because();
            }
            if declared.is_none() {
                declared = field.decl.map(|d| d.location.clone());
            }
            if !names.contains(&field.name) {
                names.push(field.name.clone());
            }
        }
    }
    PhiRead {
        fields: names,
        because,
        declared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_outer_select() {
        let s = parse("SELECT Id, SSN__c, Patient__r.Name, toLabel(Status__c), (SELECT Id FROM Visits__r) FROM Patient__c WHERE Name != null").unwrap();
        assert_eq!(s.object, "Patient__c");
        assert_eq!(s.fields, ["Id", "SSN__c", "Patient__r.Name", "Status__c"]);
        assert!(!s.all_fields);
        let s = parse("[select FIELDS(ALL) from Contact limit 200]").unwrap();
        assert!(s.all_fields);
        assert_eq!(s.object, "Contact");
        assert!(parse("UPDATE x").is_none());
        assert!(parse("SELECT Id").is_none());
    }
}
