//! A source file of the project, read and parsed once.

use std::ops::Range;
use std::sync::Arc;

use phi_lint_grammars::{syntax, xml, Language, LineIndex, Position, SyntaxError, XmlDocument};
use tree_sitter::Tree;

use crate::finding::Location;
use crate::kind::SourceKind;

/// A file's syntax, or why there is none.
pub enum Parsed {
    Tree(Tree),
    Xml(XmlDocument),
    /// Data and scripts are kept as they are: the rules that read them parse them with the
    /// reader that fits (CSV, JSON, zip, a shell command scanner).
    Raw,
    /// The file could not be parsed at all; the pipeline reports why.
    Unparsed,
}

/// What went wrong reading or parsing a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProblem {
    pub span: Range<usize>,
    pub message: String,
}

pub struct SourceFile {
    /// Relative to the project root, with `/` separators.
    pub path: Arc<str>,
    pub kind: SourceKind,
    /// The text, without a leading byte order mark.
    pub text: String,
    /// The file's bytes when they are not UTF-8 text (a zip archive in a static resource);
    /// `text` is then empty. Empty otherwise.
    pub bytes: Vec<u8>,
    pub lines: LineIndex,
    pub parsed: Parsed,
    /// The first problem met while parsing; the parts that did parse are still linted.
    pub problem: Option<ParseProblem>,
}

impl SourceFile {
    /// Parses `text` as a file of `kind`. Never fails: a file that does not parse carries
    /// its problem, for the `parse-error` rule, and whatever syntax could be recovered.
    pub fn parse(path: Arc<str>, kind: SourceKind, text: String) -> SourceFile {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let lines = LineIndex::new(&text);
        if kind.is_raw() {
            return SourceFile {
                path,
                kind,
                text,
                bytes: Vec::new(),
                lines,
                parsed: Parsed::Raw,
                problem: None,
            };
        }
        let too_deep = match kind.language() {
            Some(Language::Markup) => syntax::markup_too_deep(&text),
            _ => None,
        };
        let (parsed, problem) = match (kind.language(), too_deep) {
            (Some(_), Some(SyntaxError { span, message })) => (
                Parsed::Unparsed,
                Some(ParseProblem {
                    span,
                    message: format!("markup syntax error: {message}"),
                }),
            ),
            (Some(language), None) => {
                let masked = match kind {
                    SourceKind::VisualforcePage
                    | SourceKind::VisualforceComponent
                    | SourceKind::AuraMarkup => mask_for_html_parser(&text),
                    _ => None,
                };
                let parse_text = masked.as_deref().unwrap_or(&text);
                let tree = syntax::parse(language, parse_text);
                if let Some(SyntaxError { span, message }) = syntax::too_deep(&tree) {
                    let problem = ParseProblem {
                        span,
                        message: format!("{} {message}", language.name()),
                    };
                    return SourceFile {
                        path,
                        kind,
                        text,
                        bytes: Vec::new(),
                        lines,
                        parsed: Parsed::Unparsed,
                        problem: Some(problem),
                    };
                }
                let problem =
                    syntax::first_error(&tree, parse_text).map(|SyntaxError { span, message }| {
                        ParseProblem {
                            span,
                            message: format!("{} syntax error: {message}", language.name()),
                        }
                    });
                (Parsed::Tree(tree), problem)
            }
            (None, _) => match xml::parse(&text) {
                Ok(doc) => (Parsed::Xml(doc), None),
                Err(e) => (
                    Parsed::Unparsed,
                    Some(ParseProblem {
                        span: e.offset..e.offset,
                        message: format!("XML error: {}", e.message),
                    }),
                ),
            },
        };
        SourceFile {
            path,
            kind,
            text,
            bytes: Vec::new(),
            lines,
            parsed,
            problem,
        }
    }

    /// Like [`SourceFile::parse`], from bytes that may not be text. A static resource
    /// keeps bytes that are not UTF-8 as they are (a zip archive); other kinds read them
    /// with invalid sequences replaced (a CSV saved in a legacy encoding still has its
    /// lines and most of its characters).
    pub fn from_bytes(path: Arc<str>, kind: SourceKind, bytes: Vec<u8>) -> SourceFile {
        match String::from_utf8(bytes) {
            Ok(text) => SourceFile::parse(path, kind, text),
            Err(e) if kind == SourceKind::StaticResource => SourceFile {
                path,
                kind,
                text: String::new(),
                bytes: e.into_bytes(),
                lines: LineIndex::new(""),
                parsed: Parsed::Raw,
                problem: None,
            },
            Err(e) => {
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                SourceFile::parse(path, kind, text)
            }
        }
    }

    /// The file's content as bytes: its text, or the bytes kept for binary content.
    pub fn content(&self) -> &[u8] {
        if self.bytes.is_empty() {
            self.text.as_bytes()
        } else {
            &self.bytes
        }
    }

    /// A file that could not be read; `message` says why.
    pub fn unreadable(path: Arc<str>, kind: SourceKind, message: String) -> SourceFile {
        SourceFile {
            path,
            kind,
            text: String::new(),
            bytes: Vec::new(),
            lines: LineIndex::new(""),
            parsed: Parsed::Unparsed,
            problem: Some(ParseProblem {
                span: 0..0,
                message,
            }),
        }
    }

    pub fn tree(&self) -> Option<&Tree> {
        match &self.parsed {
            Parsed::Tree(tree) => Some(tree),
            _ => None,
        }
    }

    pub fn xml(&self) -> Option<&XmlDocument> {
        match &self.parsed {
            Parsed::Xml(doc) => Some(doc),
            _ => None,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn location(&self, span: Range<usize>) -> Location {
        Location {
            path: self.path.clone(),
            start: self.position(span.start),
            end: self.position(span.end),
            span,
        }
    }

    /// The text of `span`, or "" when it is not on character boundaries.
    pub fn slice(&self, span: Range<usize>) -> &str {
        self.text.get(span).unwrap_or("")
    }

    /// The file's name without folders, e.g. `Patient__c.object-meta.xml`.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The file's name without its metadata suffixes: `SSN__c` for
    /// `SSN__c.field-meta.xml`, `Patient__c` for `Patient__c.object`.
    pub fn stem(&self) -> &str {
        let name = self.file_name();
        let name = name.strip_suffix("-meta.xml").unwrap_or(name);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// The folder names of the path, innermost last.
    pub fn folders(&self) -> impl DoubleEndedIterator<Item = &str> {
        let mut parts: Vec<&str> = self.path.split('/').collect();
        parts.pop();
        parts.into_iter()
    }
}

/// Visualforce and Aura markup is XML, which an HTML parser misreads in two places, so
/// for parsing only (the text keeps its length, and every byte offset still points into
/// the real file):
/// - expressions may hold double quotes inside a double-quoted attribute
///   (`value="{!IF(x, "a", "")}"`): the quotes inside `{! ... }` become single quotes;
/// - `<script src="..."/>` and `<style/>` close themselves, where HTML would read the rest
///   of the page as their raw text: their tag name is renamed to one of the same length.
///
/// `None` when there is nothing to change.
fn mask_for_html_parser(text: &str) -> Option<String> {
    let mut out = text.as_bytes().to_vec();
    let mut changed = false;
    for raw in ["<script", "<style"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(raw).map(|i| i + from) {
            from = at + raw.len();
            let Some(end) = text[from..].find('>').map(|i| i + from) else {
                break;
            };
            if text[..end].ends_with('/') {
                // `<script` → `<sxript`, `<style` → `<sxyle`: no longer raw-text elements.
                out[at + 2] = b'x';
                changed = true;
            }
        }
    }
    if !text.contains("{!") {
        return changed.then(|| String::from_utf8(out).unwrap_or_else(|_| text.to_string()));
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < out.len() {
        match out[i] {
            b'{' if depth > 0 || out.get(i + 1) == Some(&b'!') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b'"' if depth > 0 => {
                out[i] = b'\'';
                changed = true;
            }
            // A tag boundary ends a runaway expression, so that one unclosed `{!` cannot
            // swallow the rest of the page.
            b'<' | b'>' if depth > 0 => depth = 0,
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    changed.then(|| String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visualforce_expressions_with_inner_quotes_parse() {
        let page = r#"<apex:page><apex:outputText value="{!IF(show, "a", "")}"/><p>{!"x"}</p></apex:page>"#;
        let file = SourceFile::parse(
            Arc::from("p.page"),
            SourceKind::VisualforcePage,
            page.to_string(),
        );
        assert!(file.problem.is_none(), "{:?}", file.problem);
        assert_eq!(file.text, page, "the text itself is not changed");
        assert_eq!(mask_for_html_parser("<a b=\"c\">"), None);
        let page = "<apex:page><script type=\"x\" src=\"/a.js\"/><p>Hello</p></apex:page>";
        let file = SourceFile::parse(
            Arc::from("p.page"),
            SourceKind::VisualforcePage,
            page.to_string(),
        );
        assert!(file.problem.is_none(), "{:?}", file.problem);
    }
}
