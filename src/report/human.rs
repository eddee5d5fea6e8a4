//! The default report: miette's graphical diagnostics with source snippets.

use std::collections::HashMap;
use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};
use phi_lint_lints::docs::reference_name;
use phi_lint_lints::{Finding, Location, Severity};

use super::ReportContext;

/// One finding as a miette diagnostic, with its file's text.
struct Shown<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<String>>,
    /// Labels in the finding's own file.
    labels: Vec<LabeledSpan>,
    /// Labels in other files, each with its own snippet.
    related: Vec<Shown<'a>>,
    help: Option<String>,
    message: String,
    severity: miette::Severity,
    /// A secondary label shown as its own snippet: no rule code of its own.
    is_label: bool,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.is_label).then(|| Box::new(self.finding.rule) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// File texts, read once each, for snippets.
struct Sources<'c> {
    cx: &'c ReportContext<'c>,
    texts: HashMap<String, Option<String>>,
}

impl Sources<'_> {
    /// The snippet source of `location`'s file, with the bytes of `masked` replaced.
    fn named_masked(
        &mut self,
        location: &Location,
        masked: &[std::ops::Range<usize>],
    ) -> Option<NamedSource<String>> {
        if masked.is_empty() {
            return self.named(location);
        }
        let source = self.named(location)?;
        let text = mask(source.inner(), masked);
        Some(NamedSource::new(source.name(), text))
    }

    fn named(&mut self, location: &Location) -> Option<NamedSource<String>> {
        let cx = self.cx;
        let text = self
            .texts
            .entry(location.path.to_string())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(cx.root.join(&*location.path)).ok()?;
                Some(match text.strip_prefix('\u{feff}') {
                    Some(rest) => rest.to_string(),
                    None => text,
                })
            })
            .clone()?;
        (location.span.end <= text.len())
            .then(|| NamedSource::new(cx.display_path(&location.path), text))
    }
}

/// `text` with every character in `ranges` but line breaks replaced by `*`, byte for byte,
/// so that spans and positions stay right. Ranges off character boundaries are widened.
pub fn mask(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let mut start = range.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let end = range.end.min(text.len()).max(start);
        for (offset, ch) in text[start..].char_indices() {
            if start + offset >= end {
                break;
            }
            if ch != '\n' && ch != '\r' {
                let at = start + offset;
                bytes[at..at + ch.len_utf8()].fill(b'*');
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| "*".repeat(text.len()))
}

fn span(location: &Location) -> SourceSpan {
    SourceSpan::from(location.span.start..location.span.end)
}

pub fn render(findings: &[Finding], cx: &ReportContext<'_>) -> String {
    let theme = if cx.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut sources = Sources {
        cx,
        texts: HashMap::new(),
    };
    let mut out = String::new();
    for finding in findings {
        let shown = shown(finding, &mut sources);
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}: {}\n", finding.rule, finding.message));
        }
        out.push('\n');
    }
    out.push_str(&super::summary(findings, cx.files_checked));
    out.push('\n');
    out
}

fn shown<'a>(finding: &'a Finding, sources: &mut Sources<'_>) -> Shown<'a> {
    let source = sources.named_masked(&finding.location, &finding.masked);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        span(&finding.location),
    )];
    let mut related = Vec::new();
    for label in &finding.labels {
        if label.location.path == finding.location.path {
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                span(&label.location),
            ));
        } else {
            let source = sources.named(&label.location);
            related.push(Shown {
                finding,
                labels: vec![LabeledSpan::new_primary_with_span(
                    Some(label.message.clone()),
                    span(&label.location),
                )],
                source,
                related: Vec::new(),
                help: None,
                message: label.message.clone(),
                severity: miette::Severity::Advice,
                is_label: true,
            });
        }
    }
    let mut help = finding.help.clone().unwrap_or_default();
    if !finding.references.is_empty() {
        let refs: Vec<String> = finding
            .references
            .iter()
            .map(|r| reference_name(r))
            .collect();
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!("see {}", refs.join(", ")));
    }
    let location_note = if source.is_none() {
        format!(
            " (at {}:{}:{})",
            sources.cx.display_path(&finding.location.path),
            finding.location.start.line,
            finding.location.start.column
        )
    } else {
        String::new()
    };
    Shown {
        finding,
        source,
        labels,
        related,
        help: (!help.is_empty()).then_some(help),
        message: format!("{}{location_note}", finding.message),
        severity: match finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        },
        is_label: false,
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_byte_for_byte_and_keeps_lines() {
        let text = "a,123-45-6701\nb,é\n";
        let masked = mask(text, &[2..13, 16..18, 0..20]);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), 2);
        assert!(!masked.contains("6701"));
        assert!(masked.chars().all(|c| c == '*' || c == '\n'));
    }
}
