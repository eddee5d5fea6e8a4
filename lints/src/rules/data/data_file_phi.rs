//! `data-file-phi`: PHI committed to the repository in data files and static resources.

use std::ops::Range;

use crate::data::archive;
use crate::data::identifiers::{self, Ssn};
use crate::data::table::{self, Column, Format, Table};
use crate::finding::{Location, Severity};
use crate::kind::SourceKind;
use crate::phi::dictionary::TermClass;
use crate::phi::standard;
use crate::phi::tokens::words;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct DataFilePhi;

pub static META: RuleMeta = RuleMeta {
    id: "data-file-phi",
    family: Family::Data,
    default_severity: Severity::Error,
    references: &["164.312(a)(2)(iv)", "164.514(b)"],
    summary: "A committed data file or static resource holds PHI columns or values that look like real identifiers",
    kinds: &[SourceKind::DataFile, SourceKind::StaticResource],
    docs: r#"
## What it does

Reads the data committed to the repository, wherever it is: CSV and TSV files, `sf data
tree` plans and their JSON record files, JSON and XML files in data and fixture folders
(`data/`, `seed/`, `fixtures/`, `test-data/`...), and static resources
(`staticresources/X.resource`, `X.zip`, `X.csv`, `X.json`, by the content type of their
`-meta.xml`: CSV, JSON, and zip archives, whose CSV and JSON entries are read in memory). It reports two things:

- a column (a CSV header, a JSON or XML key) that holds PHI and has values. A header that
  is an API name (`SSN__c`, `Patient__c.Date_of_Birth__c`, a tree record's `Birthdate` on
  `Contact`) is judged by the project's PHI model; free text (`Date of Birth`) by the PHI
  dictionary. Health terms (`Diagnosis`) count only in a file that also has an identifier
  column. A column whose values are all empty, masked (`***-**-1234`) or synthetic SSNs is
  not reported, and a file whose SSNs are all synthetic is taken as synthetic data: its
  columns and dates of birth are not reported;
- values that look like real identifiers: social security numbers in issued ranges (not
  area 000, 666 or 900-999, group 00 or serial 0000, and not the well-known fake numbers
  078-05-1120, 219-09-9999 and 123-45-6789), National Provider Identifiers with a valid
  check digit in an NPI column, and dates of birth in the same record as a name. Each
  column is reported once, at its first such row, with the count of the others.

The finding names the file, the row and the column. It never shows the value: reports
that show source text mask the values on and around the reported line.

## Why it matters

Sample data that turns out to be a copy of production, and exports left in the
repository, are a classic audit finding: every clone, fork, CI cache and laptop now holds
unencrypted PHI (HIPAA 164.312(a)(2)(iv)), outside every access control of the org. Test
data must be de-identified (164.514(b)): no real names, dates of birth or identifiers.

## Example

`data/patients.csv`:

```text
LastName,SSN__c,Date_of_Birth__c
Roe,234-56-7801,1958-11-30
```

## Use instead

```text
LastName,SSN__c,Date_of_Birth__c
Testperson,900-00-0001,
```

Generate synthetic records (SSNs from the never-issued 900-999 range, made-up names, no
birth dates or only years), and keep real extracts out of the repository. If real data was
committed, removing the file is not enough: rewrite it out of the history.

## Configuration

`data-ignore` in `phi-lint.toml` lists globs of data the team vouches for as synthetic;
`data-paths` adds files to read as data beyond the ones recognised by name and folder.
The `[phi]` vocabulary decides which columns are PHI.

## Known problems

Values are checked in form only: a synthetic SSN in an issued range looks real, and a real
one in a column of free text is found only when written `ddd-dd-dddd`. Dates of birth are
recognised as `YYYY-MM-DD` or `MM/DD/YYYY` in a column named for a birth date. Names and
addresses are not recognised as values, only as columns. Entries of a zip archive are
reported at the archive, by entry name and row; XML entries of archives and nested
archives are not read, and archives beyond the size limits are read in part.
"#,
};

impl Rule for DataFilePhi {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let file = cx.file;
        match file.kind {
            SourceKind::DataFile => {
                let format = Format::from_name(file.file_name()).unwrap_or(Format::Csv);
                let object = object_named(cx, file.stem());
                let table = table::read(&file.text, format, object.as_deref());
                report(cx, &table, &file.text, None);
            }
            SourceKind::StaticResource => {
                let content_type = cx.project.static_resource_type(&file.path).unwrap_or("");
                let content = file.content();
                let zip = content_type.contains("zip") || archive::is_zip(content);
                if zip {
                    let wanted = |name: &str| {
                        matches!(
                            Format::from_name(name),
                            Some(Format::Csv | Format::Tsv | Format::Json)
                        )
                    };
                    for entry in archive::entries(content, wanted) {
                        let Some(format) = Format::from_name(&entry.name) else {
                            continue;
                        };
                        let stem = entry.name.rsplit('/').next().unwrap_or(&entry.name);
                        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                        let object = object_named(cx, stem);
                        let table = table::read(&entry.text, format, object.as_deref());
                        report(cx, &table, &entry.text, Some(&entry.name));
                    }
                    return;
                }
                let format = match content_type {
                    "text/csv" | "application/csv" | "text/comma-separated-values" => Format::Csv,
                    "text/tab-separated-values" => Format::Tsv,
                    "application/json" | "text/json" => Format::Json,
                    // No metadata: the source format's extension says what it is.
                    "" => match Format::from_name(file.file_name()) {
                        Some(format) if format != Format::Xml => format,
                        _ => return,
                    },
                    _ => return,
                };
                let table = table::read(&file.text, format, None);
                report(cx, &table, &file.text, None);
            }
            _ => {}
        }
    }
}

/// The object a file's records are of, from its name: `Patient__c.csv`, `Contacts.csv`.
fn object_named(cx: &Context<'_>, stem: &str) -> Option<String> {
    const STANDARD: &[&str] = &["Account", "Contact", "Lead", "Case", "User", "Opportunity"];
    let stem = stem.trim_end_matches("-plan").trim_end_matches("_plan");
    let mut candidates = vec![stem.to_string()];
    if let Some(singular) = stem.strip_suffix('s') {
        candidates.push(singular.to_string());
    }
    candidates.into_iter().find_map(|c| {
        if let Some(object) = cx.project.object(&c) {
            return Some(object.name.clone());
        }
        STANDARD
            .iter()
            .chain(standard::CLINICAL_OBJECTS)
            .find(|s| s.eq_ignore_ascii_case(&c))
            .map(|s| s.to_string())
    })
}

/// Why a column holds PHI.
struct Judged {
    because: String,
    /// The PHI field's declaration, when the project has one.
    declared: Option<Location>,
    /// PHI on its own (an identifier, or the PHI model's verdict), not only a health term
    /// that needs an identifier nearby.
    identifier: bool,
}

/// What a column's name says about its values.
#[derive(Default)]
struct Traits {
    ssn: bool,
    birth: bool,
    name: bool,
    npi: bool,
}

fn traits(cx: &Context<'_>, column: &Column) -> Traits {
    let field = column.name.rsplit('.').next().unwrap_or(&column.name);
    let w = words(field);
    let term = cx.phi.dictionary().find_in(field);
    let what = term.as_ref().map(|t| t.what.as_str());
    Traits {
        ssn: what == Some("social security number") || w.iter().any(|x| x == "ssn"),
        birth: w
            .iter()
            .any(|x| matches!(x.as_str(), "birth" | "birthdate" | "birthday" | "dob")),
        name: what == Some("name") || w == ["name"],
        npi: w.iter().any(|x| x == "npi"),
    }
}

fn judge(cx: &Context<'_>, column: &Column) -> Option<Judged> {
    let name = column.name.trim();
    if table::looks_like_value(name) {
        return None;
    }
    let api_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    let custom = |n: &str| {
        let lower = n.to_ascii_lowercase();
        lower.ends_with("__c") || lower.ends_with("__pc")
    };
    let model = if !api_name {
        None
    } else if let Some((parent, field)) = name.rsplit_once('.') {
        let parent = parent.rsplit('.').next().unwrap_or(parent);
        Some(
            cx.phi
                .field(cx.project, parent, field)
                .or_else(|| cx.phi.field_of_unknown_object(cx.project, field)),
        )
    } else if let Some(object) = &column.object {
        Some(cx.phi.field(cx.project, object, name))
    } else if custom(name) {
        Some(cx.phi.field_of_unknown_object(cx.project, name))
    } else {
        None
    };
    if let Some(verdict) = model {
        return verdict.map(|field| Judged {
            because: field.because(),
            declared: field.decl.map(|d| d.location.clone()),
            identifier: true,
        });
    }
    let term = cx.phi.dictionary().find_in(name)?;
    Some(Judged {
        because: format!(
            "`{name}` is PHI: its name matches the {} *{}*",
            term.class.noun(),
            term.what
        ),
        declared: None,
        identifier: term.class == TermClass::Identifier,
    })
}

/// Whether a value can hold information about a person: not empty, not masked, not a
/// synthetic SSN (`as_ssn` is the value judged as an SSN).
fn informative(value: &str, as_ssn: Option<Ssn>) -> bool {
    let value = value.trim();
    !value.is_empty() && as_ssn != Some(Ssn::Synthetic) && !identifiers::redacted(value)
}

/// The first row of a kind in a column, and how many rows are of that kind.
#[derive(Default, Clone)]
struct Hits {
    first: Option<(usize, Range<usize>)>,
    count: usize,
    /// For dates of birth: the name column next to the first one.
    name_column: usize,
}

impl Hits {
    fn add(&mut self, row: usize, span: &Range<usize>) {
        if self.first.is_none() {
            self.first = Some((row, span.clone()));
        }
        self.count += 1;
    }
}

fn report(cx: &mut Context<'_>, table: &Table, text: &str, entry: Option<&str>) {
    let columns = table.columns.len();
    let traits: Vec<Traits> = table.columns.iter().map(|c| traits(cx, c)).collect();
    let mut judged: Vec<Option<Judged>> = table.columns.iter().map(|c| judge(cx, c)).collect();
    let mut with_values = vec![0usize; columns];
    let mut ssn = vec![Hits::default(); columns];
    let mut npi = vec![Hits::default(); columns];
    let mut birth = vec![Hits::default(); columns];
    let mut synthetic_ssns = 0;
    for record in &table.records {
        let named = record.cells.iter().find(|c| {
            traits[c.column].name && !c.value.trim().is_empty() && !identifiers::redacted(&c.value)
        });
        for cell in &record.cells {
            let t = &traits[cell.column];
            let as_ssn = identifiers::ssn(&cell.value, t.ssn);
            if informative(&cell.value, as_ssn) {
                with_values[cell.column] += 1;
            }
            match as_ssn {
                Some(Ssn::Plausible) => ssn[cell.column].add(record.row, &cell.span),
                Some(Ssn::Synthetic) => synthetic_ssns += 1,
                None => {}
            }
            if t.npi && identifiers::npi(&cell.value) {
                npi[cell.column].add(record.row, &cell.span);
            }
            if let (true, Some(named)) = (t.birth && identifiers::date(&cell.value), named) {
                if birth[cell.column].first.is_none() {
                    birth[cell.column].name_column = named.column;
                }
                birth[cell.column].add(record.row, &cell.span);
            }
        }
    }

    // A file whose SSNs are all never-issued or well-known fakes was made up: its names
    // and dates are taken to be made up too.
    let plausible = ssn.iter().map(|h| h.count).sum::<usize>();
    if plausible == 0 && synthetic_ssns > 0 {
        birth.iter_mut().for_each(|h| *h = Hits::default());
        judged.iter_mut().for_each(|j| *j = None);
    }
    let has_identifier = judged
        .iter()
        .zip(&with_values)
        .any(|(j, &n)| n > 0 && j.as_ref().is_some_and(|j| j.identifier));
    let mut found: Vec<Pending> = Vec::new();
    let place = entry.map_or_else(String::new, |e| format!(" of `{e}` in the archive"));
    for (index, column) in table.columns.iter().enumerate() {
        let n = with_values[index];
        let Some(judged) = &judged[index] else {
            continue;
        };
        if n == 0 || !(judged.identifier || has_identifier) {
            continue;
        }
        found.push(Pending(
            column.span.clone(),
            format!(
                "{}{place} holds PHI in {n} {}; {}",
                label(column, index),
                if n == 1 { "row" } else { "rows" },
                judged.because
            ),
            "commit synthetic data only, or remove the file and purge it from the history; \
             list vetted synthetic data in `data-ignore`"
                .to_string(),
            Severity::Warning,
            judged.declared.clone(),
        ));
    }
    let value_help = "replace the value with a synthetic one (SSNs from 900-999 are never \
                      issued); if it is real, remove it and purge it from the history";
    for (index, column) in table.columns.iter().enumerate() {
        let kinds = [
            (&ssn[index], "looks like a real social security number"),
            (
                &npi[index],
                "looks like a real National Provider Identifier",
            ),
        ];
        for (hits, what) in kinds {
            if let Some((row, span)) = &hits.first {
                found.push(Pending(
                    span.clone(),
                    format!(
                        "Row {row}, {}{place}, holds a value that {what}{}",
                        label(column, index),
                        more(hits.count)
                    ),
                    value_help.to_string(),
                    Severity::Error,
                    None,
                ));
            }
        }
        let hits = &birth[index];
        if let Some((row, span)) = &hits.first {
            found.push(Pending(
                span.clone(),
                format!(
                    "Row {row}, {}{place}, holds a date of birth next to a name in {}{}",
                    label(column, index),
                    label(&table.columns[hits.name_column], hits.name_column),
                    more(hits.count)
                ),
                value_help.to_string(),
                Severity::Error,
                None,
            ));
        }
    }
    if found.is_empty() {
        return;
    }

    // Every value within a few lines of a finding is masked, whatever it holds: the
    // reporters that show source text show those lines.
    let mut values: Vec<Range<usize>> = if entry.is_none() {
        table
            .records
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| !c.span.is_empty())
            .map(|c| c.span.clone())
            .collect()
    } else {
        Vec::new()
    };
    values.sort_by_key(|v| v.start);
    let file = cx.file;
    for Pending(span, message, help, severity, declared) in found {
        let location: Location = if entry.is_some() || text.is_empty() {
            file.location(0..0)
        } else {
            file.location(span)
        };
        let from = file
            .lines
            .line_range(&file.text, location.start.line.saturating_sub(MASK_LINES))
            .start;
        let to = file
            .lines
            .line_range(&file.text, location.end.line + MASK_LINES)
            .end;
        let first = values.partition_point(|v| v.start < from);
        let masked: Vec<Range<usize>> = values[first..]
            .iter()
            .take_while(|v| v.start <= to)
            .cloned()
            .collect();
        let finding = cx
            .finding_at(location, message)
            .with_help(help)
            .with_severity(severity)
            .with_masked(masked);
        let finding = match declared {
            Some(declared) => finding.with_label(declared, "PHI declared here"),
            None => finding,
        };
        cx.push(finding);
    }
}

/// Values this many lines before and after a finding are masked: more than any report
/// shows around a snippet.
const MASK_LINES: u32 = 3;

/// How a message names a column: by its name, unless the name is empty or could itself
/// be a value (a file without a header row, a JSON object keyed by SSN).
fn label(column: &Column, index: usize) -> String {
    if column.name.is_empty() || table::looks_like_value(&column.name) || column.name.len() > 80 {
        format!("column {}", index + 1)
    } else {
        format!("column `{}`", column.name)
    }
}

/// A finding still to be made: its span, message, help, severity and the PHI field's
/// declaration, if any.
struct Pending(Range<usize>, String, String, Severity, Option<Location>);

/// "; 3 more rows do too", or nothing for one.
fn more(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        2 => "; 1 more row does too".to_string(),
        n => format!("; {} more rows do too", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    fn with_patient<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut files: Vec<(&str, &str)> = PATIENT_FIELDS.to_vec();
        files.extend_from_slice(extra);
        files
    }

    #[test]
    fn fires() {
        // A PHI column judged by the model, and a valid-looking SSN on row 1 (line 2).
        let files = with_patient(&[(
            "data/Patient__c.csv",
            "Name,SSN__c,Status__c\nTestperson,123-45-6701,Active\n",
        )]);
        assert_eq!(check("data-file-phi", &files), [1, 2]);
        // Free-text headers by the dictionary; a date of birth next to a name.
        let files = [(
            "data/intake.csv",
            "First Name,Date of Birth\nAlex,1961-04-12\nSam,1970-01-01\n",
        )];
        assert_eq!(check("data-file-phi", &files), [1, 1, 2]);
        // A tree record file: Contact.Birthdate is a standard PHI field.
        let files = [(
            "data/Contacts.json",
            "{\"records\": [{\n\"attributes\": {\"type\": \"Contact\"},\n\"LastName\": \"Testperson\",\n\"Birthdate\": \"1961-04-12\"\n}]}",
        )];
        assert_eq!(check("data-file-phi", &files), [4, 4]);
        // A file without a header: columns by position, never by a value.
        let files = [("data/extract.csv", "Roe,123-45-6701\nDoe,900-45-6702\n")];
        assert_eq!(check("data-file-phi", &files), [1]);
        // An NPI with a valid check digit in an NPI column.
        let files = [("seed/providers.csv", "Provider,NPI\nDr Test,1234567893\n")];
        assert_eq!(check("data-file-phi", &files), [2]);
    }

    #[test]
    fn reads_csv_in_a_legacy_encoding() {
        use std::sync::Arc;

        use crate::file::SourceFile;
        use crate::kind::SourceKind;

        // Latin-1 `é` in a name, then a valid-looking SSN on line 3.
        let bytes = b"Full Name,SSN\nRen\xe9,\nRoe,123-45-6701\n".to_vec();
        let file = SourceFile::from_bytes(Arc::from("data/old.csv"), SourceKind::DataFile, bytes);
        let findings = crate::analysis::lint_files(
            &[file],
            &crate::settings::Settings::default(),
            vec![crate::rules::by_id("data-file-phi").unwrap()],
        );
        let lines: Vec<u32> = findings.iter().map(|f| f.location.start.line).collect();
        assert_eq!(lines, [1, 1, 3]);
    }

    #[test]
    fn stays_quiet() {
        let files = with_patient(&[
            // Synthetic SSNs and masked ones, which make the whole file synthetic; a header
            // with no rows.
            (
                "data/Patient__c.csv",
                "First Name,SSN__c,DOB\nA,900-12-3456,1961-04-12\nB,666-12-3456,\nC,***-**-1234,\n",
            ),
            ("data/template.csv", "Name,SSN__c,Email\n"),
            // Not PHI on a known object: the model decides, not the dictionary.
            (
                "data/Contact.csv",
                "LastName,Email,Phone\nRoe,roe@example.com,555-0100\n",
            ),
            // A health term without any identifier column.
            ("data/codes.csv", "Code,Diagnosis\nA01,Typhoid\n"),
            // NPI-looking numbers outside an NPI column.
            ("data/accounts.csv", "Account Ref\n1234567893\n"),
            // A broken archive, and JavaScript served as a static resource.
            ("x/staticresources/Bad.resource", "PK\u{3}\u{4} not a zip"),
            (
                "x/staticresources/Bad.resource-meta.xml",
                "<StaticResource><contentType>application/zip</contentType></StaticResource>",
            ),
            ("x/staticresources/Lib.txt", "var ssn = '123-45-6701';"),
            (
                "x/staticresources/Lib.resource-meta.xml",
                "<StaticResource><contentType>text/javascript</contentType></StaticResource>",
            ),
        ]);
        assert!(check("data-file-phi", &files).is_empty());
    }

    #[test]
    fn health_terms_count_next_to_identifiers() {
        let files = [("data/visits.csv", "Patient Name,Diagnosis\nAlex,Flu\n")];
        assert_eq!(check("data-file-phi", &files), [1, 1]);
    }
}
