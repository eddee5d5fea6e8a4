//! Rendering findings: human (miette), concise, json, sarif and github.

mod github;
mod human;
mod json;
mod sarif;

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use phi_lint_lints::{Finding, Rule, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with the finding, its help and references (miette).
    Human,
    /// One line a finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document; see docs/json-format.md.
    Json,
    /// SARIF 2.1.0, for code scanning and editors.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request's diff.
    Github,
}

/// What every format may need besides the findings.
pub struct ReportContext<'a> {
    pub root: &'a Path,
    /// The folder paths are shown relative to in human, concise and github output.
    pub cwd: PathBuf,
    pub files_checked: usize,
    pub rules: &'a [&'static dyn Rule],
    pub color: bool,
}

impl ReportContext<'_> {
    /// `path` (relative to the root) as a person at `cwd` would type it.
    pub fn display_path(&self, path: &str) -> String {
        let absolute = self.root.join(path);
        match absolute.strip_prefix(&self.cwd) {
            Ok(rel) => crate::discover::relative(Path::new(""), rel),
            Err(_) => absolute.display().to_string(),
        }
    }
}

pub fn render(format: Format, findings: &[Finding], cx: &ReportContext<'_>) -> String {
    match format {
        Format::Human => human::render(findings, cx),
        Format::Concise => concise(findings, cx),
        Format::Json => json::render(findings, cx),
        Format::Sarif => sarif::render(findings, cx),
        Format::Github => github::render(findings, cx),
    }
}

fn concise(findings: &[Finding], cx: &ReportContext<'_>) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(findings.len() * 128);
    // Findings come sorted by path, so each file's shown path is worked out once.
    let mut path = None;
    let mut shown = String::new();
    for f in findings {
        if path != Some(&*f.location.path) {
            path = Some(&*f.location.path);
            shown = cx.display_path(&f.location.path);
        }
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{shown}:{}:{}: {}[{}] {}",
            f.location.start.line, f.location.start.column, f.severity, f.rule, f.message
        );
    }
    out
}

/// "12 findings (3 errors, 9 warnings) in 2,310 files".
pub fn summary(findings: &[Finding], files: usize) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let plural =
        |n: usize, word: &str| format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" });
    let files = plural(files, "file");
    if findings.is_empty() {
        return format!("No findings in {files}");
    }
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Note, "note"),
    ]
    .iter()
    .filter(|(s, _)| count(*s) > 0)
    .map(|(s, word)| plural(count(*s), word))
    .collect();
    format!(
        "{} ({}) in {files}",
        plural(findings.len(), "finding"),
        parts.join(", ")
    )
}

/// 2310 → "2,310".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_summaries_read_naturally() {
        assert_eq!(thousands(2310), "2,310");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(summary(&[], 1), "No findings in 1 file");
    }
}
