//! What a rule reports.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use phi_lint_grammars::Position;
use serde::Serialize;

/// How serious a finding is. The order matters: `Error` is the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a file of the project: its path relative to the project root (with `/`),
/// its byte range and its 1-based start and end positions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub path: Arc<str>,
    #[serde(skip)]
    pub span: Range<usize>,
    pub start: Position,
    pub end: Position,
}

/// A secondary place that explains a finding, such as the declaration of a PHI field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// One problem found by one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub location: Location,
    /// One sentence that says what is wrong here and names the data.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    pub labels: Vec<Label>,
    /// HIPAA sections or WCAG success criteria.
    pub references: &'static [&'static str],
    /// Identifies the finding across edits elsewhere in its file: a hash of the rule, the
    /// path and the text where it stands, never its line number. Baselines key on it.
    pub fingerprint: String,
    /// Byte ranges of the finding's file that hold values a rule matched (an SSN in a data
    /// file) or that stand near them: reporters that show source text replace these bytes
    /// with `*`, so that no output echoes PHI. Never serialized.
    #[serde(skip)]
    pub masked: Vec<Range<usize>>,
}

impl Finding {
    /// The order of a report: path, line, column, then rule and message, so that output is
    /// the same whatever the thread count.
    pub fn sort_key(&self) -> (&str, Position, &str, &str) {
        (
            &self.location.path,
            self.location.start,
            self.rule,
            &self.message,
        )
    }
}
