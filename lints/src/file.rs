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
                let tree = syntax::parse(language, &text);
                if let Some(SyntaxError { span, message }) = syntax::too_deep(&tree) {
                    let problem = ParseProblem {
                        span,
                        message: format!("{} {message}", language.name()),
                    };
                    return SourceFile {
                        path,
                        kind,
                        text,
                        lines,
                        parsed: Parsed::Unparsed,
                        problem: Some(problem),
                    };
                }
                let problem =
                    syntax::first_error(&tree, &text).map(|SyntaxError { span, message }| {
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
            lines,
            parsed,
            problem,
        }
    }

    /// A file that could not be read; `message` says why.
    pub fn unreadable(path: Arc<str>, kind: SourceKind, message: String) -> SourceFile {
        SourceFile {
            path,
            kind,
            text: String::new(),
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
