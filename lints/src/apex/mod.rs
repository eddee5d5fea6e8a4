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

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
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
    calls: RefCell<HashMap<usize, Rc<flow::MethodIndex>>>,
    /// The PHI each parameter receives from its callers, by method id and position.
    parameters: RefCell<HashMap<(usize, usize), Option<PhiValue>>>,
    busy_parameters: RefCell<HashSet<(usize, usize)>>,
    /// The PHI each class field is given, by class id and lower-case name.
    fields: RefCell<HashMap<(usize, String), Option<PhiValue>>>,
    field_writes: RefCell<HashMap<usize, Rc<flow::FieldWrites>>>,
    busy_fields: RefCell<HashSet<(usize, String)>>,
    /// Analyses under way, to stop at recursion.
    busy: RefCell<HashSet<usize>>,
}

/// This file's shared Apex facts.
pub(crate) fn facts(cx: &Context<'_>) -> Rc<ApexFacts> {
    cx.cached(|_| ApexFacts::default())
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    /// Every Apex rule, on files no one should write: none may panic or overflow the stack.
    #[test]
    fn pathological_files_do_not_break_the_rules() {
        let chain = format!(
            "public class Deep {{ void f(Patient__c p) {{ String s = {}p.SSN__c; System.debug(s); HttpRequest r = new HttpRequest(); r.setEndpoint('http://x.example.com' + {}'') ; List<SObject> q = Database.query('SELECT Id FROM Patient__c WHERE {}Id = null{}'); }} }}",
            "'a' + ".repeat(3000),
            "'b' + ".repeat(3000),
            "(".repeat(2000),
            ")".repeat(2000),
        );
        let nested = format!(
            "public class Nest {{ void f(Patient__c p) {{ System.debug({}p.SSN__c{}); }} }}",
            "(".repeat(3000),
            ")".repeat(3000)
        );
        let doubling = format!(
            "public class Doubling {{ void f() {{ String s = 'SELECT Id FROM Patient__c'; {} List<SObject> r = Database.query(s); HttpRequest q = new HttpRequest(); q.setEndpoint(s); }} }}",
            "s = s + s; s += s; ".repeat(40)
        );
        let broken = "public without sharing class Broken { void f( { [SELECT FIELDS(ALL) FROM Patient__c WHERE SSN__c = :x ORDER BY";
        let files = [
            PATIENT_FIELDS,
            &[
                ("force-app/main/default/classes/Deep.cls", chain.as_str()),
                ("force-app/main/default/classes/Nest.cls", nested.as_str()),
                (
                    "force-app/main/default/classes/Doubling.cls",
                    doubling.as_str(),
                ),
                ("force-app/main/default/classes/Broken.cls", broken),
                ("force-app/main/default/classes/Empty.cls", ""),
                (
                    "force-app/main/default/triggers/T.trigger",
                    "trigger T on Patient__c (",
                ),
            ],
        ]
        .concat();
        for rule in crate::rules::ALL {
            if rule.meta().id.starts_with("apex-") {
                check(rule.meta().id, &files);
            }
        }
    }

    #[test]
    fn field_tokens_and_describes_are_not_values() {
        let apex = r#"
public with sharing class Describe {
    public void run() {
        List<Schema.SObjectField> fields = new List<Schema.SObjectField>();
        fields.add(Patient__c.SSN__c);
        System.debug(fields);
        System.debug(Schema.SObjectType.Patient__c.fields.SSN__c.getLabel());
        System.debug(Schema.SObjectType.Patient__c.fields.SSN__c);
        Map<String, Object> payload = new Map<String, Object>{ 'n' => 1 };
        System.debug(payload);
    }
    public void leak(Patient__c p) {
        Map<String, Object> payload = new Map<String, Object>{ 'ssn' => p.SSN__c };
        System.debug(payload);
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Describe.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-phi-in-debug", &files), [14]);
    }
}
