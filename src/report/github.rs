//! GitHub Actions workflow commands, so that findings show on the pull request's diff.

use phi_lint_lints::{Finding, Severity};

use super::ReportContext;

pub fn render(findings: &[Finding], cx: &ReportContext<'_>) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let loc = &f.location;
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&cx.display_path(&loc.path)),
            loc.start.line,
            loc.start.column,
            loc.end.line,
            loc.end.column,
            property(&format!("phi-lint {}", f.rule)),
            data(&message),
        ));
    }
    out
}

/// Escapes a command's message, as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
