//! What Apex code means for PHI: the types of names, whether an expression carries PHI,
//! and what queries read.
//!
//! - [`scope`]: declared types, the enclosing procedure and class, calls;
//! - [`flow`]: the intra-procedural PHI data flow, one analysis per procedure;
//! - [`soql`]: inline queries and query strings, read into one shape;
//! - [`consts`]: what string expressions hold (literals, concatenations, constants);
//! - [`leak`]: what the rules that report PHI reaching a sink have in common.
//!
//! Types come from declarations in scope: locals declared before the use, parameters of the
//! enclosing method, loop variables, and the class's fields. Where a name's type is not
//! known, a field read is judged by the field's name alone (PHI on any object).

pub mod consts;
pub mod flow;
pub mod leak;
pub mod scope;
pub mod soql;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

pub use flow::phi_value;
pub use scope::{object_type, text, trigger_object, variable_type, ObjectType};

use crate::finding::Location;
use crate::registry::Context;

/// Where an expression gets its PHI from, for messages and secondary labels.
#[derive(Debug, Clone)]
pub struct PhiValue {
    /// What the value is, for a message: "PHI field `Patient__c.SSN__c`", "a whole
    /// `Patient__c` record".
    pub what: String,
    /// Why it is PHI: "`Patient__c.SSN__c` is PHI: its name matches ...".
    pub because: String,
    /// Where the PHI is read in this file.
    pub span: Range<usize>,
    /// Where the PHI is declared, when the project declares it.
    pub declared: Option<Location>,
}

/// The Apex facts of one file that rules share, kept in the [`Context`]'s cache: each
/// procedure's data flow, each method's returned PHI, and each query, by node id.
#[derive(Default)]
pub struct ApexFacts {
    flows: RefCell<HashMap<usize, Rc<flow::Flow>>>,
    returns: RefCell<HashMap<usize, Option<PhiValue>>>,
    queries: RefCell<HashMap<usize, Option<Rc<soql::Query>>>>,
    symbols: RefCell<HashMap<usize, Rc<scope::Symbols>>>,
    methods: RefCell<HashMap<usize, Rc<flow::MethodIndex>>>,
    /// Analyses under way, to stop at recursion.
    busy: RefCell<HashSet<usize>>,
}

/// This file's shared Apex facts.
pub(crate) fn facts(cx: &Context<'_>) -> Rc<ApexFacts> {
    cx.cached(|_| ApexFacts::default())
}
