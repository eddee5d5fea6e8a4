//! The abstract values of the JavaScript PHI data flow: what the analysis knows about a
//! value, and how two possible values of one name are merged.

use std::collections::HashMap;
use std::rc::Rc;

use super::Taint;
use crate::finding::Location;

/// A field named by code: a schema import, or a string `Object.Field`.
#[derive(Debug)]
pub(super) struct FieldRef {
    pub(super) object: String,
    /// The path after the object: `SSN__c`, or `Account__r.Name` through a relationship.
    pub(super) path: String,
    /// The import statement and its local name, for a schema import.
    pub(super) import: Option<(Location, String)>,
}

/// An imported Apex method.
#[derive(Debug)]
pub(super) struct ApexRef {
    pub(super) class: String,
    pub(super) method: String,
    pub(super) import: Location,
}

/// One record, or a list of records, whose fields the analysis can judge.
#[derive(Debug)]
pub(super) struct Records {
    /// The object, when known.
    pub(super) object: Option<String>,
    pub(super) collection: bool,
    /// Why the record as a whole is PHI, when it is.
    pub(super) whole: Option<Rc<Taint>>,
    /// Where the records enter the component, as labels.
    pub(super) origin: Vec<(Location, String)>,
}

/// What the analysis knows about a value.
#[derive(Debug, Clone, Default)]
pub(super) enum Val {
    #[default]
    Unknown,
    /// `this` of the class being walked.
    This,
    /// A string literal.
    Str(Rc<str>),
    /// A `@salesforce/schema` field import (a reference, not the data).
    Field(Rc<FieldRef>),
    /// A `@salesforce/schema` object import.
    Object(Rc<str>),
    /// A list of field references, as wire adapters take.
    Fields(Vec<Rc<FieldRef>>),
    /// An imported Apex method.
    Apex(Rc<ApexRef>),
    /// A function imported from a `lightning/ui*Api` module, by its exported name.
    Adapter(Rc<str>),
    /// Data that is PHI.
    Phi(Rc<Taint>),
    /// Records of an object.
    Records(Rc<Records>),
    /// The `fields` map of a UI API record.
    FieldsOf(Rc<Records>),
    /// A wired property or wired method argument, `{ data, error }`.
    Wired(Box<Val>),
    /// A promise of a value, such as an imperative Apex call.
    Promise(Box<Val>),
    /// An IndexedDB object store.
    IdbStore,
    /// The event of a handler whose template input is bound to PHI.
    Event(Rc<Taint>),
    /// That event's `target` or `detail`, whose `value` is the PHI.
    EventTarget(Rc<Taint>),
}

impl Val {
    /// Why the value, logged or stored as it is, would disclose PHI.
    pub(super) fn taint(&self) -> Option<Rc<Taint>> {
        match self {
            Val::Phi(t) => Some(t.clone()),
            Val::Records(r) | Val::FieldsOf(r) => r.whole.clone(),
            Val::Wired(inner) => inner.taint(),
            _ => None,
        }
    }

    pub(super) fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown)
    }

    /// A coarse shape, to tell when a fixed point is reached.
    pub(super) fn shape(&self) -> (u8, bool) {
        let tag = match self {
            Val::Unknown => 0,
            Val::This => 1,
            Val::Str(_) => 2,
            Val::Field(_) => 3,
            Val::Object(_) => 4,
            Val::Fields(_) => 5,
            Val::Apex(_) => 6,
            Val::Adapter(_) => 7,
            Val::Phi(_) => 8,
            Val::Records(_) => 9,
            Val::FieldsOf(_) => 10,
            Val::Wired(_) => 11,
            Val::Promise(_) => 12,
            Val::IdbStore => 13,
            Val::Event(_) => 14,
            Val::EventTarget(_) => 15,
        };
        (tag, self.taint().is_some())
    }
}

/// Of two values a name may hold, the one to keep: a PHI one wins, then a known one.
pub(super) fn join(old: Val, new: Val) -> Val {
    if new.taint().is_some() || old.is_unknown() {
        new
    } else if old.taint().is_some() || new.is_unknown() {
        old
    } else {
        new
    }
}

pub(super) type Env = HashMap<String, Val>;
