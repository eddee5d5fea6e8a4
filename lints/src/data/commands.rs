//! Finds Salesforce CLI commands that export records to files in shell and PowerShell
//! scripts, Makefiles, CI workflows and npm scripts: `sf data query` with CSV output or a
//! redirect, `sf data export tree` / `bulk`, and their `sfdx force:data:*` forerunners.

use std::ops::Range;

/// How a command exports records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `sf data query` / `sfdx force:data:soql:query` whose output goes to a file, or is
    /// CSV.
    Query,
    /// `sf data export tree` / `sfdx force:data:tree:export`: JSON record files.
    TreeExport,
    /// `sf data export bulk`: a CSV file.
    BulkExport,
}

/// A command that writes query results to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The command in the scanned text, from the CLI's name (`sf`, `sfdx`) to its last
    /// argument.
    pub span: Range<usize>,
    /// The command as a user would name it: `sf data query`.
    pub command: String,
    pub via: Via,
    /// The SOQL, when the command line holds it (not when it is read from a file or a
    /// variable).
    pub query: Option<String>,
    /// Where the records go: "a CSV file", "`out/patients.csv`".
    pub destination: String,
}

#[derive(Debug, Clone)]
struct Token {
    text: String,
    span: Range<usize>,
    /// Written in quotes: never an operator.
    quoted: bool,
}

/// Splits `text` into commands (lists of words), honouring quotes, line continuations
/// (`\`, PowerShell's backtick) and `#` comments; `|`, `>` and `>>` are kept as words,
/// `;`, `&&`, `||` and line ends separate commands.
fn commands(text: &str) -> Vec<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Vec<Token>> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut i = 0;
    let end_command = |current: &mut Vec<Token>, out: &mut Vec<Vec<Token>>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                end_command(&mut current, &mut out);
                i += 1;
            }
            b'\\' | b'`' if matches!(bytes.get(i + 1), Some(b'\n')) => i += 2,
            b'\\' | b'`'
                if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') =>
            {
                i += 3
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b';' => {
                end_command(&mut current, &mut out);
                i += 1;
            }
            b'&' | b'|' if bytes.get(i + 1) == Some(&b) => {
                end_command(&mut current, &mut out);
                i += 2;
            }
            b'|' | b'>' => {
                let start = i;
                i += 1;
                if b == b'>' && bytes.get(i) == Some(&b'>') {
                    i += 1;
                }
                current.push(Token {
                    text: text[start..start + 1].to_string(),
                    span: start..i,
                    quoted: false,
                });
            }
            _ => {
                let start = i;
                let mut word = String::new();
                let mut quoted = false;
                while i < bytes.len() {
                    let c = bytes[i];
                    if c == b'"' || c == b'\'' {
                        quoted = true;
                        let close = text[i + 1..].find(c as char).map(|p| i + 1 + p);
                        let stop = close.unwrap_or(bytes.len());
                        word.push_str(&text[i + 1..stop]);
                        i = (stop + 1).min(bytes.len());
                        continue;
                    }
                    if c.is_ascii_whitespace() || matches!(c, b';' | b'|' | b'>') {
                        break;
                    }
                    if c == b'&' && bytes.get(i + 1) == Some(&b'&') {
                        break;
                    }
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    word.push(ch);
                    i += ch.len_utf8();
                }
                current.push(Token {
                    text: word,
                    span: start..i,
                    quoted,
                });
            }
        }
    }
    end_command(&mut current, &mut out);
    out
}

/// The value of the option `names` in `words` (`--query X`, `--query=X`, `-q X`).
fn option<'w>(words: &'w [Token], names: &[&str]) -> Option<&'w str> {
    for (i, word) in words.iter().enumerate() {
        if word.quoted {
            continue;
        }
        for name in names {
            if word.text == *name {
                return words.get(i + 1).map(|w| w.text.as_str());
            }
            if let Some(value) = word
                .text
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
            {
                return Some(value);
            }
        }
    }
    None
}

/// Every export command in `text`. Spans are offsets into `text`.
pub fn exports(text: &str) -> Vec<Export> {
    let mut found = Vec::new();
    for words in commands(text) {
        // A whole command in quotes (`run: "sf data query ..."`, `bash -c '...'`) is read
        // as a command of its own.
        for word in words.iter().filter(|w| w.quoted) {
            let inner = &word.text;
            if inner.contains("sf data") || inner.contains("sfdx ") || inner.contains("sf.cmd") {
                let base = word.span.start + 1;
                for mut export in exports(inner) {
                    let end = word.span.end.saturating_sub(1).max(base);
                    export.span =
                        (base + export.span.start).min(end)..(base + export.span.end).min(end);
                    found.push(export);
                }
            }
        }
        // The first word that is the CLI, after prefixes such as `npx`, `run:`, `@`.
        let Some(at) = words.iter().position(|w| {
            let name = w.text.trim_start_matches(['@', '-']);
            let name = name.rsplit('/').next().unwrap_or(name);
            !w.quoted && matches!(name, "sf" | "sfdx" | "sf.cmd" | "sfdx.cmd")
        }) else {
            continue;
        };
        // The CLI's own words run to the first pipe or redirect.
        let rest = &words[at + 1..];
        let cut = rest
            .iter()
            .position(|w| !w.quoted && (w.text == "|" || w.text == ">"))
            .unwrap_or(rest.len());
        let (args, after) = rest.split_at(cut);
        let lower: Vec<String> = args
            .iter()
            .take(3)
            .map(|w| w.text.to_ascii_lowercase())
            .collect();
        let starts = |prefix: &[&str]| {
            prefix.len() <= lower.len() && prefix.iter().zip(&lower).all(|(a, b)| a == b)
        };
        let (via, command) = if starts(&["data", "query"]) {
            (Via::Query, "data query")
        } else if starts(&["force:data:soql:query"]) {
            (Via::Query, "force:data:soql:query")
        } else if starts(&["data", "export", "tree"]) || starts(&["force:data:tree:export"]) {
            (Via::TreeExport, "data export tree")
        } else if starts(&["data", "export", "bulk"]) {
            (Via::BulkExport, "data export bulk")
        } else {
            continue;
        };
        let cli = words[at].text.trim_start_matches(['@', '-']);
        let cli = cli
            .rsplit('/')
            .next()
            .unwrap_or(cli)
            .trim_end_matches(".cmd");
        let query = option(args, &["--query", "-q"]).map(str::to_string);
        let output_file = option(args, &["--output-file"]).map(str::to_string);
        let redirect = after
            .iter()
            .position(|w| !w.quoted && w.text == ">")
            .and_then(|i| after.get(i + 1))
            .map(|w| w.text.clone())
            .filter(|target| {
                !(target.starts_with('&')
                    || target == "/dev/null"
                    || target.eq_ignore_ascii_case("$null")
                    || target.eq_ignore_ascii_case("nul"))
            });
        let piped_to_file = after.windows(2).find_map(|pair| {
            let sink = pair[1].text.to_ascii_lowercase();
            (pair[0].text == "|"
                && matches!(
                    sink.as_str(),
                    "tee" | "out-file" | "export-csv" | "set-content" | "add-content"
                ))
            .then(|| pair[1].text.clone())
        });
        let format = option(args, &["--result-format", "-r"]).map(str::to_ascii_lowercase);
        let destination = match (via, output_file, redirect, piped_to_file) {
            (_, Some(file), _, _) | (_, None, Some(file), _) => format!("`{file}`"),
            (_, None, None, Some(sink)) => format!("a file through `{sink}`"),
            (Via::TreeExport, ..) => "JSON record files".to_string(),
            (Via::BulkExport, ..) => "a CSV file".to_string(),
            (Via::Query, ..) if format.as_deref() == Some("csv") => "CSV".to_string(),
            (Via::Query, ..) => continue,
        };
        let end = args.last().map_or(words[at].span.end, |w| w.span.end);
        found.push(Export {
            span: words[at].span.start..end,
            command: format!("{cli} {command}"),
            via,
            query,
            destination,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<Export> {
        let mut all = exports(text);
        assert!(all.len() <= 1, "{all:?}");
        all.pop()
    }

    #[test]
    fn query_to_csv_or_to_a_file() {
        let e =
            one("sf data query --query \"SELECT SSN__c FROM Patient__c\" --result-format csv\n")
                .unwrap();
        assert_eq!(e.command, "sf data query");
        assert_eq!(e.query.as_deref(), Some("SELECT SSN__c FROM Patient__c"));
        assert_eq!(e.destination, "CSV");
        let e = one("sfdx force:data:soql:query -q 'SELECT Id FROM Contact' > out/c.json").unwrap();
        assert_eq!(e.destination, "`out/c.json`");
        let e = one(
            "  sf data query \\\n    -q \"SELECT Id FROM Contact\" \\\n    -r csv | Out-File c.csv",
        )
        .unwrap();
        assert_eq!(e.destination, "a file through `Out-File`");
        assert!(one("sf data query -q \"SELECT Id FROM Contact\" 2>&1 >/dev/null").is_none());
        assert!(one("sf data query -q \"SELECT Id FROM Contact\"\n").is_none());
        assert!(one("# sf data query -q x -r csv\n").is_none());
        assert!(one("sf org display").is_none());
        let e = one("call sf data query -q \"SELECT Id FROM Contact\" -r csv > c.csv\r\n").unwrap();
        assert_eq!(e.destination, "`c.csv`");
    }

    #[test]
    fn tree_and_bulk_exports_always_write_files() {
        let e = one("run: sf data export tree --query \"SELECT Name FROM Patient__c\" --plan --output-dir data").unwrap();
        assert_eq!(e.via, Via::TreeExport);
        assert!(e.span.start == 5 && e.span.end > 60);
        let e =
            one("\t@sfdx force:data:tree:export -q \"SELECT Name FROM Account\" -d data; echo ok")
                .unwrap();
        assert_eq!(e.via, Via::TreeExport);
        let e = one("npx sf data export bulk -q \"SELECT Name FROM Account\" --output-file a.csv")
            .unwrap();
        assert_eq!(e.via, Via::BulkExport);
        let text = "- run: 'sf data query -q \"SELECT Name FROM Account\" -r csv'";
        let e = one(text).unwrap();
        assert_eq!(
            &text[e.span.clone()],
            "sf data query -q \"SELECT Name FROM Account\" -r csv"
        );
    }
}
