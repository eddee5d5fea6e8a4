//! Data files as tables: columns (CSV headers, JSON keys, XML element names) and records
//! of values, each with its byte span in the text it was read from, so that a rule can
//! point at a column and mask the values around it.

use std::collections::HashMap;
use std::ops::Range;

use super::json::{self, Json};

/// A column of a data file: a CSV header, or a key of the JSON or XML records of one
/// object type.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    /// The object the records are of, when the file says (`attributes.type` in a tree
    /// record file) or its name does (`Patient__c.csv`).
    pub object: Option<String>,
    /// Where the column is named first.
    pub span: Range<usize>,
}

/// One value of a record.
#[derive(Debug, Clone)]
pub struct Cell {
    pub column: usize,
    pub value: String,
    pub span: Range<usize>,
}

/// A row of a CSV file, or a JSON object or XML element with values of its own.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 1-based, in file order, not counting a CSV header.
    pub row: usize,
    pub cells: Vec<Cell>,
}

/// A data file read as columns and records.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub records: Vec<Record>,
}

/// The format of a data file, from its name or content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Json,
    Xml,
}

impl Format {
    /// The format of a file called `name`, if it is a data format.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        [
            (".csv", Format::Csv),
            (".tsv", Format::Tsv),
            (".json", Format::Json),
            (".xml", Format::Xml),
        ]
        .iter()
        .find(|(ext, _)| lower.ends_with(ext))
        .map(|&(_, f)| f)
    }
}

/// Reads `text` in `format`. `object` is the object its records are of, when known from
/// outside the file (its name). Text that does not parse yields an empty table.
pub fn read(text: &str, format: Format, object: Option<&str>) -> Table {
    match format {
        Format::Csv | Format::Tsv => read_delimited(text, format, object),
        Format::Json => json::parse(text).map_or_else(Table::default, |doc| from_json(&doc)),
        Format::Xml => phi_lint_grammars::xml::parse(text)
            .map_or_else(|_| Table::default(), |doc| from_xml(&doc.root)),
    }
}

fn read_delimited(text: &str, format: Format, object: Option<&str>) -> Table {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if format == Format::Tsv {
        b'\t'
    } else {
        [b',', b';', b'\t', b'|']
            .into_iter()
            .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
            .unwrap_or(b',')
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // A broken row: what came before it is still read.
            Err(_) => break,
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let spans = field_spans(text, start, &record, delimiter);
        if first {
            first = false;
            // A file without a header starts with data: its columns have no names.
            let headerless = record.iter().any(looks_like_value);
            for (name, span) in record.iter().zip(spans.iter()) {
                table.columns.push(Column {
                    name: if headerless {
                        String::new()
                    } else {
                        name.trim().to_string()
                    },
                    object: object.map(str::to_string),
                    span: span.clone(),
                });
            }
            if !headerless {
                continue;
            }
        }
        let row = table.records.len() + 1;
        let cells = record
            .iter()
            .zip(spans)
            .enumerate()
            .filter(|(column, _)| *column < table.columns.len())
            .map(|(column, (value, span))| Cell {
                column,
                value: value.to_string(),
                span,
            })
            .collect();
        table.records.push(Record { row, cells });
    }
    table
}

/// Whether a header cell is rather a value: an SSN, a date, a long number.
pub fn looks_like_value(cell: &str) -> bool {
    use super::identifiers;
    let digits = cell.chars().filter(char::is_ascii_digit).count();
    identifiers::ssn(cell, true).is_some() || identifiers::date(cell) || digits >= 5
}

/// The spans of a record's fields in `text`, found by walking the raw row from `start`
/// the way the CSV reader did: a quoted field's span is inside its quotes.
fn field_spans(
    text: &str,
    start: usize,
    record: &csv::StringRecord,
    delimiter: u8,
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut at = start;
    // After a `\r\n`, the reader may place the next record at its `\n`.
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    let mut spans = Vec::with_capacity(record.len());
    for _ in record.iter() {
        let begin = at.min(bytes.len());
        if bytes.get(at) == Some(&b'"') {
            at += 1;
            let inner = at;
            while at < bytes.len() {
                if bytes[at] == b'"' {
                    if bytes.get(at + 1) == Some(&b'"') {
                        at += 2;
                        continue;
                    }
                    break;
                }
                at += 1;
            }
            spans.push(inner..at.min(bytes.len()));
            at += 1;
            while at < bytes.len() && bytes[at] != delimiter && bytes[at] != b'\n' {
                at += 1;
            }
        } else {
            while at < bytes.len()
                && bytes[at] != delimiter
                && bytes[at] != b'\n'
                && bytes[at] != b'\r'
            {
                at += 1;
            }
            spans.push(begin..at);
        }
        at += 1;
    }
    spans
}

/// Every JSON object with scalar members is a record; its keys are columns of the
/// object named by its `attributes.type` (as in `sf data tree` record files).
fn from_json(doc: &Json) -> Table {
    let mut table = Table::default();
    let mut index: HashMap<(Option<String>, String), usize> = HashMap::new();
    let mut stack = vec![doc];
    // Depth-first in document order.
    while let Some(value) = stack.pop() {
        match value {
            Json::Array(items) => stack.extend(items.iter().rev()),
            Json::Object(members) => {
                let object = value
                    .get("attributes")
                    .and_then(|a| a.get("type"))
                    .and_then(Json::as_str)
                    .map(str::to_string);
                let mut record = Record::default();
                for member in members {
                    match &member.value {
                        Json::Scalar { text, span } => {
                            let key = (object.clone(), member.key.clone());
                            let column = *index.entry(key).or_insert_with(|| {
                                table.columns.push(Column {
                                    name: member.key.clone(),
                                    object: object.clone(),
                                    span: member.key_span.clone(),
                                });
                                table.columns.len() - 1
                            });
                            record.cells.push(Cell {
                                column,
                                value: text.clone(),
                                span: span.clone(),
                            });
                        }
                        // Tree records' `attributes` say what the record is, not what it holds.
                        _ if member.key == "attributes" => {}
                        nested => stack.push(nested),
                    }
                }
                if !record.cells.is_empty() {
                    record.row = table.records.len() + 1;
                    table.records.push(record);
                }
            }
            Json::Scalar { .. } => {}
        }
    }
    table
}

/// Every XML element whose children are leaves is a record; the leaves' names are
/// columns.
fn from_xml(root: &phi_lint_grammars::xml::XmlElement) -> Table {
    let mut table = Table::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut stack = vec![root];
    while let Some(element) = stack.pop() {
        let mut record = Record::default();
        for child in &element.children {
            if !child.children.is_empty() {
                continue;
            }
            let column = *index.entry(child.name.clone()).or_insert_with(|| {
                let start = child.span.start + 1;
                table.columns.push(Column {
                    name: child.name.clone(),
                    object: None,
                    span: start..start + child.name.len(),
                });
                table.columns.len() - 1
            });
            record.cells.push(Cell {
                column,
                value: child.text.clone(),
                span: child.text_span.clone(),
            });
        }
        if !record.cells.is_empty() {
            record.row = table.records.len() + 1;
            table.records.push(record);
        }
        stack.extend(
            element
                .children
                .iter()
                .rev()
                .filter(|c| !c.children.is_empty()),
        );
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_know_their_spans() {
        let text = "Name,SSN__c,Note\r\n\"Doe, Jane\",123-45-6701,\"said \"\"hi\"\"\"\nRoe,,x\n";
        let table = read(text, Format::Csv, Some("Patient__c"));
        assert_eq!(table.columns.len(), 3);
        assert_eq!(&text[table.columns[1].span.clone()], "SSN__c");
        assert_eq!(table.records.len(), 2);
        let cells = &table.records[0].cells;
        assert_eq!(&text[cells[0].span.clone()], "Doe, Jane");
        assert_eq!(&text[cells[1].span.clone()], "123-45-6701");
        assert_eq!(cells[2].value, "said \"hi\"");
        assert_eq!(&text[table.records[1].cells[2].span.clone()], "x");
    }

    #[test]
    fn a_file_without_header_has_unnamed_columns() {
        let table = read("Roe,123-45-6701\nDoe,123-45-6702\n", Format::Csv, None);
        assert!(table.columns.iter().all(|c| c.name.is_empty()));
        assert_eq!(table.records.len(), 2);
    }

    #[test]
    fn semicolons_and_tree_records() {
        let table = read("a;b\n1;2\n", Format::Csv, None);
        assert_eq!(table.columns[1].name, "b");
        let text = r#"{"records":[{"attributes":{"type":"Contact","referenceId":"C1"},"LastName":"Roe","Birthdate":"1980-01-02"}]}"#;
        let table = read(text, Format::Json, None);
        let birth = table
            .columns
            .iter()
            .find(|c| c.name == "Birthdate")
            .unwrap();
        assert_eq!(birth.object.as_deref(), Some("Contact"));
        assert_eq!(table.records.len(), 1);
    }

    #[test]
    fn xml_records() {
        let text = "<patients><patient><ssn>123-45-6701</ssn></patient></patients>";
        let table = read(text, Format::Xml, None);
        assert_eq!(table.columns[0].name, "ssn");
        assert_eq!(&text[table.columns[0].span.clone()], "ssn");
        assert_eq!(&text[table.records[0].cells[0].span.clone()], "123-45-6701");
    }
}
