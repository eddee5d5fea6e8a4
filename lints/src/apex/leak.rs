//! What the rules that report PHI reaching a sink (a log, a callout, an email, a file)
//! have in common: finding the PHI among a sink's arguments, and pointing at its source.

use tree_sitter::Node;

use super::{phi_value, PhiValue};
use crate::finding::Finding;
use crate::registry::Context;

/// The first argument of `args` that carries PHI, with its PHI.
pub fn first_phi<'t>(cx: &Context<'_>, args: &[Node<'t>]) -> Option<(Node<'t>, PhiValue)> {
    args.iter()
        .find_map(|&arg| phi_value(cx, arg).map(|value| (arg, value)))
}

/// A finding at `at` (where the PHI reaches the sink) with secondary labels at the PHI's
/// source: where it is read in this file (unless that is all of `at`), and where it is
/// declared.
pub fn finding(
    cx: &Context<'_>,
    at: Node<'_>,
    value: &PhiValue,
    message: String,
    help: &str,
) -> Finding {
    let mut finding = cx
        .finding(at.byte_range(), sentence(&message))
        .with_help(help);
    if value.span != at.byte_range() {
        finding = finding.with_label(cx.file.location(value.span.clone()), "PHI read here");
    }
    if let Some(declared) = &value.declared {
        finding = finding.with_label(declared.clone(), "PHI declared here");
    }
    finding
}

/// `message` with its first letter in upper case, as findings' messages begin.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
