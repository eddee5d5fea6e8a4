//! Inline suppressions: `phi-lint-ignore <id>[, <id>]: <reason>` in a comment on the line
//! before a finding (or at the end of its line), and `phi-lint-ignore-file` for a whole
//! file. A suppression needs a reason and known rule ids; one that suppresses nothing is
//! reported as `unused-suppression`.

use std::collections::HashSet;
use std::ops::Range;

use crate::file::SourceFile;
use crate::finding::Finding;
use crate::rules;

const MARKER: &str = "phi-lint-ignore";
const COMMENT_OPENERS: [&str; 4] = ["//", "/*", "<!--", "#"];

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The span of the directive, from `phi-lint-ignore` to the end of the comment.
    pub span: Range<usize>,
    /// 1-based line of the comment.
    pub line: u32,
    /// Whether the comment stands alone on its line (and so covers the next line too).
    pub own_line: bool,
    pub file_level: bool,
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

impl Suppression {
    fn covers(&self, finding: &Finding) -> bool {
        if !self.rules.iter().any(|r| r == finding.rule) {
            return false;
        }
        let line = finding.location.start.line;
        self.file_level || line == self.line || (self.own_line && line == self.line + 1)
    }
}

/// Finds the suppression comments of a file.
pub fn parse(file: &SourceFile) -> Vec<Suppression> {
    let text = &file.text;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(MARKER).map(|i| i + from) {
        from = at + MARKER.len();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..at];
        let Some(opener) = COMMENT_OPENERS.iter().filter_map(|o| before.find(o)).min() else {
            continue;
        };
        let own_line = before[..opener].trim().is_empty();
        let line_end = text[at..].find('\n').map_or(text.len(), |i| i + at);
        let mut directive = &text[at..line_end];
        // A comment ends at its closer; ` // ` starts another comment on the same line.
        for closer in ["-->", "*/", " // "] {
            if let Some(i) = directive.find(closer) {
                directive = &directive[..i];
            }
        }
        let directive = directive.trim_end();
        let rest = &directive[MARKER.len()..];
        let (file_level, rest) = match rest.strip_prefix("-file") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) && !rest.starts_with(':') {
            continue;
        }
        let (ids, reason) = match rest.split_once(':') {
            Some((ids, reason)) => (ids, Some(reason.trim()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        out.push(Suppression {
            span: at..at + directive.len(),
            line: file.position(at).line,
            own_line,
            file_level,
            rules: ids
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            reason: reason.map(str::to_string),
        });
    }
    out
}

/// Applies the file's suppressions to its findings. Returns the findings that remain,
/// plus `invalid-suppression` and `unused-suppression` findings. `active` holds the ids
/// of the rules that ran: a suppression of a rule that did not run is not judged unused.
pub fn apply(file: &SourceFile, findings: Vec<Finding>, active: &HashSet<&str>) -> Vec<Finding> {
    let suppressions = parse(file);
    if suppressions.is_empty() {
        return findings;
    }
    let mut used = vec![false; suppressions.len()];
    let mut problems = Vec::new();
    let valid: Vec<bool> = suppressions
        .iter()
        .map(|s| {
            let unknown: Vec<&str> = s
                .rules
                .iter()
                .map(String::as_str)
                .filter(|id| rules::by_id(id).is_none())
                .collect();
            let problem = if s.rules.is_empty() {
                Some("names no rule".to_string())
            } else if !unknown.is_empty() {
                Some(format!("names unknown rule `{}`", unknown.join("`, `")))
            } else if s.reason.is_none() {
                Some("gives no reason".to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                problems.push(meta_finding(
                    file,
                    &crate::rules::tool::invalid_suppression::META,
                    s.span.clone(),
                    format!("This suppression suppresses nothing: it {problem}"),
                    "write `phi-lint-ignore <rule-id>: <reason>`, naming the rule and why the finding is acceptable",
                ));
                false
            } else {
                true
            }
        })
        .collect();

    let mut kept: Vec<Finding> = findings
        .into_iter()
        .filter(|finding| {
            let hit = suppressions
                .iter()
                .enumerate()
                .find(|(i, s)| valid[*i] && s.covers(finding));
            match hit {
                Some((i, _)) => {
                    used[i] = true;
                    false
                }
                None => true,
            }
        })
        .collect();

    for (i, s) in suppressions.iter().enumerate() {
        let judged = valid[i] && s.rules.iter().all(|r| active.contains(r.as_str()));
        if judged && !used[i] {
            problems.push(meta_finding(
                file,
                &crate::rules::tool::unused_suppression::META,
                s.span.clone(),
                format!(
                    "This suppression of `{}` suppresses nothing",
                    s.rules.join("`, `")
                ),
                "remove it: the finding it was written for is gone",
            ));
        }
    }
    kept.extend(problems);
    kept
}

fn meta_finding(
    file: &SourceFile,
    meta: &'static crate::registry::RuleMeta,
    span: Range<usize>,
    message: String,
    help: &str,
) -> Finding {
    Finding {
        rule: meta.id,
        severity: meta.default_severity,
        location: file.location(span),
        message,
        help: Some(help.to_string()),
        labels: Vec::new(),
        references: meta.references,
        fingerprint: String::new(),
        masked: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::kind::SourceKind;

    fn file(text: &str) -> SourceFile {
        SourceFile::parse(Arc::from("a.cls"), SourceKind::ApexClass, text.to_string())
    }

    #[test]
    fn parses_each_form() {
        let f = file(
            "// phi-lint-ignore apex-phi-in-debug, apex-phi-in-callout: synthetic data only\n\
             x(); // phi-lint-ignore apex-phi-in-debug: fixture\n\
             /* phi-lint-ignore-file field-phi-unencrypted: legacy */\n\
             // phi-lint-ignore apex-phi-in-debug\n\
             String s = 'phi-lint-ignore not a comment';\n",
        );
        let s = parse(&f);
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].rules, ["apex-phi-in-debug", "apex-phi-in-callout"]);
        assert_eq!(s[0].reason.as_deref(), Some("synthetic data only"));
        assert!(s[0].own_line && !s[1].own_line);
        assert!(s[2].file_level);
        assert_eq!(s[2].reason.as_deref(), Some("legacy"));
        assert_eq!(s[3].reason, None);
        let html = SourceFile::parse(
            Arc::from("a.html"),
            SourceKind::LwcTemplate,
            "<!-- phi-lint-ignore a11y-missing-label: decorative -->\n".to_string(),
        );
        assert_eq!(parse(&html)[0].reason.as_deref(), Some("decorative"));
    }
}
