//! PHI data flow: within each procedure, and across the methods of one class.
//!
//! Each procedure (method, constructor, static initializer, trigger, anonymous script) is
//! read once, in source order, and every variable that is given a PHI value is recorded
//! with the offset from which it holds it and the PHI's source. A later plain assignment
//! of a value without PHI clears it (inside a branch, only within that branch). The result
//! is cached per file, so every rule that asks whether an expression carries PHI shares
//! one analysis per procedure.
//!
//! Sources: reads of PHI fields, whole records and collections of PHI objects (by their
//! declared type), `Trigger.new` / `old` / `newMap` / `oldMap` in a trigger on a PHI
//! object, and queries that select PHI. Propagation: assignment, `+=`, concatenation,
//! string conversions and serialization, collection `add` / `put`, map and list
//! initializers, ternaries, casts, constructors given PHI.
//!
//! Within a class, three more paths are followed, each computed once and guarded against
//! recursion: what a method returns to its callers, what callers pass to a method's
//! parameters, and what any method stores in a field of the class.

use phi_lint_grammars::NodeExt;
use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::scope::{
    arguments, declared_type_name_in, declares_name, descendants, enclosing_body, enclosing_class,
    is_call, object_type_text, parent_of, same, text, trigger_object, ObjectType,
};
use super::soql::{phi_fields, query_at, QUERY_METHODS};
use super::{facts, PhiValue};
use crate::nodes::named_children;
use crate::registry::Context;

/// How deep one expression is followed; deeper nesting is taken as carrying no PHI, so
/// that a pathological file cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Methods whose result carries the PHI of their arguments (or receiver).
const STRINGIFIERS: &[&str] = &[
    "valueof",
    "format",
    "serialize",
    "serializepretty",
    "join",
    "tostring",
    "escapesinglequotes",
    "abbreviate",
    "touppercase",
    "tolowercase",
    "trim",
    "substring",
    "left",
    "right",
    "replace",
    "replaceall",
    "get",
    "values",
    "deepclone",
    "clone",
    "base64encode",
    "urlencode",
    "converttohex",
    "escapehtml4",
    "escapexml",
    "escapeecmascript",
    "capitalize",
    "normalizespace",
    "remove",
    "repeat",
    "reverse",
    "split",
    "tojson",
];

/// Methods that put their arguments into the receiver.
const MUTATORS: &[&str] = &["add", "addall", "put", "putall", "set"];

/// The PHI held by each variable of one procedure, by lower-case name: from which offset
/// on it holds it (`None` when an assignment cleared it).
#[derive(Debug, Default)]
pub struct Flow {
    events: HashMap<String, Vec<Event>>,
}

/// From offset `from` on, a variable holds `value` (`None`: no PHI).
#[derive(Debug)]
struct Event {
    from: usize,
    value: Option<PhiValue>,
    /// For a clearing assignment inside a branch or loop: the statements it governs. PHI
    /// given before the branch may still be there after it, so outside `within` the
    /// clearing does not count.
    within: Option<std::ops::Range<usize>>,
}

impl Flow {
    /// What `name` holds at offset `at`, when it holds PHI there.
    fn at(&self, name: &str, at: usize) -> Option<&PhiValue> {
        let list = self.events.get(&name.to_ascii_lowercase())?;
        list.iter()
            .rev()
            .filter(|e| e.from <= at)
            .find(|e| e.within.as_ref().is_none_or(|w| w.contains(&at)))
            .and_then(|e| e.value.as_ref())
    }

    fn set(
        &mut self,
        name: &str,
        from: usize,
        value: Option<PhiValue>,
        within: Option<std::ops::Range<usize>>,
    ) {
        let list = self.events.entry(name.to_ascii_lowercase()).or_default();
        // Clearing a variable that never held PHI records nothing.
        if value.is_none() && list.last().is_none_or(|e| e.value.is_none()) {
            return;
        }
        list.push(Event {
            from,
            value,
            within,
        });
    }

    fn taint(&mut self, name: &str, from: usize, value: Option<PhiValue>) {
        if value.is_some() {
            self.set(name, from, value, None);
        }
    }
}

/// The statements a plain assignment governs: the rest of its block, unless that block is
/// the procedure's own, or the single statement of an `if` or loop without braces.
fn governed(
    cx: &Context<'_>,
    assignment: Node<'_>,
    body: Node<'_>,
) -> Option<std::ops::Range<usize>> {
    let statement =
        parent_of(cx, assignment).filter(|p| p.kind_name() == "expression_statement")?;
    let holder = parent_of(cx, statement)?;
    let top_level = holder.kind_name() == "block" && parent_of(cx, holder) == Some(body)
        || holder.kind_name() == "constructor_body"
        || holder.kind_name() == "trigger_body"
        || parent_of(cx, holder).is_some_and(|p| p.kind_name() == "trigger_body");
    if top_level || holder == body {
        return None;
    }
    Some(if holder.kind_name() == "block" {
        holder.byte_range()
    } else {
        statement.byte_range()
    })
}

/// Whether `expr` carries PHI, and where from.
///
/// The data flow of the procedure is computed only when the answer depends on what a
/// variable holds: most logged and sent expressions are literals, counts and reads.
pub fn phi_value(cx: &Context<'_>, expr: Node<'_>) -> Option<PhiValue> {
    let body = enclosing_body(cx, expr)?;
    Eval {
        cx,
        flow: None,
        body,
    }
    .value(expr, 0)
}

/// The PHI `expr` carries, given the data flow so far of the procedure `body` it is in.
fn value_in(cx: &Context<'_>, flow: &Flow, body: Node<'_>, expr: Node<'_>) -> Option<PhiValue> {
    Eval {
        cx,
        flow: Some(flow),
        body,
    }
    .value(expr, 0)
}

/// The data flow of the procedure `body`, computed once per file.
pub fn flow_of(cx: &Context<'_>, body: Node<'_>) -> Rc<Flow> {
    let facts = facts(cx);
    if let Some(flow) = facts.flows.borrow().get(&body.id()) {
        return Rc::clone(flow);
    }
    if !facts.busy.borrow_mut().insert(body.id()) {
        // A method that (indirectly) calls itself: its own flow is not known yet.
        return Rc::new(Flow::default());
    }
    let flow = Rc::new(compute(cx, body));
    facts.busy.borrow_mut().remove(&body.id());
    facts.flows.borrow_mut().insert(body.id(), Rc::clone(&flow));
    flow
}

fn compute(cx: &Context<'_>, body: Node<'_>) -> Flow {
    let mut flow = Flow::default();
    if body.kind_name() == "class_declaration" {
        return flow;
    }
    for (node, kind) in descendants(cx, body) {
        match kind {
            "variable_declarator" => {
                let local = parent_of(cx, node)
                    .is_some_and(|p| p.kind_name() == "local_variable_declaration");
                let (Some(name), Some(value), true) =
                    (node.field("name"), node.field("value"), local)
                else {
                    continue;
                };
                let held = value_in(cx, &flow, body, value);
                flow.set(text(cx, name), node.end_byte(), held, None);
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
                    continue;
                };
                let held = value_in(cx, &flow, body, right);
                let plain = node.field("operator").is_some_and(|o| text(cx, o) == "=");
                match left.kind_name() {
                    "identifier" if plain => {
                        let within = held.is_none().then(|| governed(cx, node, body)).flatten();
                        flow.set(text(cx, left), node.end_byte(), held, within);
                    }
                    "identifier" => flow.taint(text(cx, left), node.end_byte(), held),
                    // `w.ssn = p.SSN__c`, `rows[0] = p`: the holder now carries PHI.
                    "field_access" | "array_access" => {
                        let holder = left.field("object").or_else(|| left.field("array"));
                        if let Some(holder) = holder.filter(|h| h.kind_name() == "identifier") {
                            flow.taint(text(cx, holder), node.end_byte(), held);
                        }
                    }
                    _ => {}
                }
            }
            "method_invocation" => {
                let (Some(receiver), Some(name)) = (node.field("object"), node.field("name"))
                else {
                    continue;
                };
                let mutates = MUTATORS.iter().any(|m| same(m, text(cx, name)));
                if !mutates || receiver.kind_name() != "identifier" {
                    continue;
                }
                let held = arguments(node)
                    .into_iter()
                    .find_map(|a| value_in(cx, &flow, body, a));
                flow.taint(text(cx, receiver), node.end_byte(), held);
            }
            "enhanced_for_statement" => {
                let (Some(name), Some(value), Some(loop_body)) =
                    (node.field("name"), node.field("value"), node.field("body"))
                else {
                    continue;
                };
                let held = value_in(cx, &flow, body, value);
                flow.taint(text(cx, name), loop_body.start_byte(), held);
            }
            _ => {}
        }
    }
    flow
}

/// Judges expressions against the flow of their procedure.
struct Eval<'c, 'a, 'n> {
    cx: &'c Context<'a>,
    /// The flow so far, while the flow itself is being computed; `None`: the whole flow
    /// of `body`, computed when first needed.
    flow: Option<&'c Flow>,
    /// The procedure the expressions are in.
    body: Node<'n>,
}

/// The declared sObject type of `name` at `at` in the procedure `body`.
fn type_in(cx: &Context<'_>, body: Node<'_>, at: Node<'_>, name: &str) -> Option<ObjectType> {
    object_type_text(&declared_type_name_in(cx, body, at.start_byte(), name)?)
}

impl Eval<'_, '_, '_> {
    fn value(&self, expr: Node<'_>, depth: usize) -> Option<PhiValue> {
        if depth > MAX_DEPTH {
            return None;
        }
        let cx = self.cx;
        let next = depth + 1;
        match expr.kind_name() {
            "identifier" => {
                let name = text(cx, expr);
                let held = match self.flow {
                    Some(flow) => flow.at(name, expr.start_byte()).cloned(),
                    None => flow_of(cx, self.body).at(name, expr.start_byte()).cloned(),
                };
                match (whole_record(cx, self.body, expr), held) {
                    // A record of a PHI object is named as such; where it got its PHI
                    // (the query that filled it) is the better place to point at.
                    (Some(record), Some(held)) => Some(PhiValue {
                        span: held.span,
                        ..record
                    }),
                    (Some(record), None) => Some(record),
                    (None, Some(held)) => Some(held),
                    (None, None) => parameter_value(cx, self.body, text(cx, expr))
                        .or_else(|| self.class_field(text(cx, expr))),
                }
            }
            "field_access" => {
                let object = expr.field("object")?;
                if object.kind_name() == "this" {
                    let field = expr.field("field")?;
                    return self.class_field(text(cx, field));
                }
                field_access(cx, self.body, expr)
            }
            "array_access" => self.value(expr.field("array")?, next),
            "method_invocation" => self.call(expr, next),
            "binary_expression" => {
                let op = expr.field("operator").map(|o| o.kind_name());
                if op != Some("+") {
                    return None;
                }
                self.first_child(expr, next)
            }
            "parenthesized_expression" | "array_initializer" => self.first_child(expr, next),
            "array_creation_expression" => self.value(expr.field("value")?, next),
            "map_creation_expression" => self.value(expr.field("value")?, next),
            "map_initializer" | "map_key_initializer" => self.first_child(expr, next),
            "object_creation_expression" => arguments(expr)
                .into_iter()
                .find_map(|a| self.value(a, next)),
            "assignment_expression" => self.value(expr.field("right")?, next),
            "ternary_expression" => ["consequence", "alternative"]
                .iter()
                .find_map(|f| self.value(expr.field(f)?, next)),
            "cast_expression" => self
                .value(expr.field("value")?, next)
                .or_else(|| cast_record(cx, expr)),
            "query_expression" => query_value(cx, expr),
            _ => None,
        }
    }

    /// A field of the enclosing class that some code of the class gives PHI.
    fn class_field(&self, name: &str) -> Option<PhiValue> {
        let cx = self.cx;
        if self.body.kind_name() != "class_declaration" && declares_name(cx, self.body, name) {
            return None;
        }
        let class = if self.body.kind_name() == "class_declaration" {
            self.body
        } else {
            enclosing_class(cx, self.body)?
        };
        if !declares_name(cx, class, name) {
            return None;
        }
        field_value(cx, class, name)
    }

    fn first_child(&self, node: Node<'_>, depth: usize) -> Option<PhiValue> {
        self.cx
            .nodes()
            .children(node)
            .find_map(|c| self.value(c, depth))
    }

    fn call(&self, call: Node<'_>, depth: usize) -> Option<PhiValue> {
        let cx = self.cx;
        let name = text(cx, call.field("name")?);
        let receiver = call.field("object");

        if is_call(cx, call, "Database", QUERY_METHODS) {
            return query_value(cx, call);
        }
        if let Some(value) = same_class_call(cx, self.body, call) {
            return Some(value);
        }
        let lower = name.to_ascii_lowercase();
        if !STRINGIFIERS.contains(&lower.as_str()) {
            return None;
        }
        // `record.get('Field__c')` reads one field, judged like `record.Field__c`.
        if lower == "get" {
            if let Some(value) = dynamic_get(cx, self.body, call) {
                return value;
            }
        }
        if let Some(value) = receiver.and_then(|r| self.value(r, depth)) {
            return Some(value);
        }
        arguments(call)
            .into_iter()
            .find_map(|a| self.value(a, depth))
    }
}

/// `record.get('Field__c')` on a single record of a known type: `Some(verdict)`; `None`
/// when the call is not one of those.
fn dynamic_get(cx: &Context<'_>, body: Node<'_>, call: Node<'_>) -> Option<Option<PhiValue>> {
    let receiver = call.field("object")?;
    if receiver.kind_name() != "identifier" {
        return None;
    }
    let ty = type_in(cx, body, call, text(cx, receiver))?;
    let args = arguments(call);
    let [arg] = args.as_slice() else {
        return None;
    };
    if ty.collection || arg.kind_name() != "string_literal" {
        return None;
    }
    let field = super::consts::unquote(text(cx, *arg));
    let phi_field = cx.phi.field(cx.project, &ty.object, &field);
    Some(phi_field.map(|f| PhiValue {
        what: format!("PHI field `{}`", f.name),
        because: f.because(),
        span: call.byte_range(),
        declared: f.decl.map(|d| d.location.clone()),
    }))
}

fn field_access(cx: &Context<'_>, body: Node<'_>, expr: Node<'_>) -> Option<PhiValue> {
    let object = expr.field("object")?;
    let field = text(cx, expr.field("field")?);

    if object.kind_name() == "identifier" && same(text(cx, object), "Trigger") {
        const RECORDS: [&str; 4] = ["new", "old", "newmap", "oldmap"];
        if !RECORDS.contains(&field.to_ascii_lowercase().as_str()) {
            return None;
        }
        let trigger_on = trigger_object(cx)?;
        let verdict = cx.phi.object(trigger_on)?;
        return Some(PhiValue {
            what: format!("`Trigger.{field}` (the `{trigger_on}` records)"),
            because: format!("`{trigger_on}` is PHI: {}", verdict.why()),
            span: expr.byte_range(),
            declared: cx
                .project
                .object(trigger_on)
                .and_then(|o| o.location.clone()),
        });
    }

    let receiver = match object.kind_name() {
        "identifier" => type_in(cx, body, expr, text(cx, object)),
        _ => None,
    };
    if receiver.is_none() && is_schema_reference(cx, object) {
        return None;
    }
    let phi_field = match receiver {
        Some(ty) => cx.phi.field(cx.project, &ty.object, field),
        None => cx.phi.field_of_unknown_object(cx.project, field),
    }?;
    Some(PhiValue {
        what: format!("PHI field `{}`", phi_field.name),
        because: phi_field.because(),
        span: expr.byte_range(),
        declared: phi_field.decl.map(|d| d.location.clone()),
    })
}

/// Types that are never records: no need to ask the PHI model about them.
const NOT_RECORDS: &[&str] = &[
    "string",
    "integer",
    "long",
    "decimal",
    "double",
    "boolean",
    "id",
    "date",
    "datetime",
    "time",
    "blob",
    "object",
    "sobject",
    "httprequest",
    "httpresponse",
    "http",
];

/// Whether `object.Field` names a field rather than reads one: `Patient__c.SSN__c` (a
/// field token), `Schema.SObjectType.Patient__c.fields.SSN__c` (a describe).
fn is_schema_reference(cx: &Context<'_>, object: Node<'_>) -> bool {
    let written = text(cx, object).to_ascii_lowercase();
    if written.contains("sobjecttype") || written.ends_with(".fields") {
        return true;
    }
    object.kind_name() == "identifier"
        && (cx.project.object(&written).is_some()
            || ["__c", "__mdt", "__x", "__e", "__b"]
                .iter()
                .any(|suffix| written.ends_with(suffix)))
}

fn whole_record(cx: &Context<'_>, body: Node<'_>, expr: Node<'_>) -> Option<PhiValue> {
    let ty = type_in(cx, body, expr, text(cx, expr))?;
    if NOT_RECORDS.contains(&ty.object.to_ascii_lowercase().as_str()) {
        return None;
    }
    let verdict = cx.phi.object(&ty.object)?;
    Some(PhiValue {
        what: records(text(cx, expr), &ty),
        because: format!("`{}` is PHI: {}", ty.object, verdict.why()),
        span: expr.byte_range(),
        declared: cx
            .project
            .object(&ty.object)
            .and_then(|o| o.location.clone()),
    })
}

/// How a message names a whole record, or collection of records, held by `value`.
fn records(value: &str, ty: &ObjectType) -> String {
    if ty.collection {
        format!("the collection `{value}` of `{}` records", ty.object)
    } else {
        format!("the whole `{}` record `{value}`", ty.object)
    }
}

/// A cast to a PHI object or a collection of one: `(List<Patient__c>) Trigger.new` in a
/// trigger handler class.
fn cast_record(cx: &Context<'_>, cast: Node<'_>) -> Option<PhiValue> {
    let ty_node = cast.field("type")?;
    let ty = super::scope::object_type(cx, ty_node)?;
    let verdict = cx.phi.object(&ty.object)?;
    let value = text(cx, cast.field("value")?);
    Some(PhiValue {
        what: records(value, &ty),
        because: format!("`{}` is PHI: {}", ty.object, verdict.why()),
        span: cast.byte_range(),
        declared: cx
            .project
            .object(&ty.object)
            .and_then(|o| o.location.clone()),
    })
}

/// A query used as a value: PHI when it selects a PHI field, or all fields of a PHI object.
fn query_value(cx: &Context<'_>, node: Node<'_>) -> Option<PhiValue> {
    if let Some(search) = super::scope::first_child_of_kind(node, "sosl_query_body") {
        return search_value(cx, search);
    }
    let query = query_at(cx, node)?;
    if let Some((field, span)) = phi_fields(cx, &query).into_iter().next() {
        return Some(PhiValue {
            what: format!("a query of PHI field `{}`", field.name),
            because: field.because(),
            span,
            declared: field.decl.map(|d| d.location.clone()),
        });
    }
    let (word, span) = query.all_fields.clone()?;
    let verdict = cx.phi.object(&query.object)?;
    Some(PhiValue {
        what: format!("a query of `FIELDS({word})` on `{}` records", query.object),
        because: format!("`{}` is PHI: {}", query.object, verdict.why()),
        span,
        declared: cx
            .project
            .object(&query.object)
            .and_then(|o| o.location.clone()),
    })
}

/// A SOSL search used as a value: PHI when it returns a PHI field of one of its objects.
fn search_value(cx: &Context<'_>, search: Node<'_>) -> Option<PhiValue> {
    let returning = super::scope::first_child_of_kind(search, "returning_clause")?;
    let objects: Vec<Node> = named_children(returning)
        .filter(|n| n.kind_name() == "sobject_return")
        .collect();
    objects.into_iter().find_map(|object_node| {
        let object = text(
            cx,
            super::scope::first_child_of_kind(object_node, "identifier")?,
        );
        let selected = super::scope::first_child_of_kind(object_node, "selected_fields")?;
        let fields: Vec<Node> = named_children(selected)
            .filter(|f| f.kind_name() == "field_identifier")
            .collect();
        fields.into_iter().find_map(|f| {
            let field = cx.phi.field(cx.project, object, text(cx, f))?;
            Some(PhiValue {
                what: format!("a search returning PHI field `{}`", field.name),
                because: field.because(),
                span: f.byte_range(),
                declared: field.decl.map(|d| d.location.clone()),
            })
        })
    })
}

/// A call of a method of the same class (`load()`, `this.load()`, `Service.load()` inside
/// `Service`): the PHI its `return` statements give back, or its declared PHI type.
fn same_class_call(cx: &Context<'_>, body: Node<'_>, call: Node<'_>) -> Option<PhiValue> {
    let (receiver, name) = super::scope::call_name(cx, call)?;
    let class = if body.kind_name() == "class_declaration" {
        body
    } else {
        enclosing_class(cx, body)?
    };
    let class_name = class.field("name").map(|n| text(cx, n))?;
    if !(receiver.is_empty() || same(receiver, "this") || same(receiver, class_name)) {
        return None;
    }
    let argc = arguments(call).len();
    let index = methods(cx, class);
    let spans = index.get(&(name.to_ascii_lowercase(), argc))?;
    spans.iter().find_map(|&(start, end)| {
        let mut method = class.descendant_for_byte_range(start, end)?;
        while method.kind_name() != "method_declaration" {
            method = parent_of(cx, method)?;
        }
        returns(cx, method)
    })
}

/// The methods of a class by lower-case name and parameter count, as byte ranges.
pub(crate) type MethodIndex = HashMap<(String, usize), Vec<(usize, usize)>>;

/// The method index of `class`, built once per file.
fn methods(cx: &Context<'_>, class: Node<'_>) -> Rc<MethodIndex> {
    let facts = facts(cx);
    if let Some(found) = facts.methods.borrow().get(&class.id()) {
        return Rc::clone(found);
    }
    let mut index = MethodIndex::default();
    if let Some(body) = class.field("body") {
        for member in named_children(body) {
            if member.kind_name() != "method_declaration" {
                continue;
            }
            let (Some(name), Some(params)) = (member.field("name"), member.field("parameters"))
            else {
                continue;
            };
            let argc = {
                let count = named_children(params)
                    .filter(|p| p.kind_name() == "formal_parameter")
                    .count();
                count
            };
            index
                .entry((text(cx, name).to_ascii_lowercase(), argc))
                .or_default()
                .push((member.start_byte(), member.end_byte()));
        }
    }
    let index = Rc::new(index);
    facts
        .methods
        .borrow_mut()
        .insert(class.id(), Rc::clone(&index));
    index
}

/// The PHI a method returns, computed once per method.
fn returns(cx: &Context<'_>, method: Node<'_>) -> Option<PhiValue> {
    let facts = facts(cx);
    if let Some(found) = facts.returns.borrow().get(&method.id()) {
        return found.clone();
    }
    if !facts.busy.borrow_mut().insert(usize::MAX - method.id()) {
        return None;
    }
    let eval = Eval {
        cx,
        flow: None,
        body: method,
    };
    let mut value = method.field("body").and_then(|body| {
        descendants(cx, body)
            .filter(|(_, kind)| *kind == "return_statement")
            .find_map(|(r, _)| eval.value(super::scope::first_code_child(r)?, 0))
    });
    if value.is_none() {
        let name = method.field("name").map_or("", |n| text(cx, n));
        value = method
            .field("type")
            .and_then(|t| super::scope::object_type(cx, t))
            .and_then(|ty| {
                let verdict = cx.phi.object(&ty.object)?;
                Some(PhiValue {
                    what: format!("the `{}` records that `{name}` returns", ty.object),
                    because: format!("`{}` is PHI: {}", ty.object, verdict.why()),
                    span: method.field("type")?.byte_range(),
                    declared: cx
                        .project
                        .object(&ty.object)
                        .and_then(|o| o.location.clone()),
                })
            });
    }
    facts.busy.borrow_mut().remove(&(usize::MAX - method.id()));
    facts
        .returns
        .borrow_mut()
        .insert(method.id(), value.clone());
    value
}

/// The PHI a parameter of a method receives from the calls of that method in the same
/// class: `log(p.SSN__c)` makes the parameter of `log` carry PHI. Computed once per
/// parameter.
fn parameter_value(cx: &Context<'_>, method: Node<'_>, name: &str) -> Option<PhiValue> {
    if method.kind_name() != "method_declaration" {
        return None;
    }
    let params = method.field("parameters")?;
    let index = {
        let found = named_children(params)
            .filter(|p| p.kind_name() == "formal_parameter")
            .position(|p| p.field("name").is_some_and(|n| same(text(cx, n), name)));
        found
    }?;
    let key = (method.id(), index);
    let facts = facts(cx);
    if let Some(found) = facts.parameters.borrow().get(&key) {
        return found.clone();
    }
    if !facts.busy_parameters.borrow_mut().insert(key) {
        return None;
    }
    let value = passed_in(cx, method, index, name);
    facts.busy_parameters.borrow_mut().remove(&key);
    facts.parameters.borrow_mut().insert(key, value.clone());
    value
}

fn passed_in(cx: &Context<'_>, method: Node<'_>, index: usize, name: &str) -> Option<PhiValue> {
    let method_name = text(cx, method.field("name")?);
    let argc = method.field("parameters").map_or(0, |p| {
        let count = named_children(p)
            .filter(|c| c.kind_name() == "formal_parameter")
            .count();
        count
    });
    let class = enclosing_class(cx, method)?;
    let class_name = class.field("name").map(|n| text(cx, n))?;
    let calls = calls(cx, class);
    let spans = calls.get(&(method_name.to_ascii_lowercase(), argc))?;
    spans.iter().find_map(|&(start, end)| {
        let mut call = class.descendant_for_byte_range(start, end)?;
        while call.kind_name() != "method_invocation" {
            call = parent_of(cx, call)?;
        }
        let (receiver, _) = super::scope::call_name(cx, call)?;
        if !(receiver.is_empty() || same(receiver, "this") || same(receiver, class_name)) {
            return None;
        }
        let arg = *arguments(call).get(index)?;
        let value = phi_value(cx, arg)?;
        Some(PhiValue {
            what: with_hop(
                &value.what,
                &format!("passed to `{method_name}` as `{name}`"),
            ),
            ..value
        })
    })
}

/// The calls made in a class's own code (nested classes aside), by lower-case method name
/// and argument count, as byte ranges.
fn calls(cx: &Context<'_>, class: Node<'_>) -> Rc<MethodIndex> {
    let facts = facts(cx);
    if let Some(found) = facts.calls.borrow().get(&class.id()) {
        return Rc::clone(found);
    }
    let mut index = MethodIndex::default();
    if let Some(body) = class.field("body") {
        for (node, kind) in descendants(cx, body) {
            if kind != "method_invocation" {
                continue;
            }
            if let Some(name) = node.field("name") {
                index
                    .entry((text(cx, name).to_ascii_lowercase(), arguments(node).len()))
                    .or_default()
                    .push((node.start_byte(), node.end_byte()));
            }
        }
    }
    let index = Rc::new(index);
    facts
        .calls
        .borrow_mut()
        .insert(class.id(), Rc::clone(&index));
    index
}

/// The PHI a field of `class` is given anywhere in the class: by its initializer, or by an
/// assignment (`ssn = ...`, `this.ssn = ...`) in any of its methods. Computed once per
/// field.
fn field_value(cx: &Context<'_>, class: Node<'_>, name: &str) -> Option<PhiValue> {
    let key = (class.id(), name.to_ascii_lowercase());
    let facts = facts(cx);
    if let Some(found) = facts.fields.borrow().get(&key) {
        return found.clone();
    }
    if !facts.busy_fields.borrow_mut().insert(key.clone()) {
        return None;
    }
    let writes = field_writes(cx, class);
    let value = writes.get(&key.1).and_then(|spans| {
        spans.iter().find_map(|&(start, end)| {
            let value = class.named_descendant_for_byte_range(start, end)?;
            let phi = phi_value(cx, value)?;
            Some(PhiValue {
                what: with_hop(&phi.what, &format!("kept in the field `{name}`")),
                ..phi
            })
        })
    });
    facts.busy_fields.borrow_mut().remove(&key);
    facts.fields.borrow_mut().insert(key, value.clone());
    value
}

/// Byte ranges of the values given to each lower-case name.
pub(crate) type FieldWrites = HashMap<String, Vec<(usize, usize)>>;

/// The values given to names of a class's code (fields, or locals that shadow them, which
/// [`field_value`]'s callers rule out), by lower-case name, as byte ranges.
fn field_writes(cx: &Context<'_>, class: Node<'_>) -> Rc<FieldWrites> {
    let facts = facts(cx);
    if let Some(found) = facts.field_writes.borrow().get(&class.id()) {
        return Rc::clone(found);
    }
    let mut writes = FieldWrites::default();
    if let Some(body) = class.field("body") {
        for (node, kind) in descendants(cx, body) {
            let (target, value) = match kind {
                "variable_declarator"
                    if parent_of(cx, node)
                        .is_some_and(|p| p.kind_name() == "field_declaration") =>
                {
                    (node.field("name"), node.field("value"))
                }
                "assignment_expression" => {
                    let left = node.field("left");
                    let target = match left {
                        Some(l) if l.kind_name() == "identifier" => {
                            // A local of the same name shadows the field.
                            let shadowed = enclosing_body(cx, node).is_some_and(|body| {
                                body.kind_name() != "class_declaration"
                                    && declares_name(cx, body, text(cx, l))
                            });
                            (!shadowed).then_some(l)
                        }
                        Some(l) if l.kind_name() == "field_access" => l
                            .field("object")
                            .filter(|o| o.kind_name() == "this")
                            .and_then(|_| l.field("field")),
                        _ => None,
                    };
                    (target, node.field("right"))
                }
                _ => continue,
            };
            if let (Some(target), Some(value)) = (target, value) {
                writes
                    .entry(text(cx, target).to_ascii_lowercase())
                    .or_default()
                    .push((value.start_byte(), value.end_byte()));
            }
        }
    }
    let writes = Rc::new(writes);
    facts
        .field_writes
        .borrow_mut()
        .insert(class.id(), Rc::clone(&writes));
    writes
}

/// `what` with the last step the value took, in parentheses: one step only, the one
/// nearest the sink, so that a value passed through several fields does not read as a
/// chain of parentheses (the secondary label points at where it came from).
fn with_hop(what: &str, hop: &str) -> String {
    let base = [" (kept in the field `", " (passed to `"]
        .iter()
        .filter_map(|marker| what.find(marker))
        .min()
        .map_or(what, |at| &what[..at]);
    format!("{base} ({hop})")
}
