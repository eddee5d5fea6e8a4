//! What Lightning Web Component JavaScript means for PHI: where PHI values come from, how
//! they move, and where they leave the component for the browser's console or storage.
//!
//! The analysis runs once per file ([`JsPhiFlow::of`]) and is shared by every rule that
//! reads it, through [`Context::cached`]. It is a small abstract interpreter over the
//! tree-sitter-javascript tree (`flow`, over the values of `value`):
//!
//! - **sources**: `@salesforce/schema` field imports read through `getFieldValue` or a
//!   wire adapter's field list; `@wire(getRecord, { fields })` properties and their
//!   `.data` (including `data.fields.X.value`); `@wire` and imperative calls of Apex
//!   methods whose return type the project's classes declare
//!   ([`crate::project::Project::apex_methods`]); list adapters given a PHI object;
//!   where nothing is known about a value, property reads named like a PHI field;
//!   and `event.target.value` in a handler of a template input bound to a PHI property
//!   ([`bindings`]);
//! - **propagation**: locals, destructuring, class fields and getters, arguments of the
//!   file's own methods and functions (all three to a fixed point over the file),
//!   template literals, concatenation, `JSON.stringify`, `String(...)`, spread into
//!   object and array literals, string methods, array methods on records, promises
//!   (`await`, `.then`);
//! - **sinks**: `console.*` calls, `localStorage` / `sessionStorage` writes,
//!   `document.cookie` assignments and IndexedDB `put` / `add`.

pub mod bindings;
mod flow;
mod value;

use std::ops::Range;
use std::rc::Rc;

use crate::finding::{Finding, Location};
use crate::registry::Context;

/// Where a PHI value comes from, for a finding's message and secondary labels.
#[derive(Debug, Clone)]
pub struct Taint {
    /// What the value is: "PHI field `Patient__c.SSN__c`", "the wired `Patient__c` record
    /// `patient`".
    pub what: String,
    /// Why it is PHI: "`Patient__c.SSN__c` is PHI: its name matches ...".
    pub because: String,
    /// Where the PHI enters the component (the schema import, the wire adapter, the Apex
    /// import) and where the project declares it.
    pub labels: Vec<(Location, String)>,
}

/// The two kinds of place PHI must not go in the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkKind {
    /// `console.log` and its siblings: `lwc-phi-in-console`.
    Console,
    /// Web storage, cookies and IndexedDB: `lwc-phi-in-browser-storage`.
    Storage,
}

/// A PHI value that reaches a sink.
#[derive(Debug, Clone)]
pub struct SinkHit {
    pub kind: SinkKind,
    /// The call or assignment as written, e.g. `console.log`, `localStorage.setItem`,
    /// `document.cookie`.
    pub sink: String,
    /// Where the data goes, for a message: "the browser console", "`localStorage`".
    pub place: &'static str,
    /// The argument (or assigned value) that carries the PHI.
    pub span: Range<usize>,
    pub taint: Rc<Taint>,
}

/// The PHI data flow of one LWC JavaScript file: every PHI value that reaches a sink.
#[derive(Debug, Default)]
pub struct JsPhiFlow {
    /// In source order, one per sink argument.
    pub hits: Vec<SinkHit>,
}

impl JsPhiFlow {
    /// The flow of the current file, computed by the first rule that asks.
    pub fn of(cx: &mut Context<'_>) -> Rc<JsPhiFlow> {
        cx.cached(flow::analyse)
    }

    /// The hits of one kind of sink.
    pub fn hits(&self, kind: SinkKind) -> impl Iterator<Item = &SinkHit> {
        self.hits.iter().filter(move |h| h.kind == kind)
    }
}

/// Reports every PHI value of the file that reaches a sink of `kind`, with `help`: the
/// body shared by the LWC rules, which differ only in their sinks and their fix.
pub fn report_hits(cx: &mut Context<'_>, kind: SinkKind, help: &str) {
    let flow = JsPhiFlow::of(cx);
    for hit in flow.hits(kind) {
        let finding = cx
            .finding(
                hit.span.clone(),
                format!(
                    "{} is written to {} by `{}`; {}",
                    hit.taint.what, hit.place, hit.sink, hit.taint.because
                ),
            )
            .with_help(help);
        cx.push(with_labels(finding, &hit.taint));
    }
}

/// Adds the taint's labels to a finding.
pub fn with_labels(mut finding: Finding, taint: &Taint) -> Finding {
    for (location, message) in &taint.labels {
        finding = finding.with_label(location.clone(), message.clone());
    }
    finding
}
