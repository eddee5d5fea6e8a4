//! The interpreter behind [`super::JsPhiFlow`]: it evaluates a file's expressions to
//! abstract values ([`Val`]) that say what the analysis knows about them, and records the
//! PHI values that reach a sink.
//!
//! Class fields, getters and the parameters of the file's own methods and functions are
//! solved to a fixed point: each pass walks the whole file with what the pass before found
//! for them, until that stops changing (or after a few passes); the sink hits of the last
//! pass are the result. Everything else is followed in one walk, in source order.

use phi_lint_grammars::NodeExt;
use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::bindings::{component_of, TemplateBinding};
use super::value::{join, ApexRef, Env, FieldRef, Records, Val};
use super::{JsPhiFlow, SinkHit, SinkKind, Taint};
use crate::finding::Location;
use crate::kind::SourceKind;
use crate::phi::{PhiField, Reason};
use crate::registry::Context;

/// Deeper syntax than this is not followed, so that no input can exhaust the stack.
const MAX_DEPTH: usize = 160;
/// Passes over a class before its fields are taken as settled.
const MAX_PASSES: usize = 5;

/// `console` methods that print their arguments.
const CONSOLE: &[&str] = &[
    "log",
    "info",
    "warn",
    "error",
    "debug",
    "table",
    "dir",
    "dirxml",
    "trace",
    "group",
    "groupCollapsed",
    "assert",
];

/// Record properties of the UI API that are not field values.
const RECORD_META: &[&str] = &[
    "id",
    "Id",
    "apiName",
    "recordTypeId",
    "recordTypeInfo",
    "childRelationships",
    "lastModifiedById",
    "lastModifiedDate",
    "systemModstamp",
    "weakEtag",
    "eTag",
    "attributes",
    "length",
];

/// Methods of strings and arrays whose result is a yes/no or a position, not the data.
const NOT_DATA: &[&str] = &[
    "includes",
    "startsWith",
    "endsWith",
    "indexOf",
    "lastIndexOf",
    "findIndex",
    "findLastIndex",
    "some",
    "every",
    "test",
    "localeCompare",
    "has",
    "match",
    "search",
];

/// Analyses the current file of `cx`, if it is LWC JavaScript.
pub(super) fn analyse(cx: &Context<'_>) -> JsPhiFlow {
    let Some(tree) = cx.file.tree() else {
        return JsPhiFlow::default();
    };
    if cx.file.kind != SourceKind::LwcScript {
        return JsPhiFlow::default();
    }
    // Most components never log or store anything: skip them at the cost of a text scan.
    const SINK_WORDS: [&str; 5] = [
        "console",
        "localStorage",
        "sessionStorage",
        "cookie",
        "objectStore",
    ];
    if !SINK_WORDS.iter().any(|w| cx.file.text.contains(w)) {
        return JsPhiFlow::default();
    }
    let root = tree.root_node();
    let handlers: HashMap<String, Vec<&TemplateBinding>> = {
        let mut map: HashMap<String, Vec<&TemplateBinding>> = HashMap::new();
        let bindings = component_of(cx.file).map_or(&[][..], |c| cx.project.template_bindings(c));
        for binding in bindings {
            map.entry(binding.handler.clone())
                .or_default()
                .push(binding);
        }
        map
    };
    let mut flow = Flow {
        cx,
        handlers,
        module: Env::new(),
        wire: vec!["wire".to_string()],
        fields: Env::new(),
        next_fields: Env::new(),
        params: HashMap::new(),
        next_params: HashMap::new(),
        returns: Vec::new(),
        hits: Vec::new(),
        depth: 0,
    };
    flow.imports(root);
    let mut module = flow.module.clone();
    let top: Vec<Node> = named_children(root);
    for node in &top {
        if matches!(
            node.kind_name(),
            "lexical_declaration" | "variable_declaration"
        ) {
            flow.eval(*node, &mut module);
        }
    }
    flow.module = module;

    for _ in 0..MAX_PASSES {
        flow.hits.clear();
        flow.next_fields.clear();
        flow.next_params.clear();
        for node in &top {
            if node.kind_name() != "import_statement" {
                let mut env = Env::new();
                flow.eval(*node, &mut env);
            }
        }
        let settled = shapes(&flow.fields) == shapes(&flow.next_fields)
            && param_shapes(&flow.params) == param_shapes(&flow.next_params);
        flow.fields = std::mem::take(&mut flow.next_fields);
        flow.params = std::mem::take(&mut flow.next_params);
        if settled {
            break;
        }
    }

    let mut hits = flow.hits;
    hits.sort_by_key(|h| (h.span.start, h.span.end, h.kind == SinkKind::Storage));
    hits.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
    JsPhiFlow { hits }
}

fn shapes(env: &Env) -> Vec<(&String, (u8, bool))> {
    let mut out: Vec<_> = env.iter().map(|(k, v)| (k, v.shape())).collect();
    out.sort();
    out
}

fn param_shapes(params: &HashMap<String, Vec<Val>>) -> Vec<(&String, Vec<(u8, bool)>)> {
    let mut out: Vec<_> = params
        .iter()
        .map(|(k, v)| (k, v.iter().map(Val::shape).collect()))
        .collect();
    out.sort();
    out
}

fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind_name() != "comment")
        .collect()
}

struct Flow<'c, 'a> {
    cx: &'c Context<'a>,
    /// The component's event handlers, by name, with the template inputs they serve.
    handlers: HashMap<String, Vec<&'a TemplateBinding>>,
    /// Imports and module-level declarations.
    module: Env,
    /// Local names of `wire` imported from `lwc`.
    wire: Vec<String>,
    /// Class fields and getters (`this.x`) found by the previous pass.
    fields: Env,
    /// Class fields found by this pass.
    next_fields: Env,
    /// What the file's own methods (`this.m(...)`, by name) and functions (`f(...)`, as
    /// `fn f`) are called with, found by the previous pass: the values of their
    /// parameters.
    params: HashMap<String, Vec<Val>>,
    /// The same, found by this pass.
    next_params: HashMap<String, Vec<Val>>,
    /// One slot per function being walked: what it returns.
    returns: Vec<Val>,
    hits: Vec<SinkHit>,
    depth: usize,
}

impl<'c, 'a> Flow<'c, 'a> {
    fn text(&self, node: Node<'_>) -> &'a str {
        self.cx.file.slice(node.byte_range())
    }

    fn location(&self, node: Node<'_>) -> Location {
        self.cx.file.location(node.byte_range())
    }

    // ----- imports --------------------------------------------------------------------

    fn imports(&mut self, root: Node<'_>) {
        for statement in named_children(root) {
            if statement.kind_name() != "import_statement" {
                continue;
            }
            let Some(source) = statement.field("source") else {
                continue;
            };
            let source = string_value(self.text(source));
            let Some(clause) = named_children(statement)
                .into_iter()
                .find(|c| c.kind_name() == "import_clause")
            else {
                continue;
            };
            let default = named_children(clause)
                .into_iter()
                .find(|c| c.kind_name() == "identifier")
                .map(|n| self.text(n).to_string());
            let named: Vec<(String, String)> = named_children(clause)
                .into_iter()
                .filter(|c| c.kind_name() == "named_imports")
                .flat_map(named_children)
                .filter(|s| s.kind_name() == "import_specifier")
                .filter_map(|s| {
                    let name = self.text(s.field("name")?).to_string();
                    let local = s
                        .field("alias")
                        .map_or_else(|| name.clone(), |a| self.text(a).to_string());
                    Some((name, local))
                })
                .collect();

            if let Some(path) = source.strip_prefix("@salesforce/schema/") {
                let Some(local) = default else { continue };
                let value = match path.split_once('.') {
                    Some((object, field)) => Val::Field(Rc::new(FieldRef {
                        object: object.to_string(),
                        path: field.to_string(),
                        import: Some((self.location(statement), local.clone())),
                    })),
                    None => Val::Object(Rc::from(path)),
                };
                self.module.insert(local, value);
            } else if let Some(path) = source.strip_prefix("@salesforce/apex/") {
                let Some(local) = default else { continue };
                let mut parts = path.rsplit('.');
                let (Some(method), Some(class)) = (parts.next(), parts.next()) else {
                    continue;
                };
                self.module.insert(
                    local,
                    Val::Apex(Rc::new(ApexRef {
                        class: class.to_string(),
                        method: method.to_string(),
                        import: self.location(statement),
                    })),
                );
            } else if source == "lwc" {
                for (name, local) in named {
                    if name == "wire" && local != "wire" {
                        self.wire.push(local);
                    }
                }
            } else if source.starts_with("lightning/ui") {
                for (name, local) in named {
                    self.module
                        .insert(local, Val::Adapter(Rc::from(name.as_str())));
                }
            }
        }
    }

    // ----- judging fields -------------------------------------------------------------

    /// The taint of a field as PHI data, if the PHI model takes it for PHI.
    fn field_taint(
        &self,
        object: Option<&str>,
        path: &str,
        mut labels: Vec<(Location, String)>,
    ) -> Option<Rc<Taint>> {
        let field = path.rsplit('.').next().unwrap_or(path);
        let through_relationship = path.contains('.');
        let phi: PhiField = match object {
            Some(object) if !through_relationship => {
                self.cx.phi.field(self.cx.project, object, field)?
            }
            _ => self
                .cx
                .phi
                .field_of_unknown_object(self.cx.project, field)?,
        };
        if let Some(decl) = phi.decl {
            labels.push((decl.location.clone(), "PHI declared here".to_string()));
        }
        Some(Rc::new(Taint {
            what: format!("PHI field `{}`", phi.name),
            because: phi.because(),
            labels,
        }))
    }

    fn field_ref_taint(&self, field: &FieldRef) -> Option<Rc<Taint>> {
        let labels = field
            .import
            .iter()
            .map(|(location, local)| {
                (
                    location.clone(),
                    format!(
                        "field `{}.{}` imported here as `{local}`",
                        field.object, field.path
                    ),
                )
            })
            .collect();
        self.field_taint(Some(&field.object), &field.path, labels)
    }

    /// A field of `records` read by name.
    fn record_field(&self, records: &Records, name: &str) -> Val {
        self.field_taint(records.object.as_deref(), name, records.origin.clone())
            .map_or(Val::Unknown, Val::Phi)
    }

    fn field_from(&self, val: &Val) -> Option<Rc<FieldRef>> {
        match val {
            Val::Field(f) => Some(f.clone()),
            Val::Str(s) => {
                let (object, path) = s.split_once('.')?;
                Some(Rc::new(FieldRef {
                    object: object.to_string(),
                    path: path.to_string(),
                    import: None,
                }))
            }
            _ => None,
        }
    }

    fn field_list(&self, val: &Val) -> Vec<Rc<FieldRef>> {
        match val {
            Val::Fields(list) => list.clone(),
            other => self.field_from(other).into_iter().collect(),
        }
    }

    /// What an Apex method returns, when the project declares it and it returns records.
    fn apex_result(&self, apex: &ApexRef) -> Val {
        let Some(method) = self.cx.project.apex_method(&apex.class, &apex.method) else {
            return Val::Unknown;
        };
        let Some(ty) = &method.returns else {
            return Val::Unknown;
        };
        let verdict = self.cx.phi.object(&ty.object);
        if verdict.is_none() && self.cx.project.object(&ty.object).is_none() {
            return Val::Unknown;
        }
        let origin = vec![(
            apex.import.clone(),
            format!(
                "`{}.{}` returns `{}`; imported here",
                method.class, method.name, method.return_type
            ),
        )];
        let whole = verdict.map(|verdict| {
            let what = if ty.collection {
                format!(
                    "a list of `{}` records returned by `{}.{}`",
                    ty.object, method.class, method.name
                )
            } else {
                format!(
                    "a `{}` record returned by `{}.{}`",
                    ty.object, method.class, method.name
                )
            };
            let mut labels = origin.clone();
            if let Some(location) = self
                .cx
                .project
                .object(&ty.object)
                .and_then(|o| o.location.clone())
            {
                labels.push((location, "PHI object declared here".to_string()));
            }
            Rc::new(Taint {
                what,
                because: format!("`{}` is PHI: {}", ty.object, verdict.why()),
                labels,
            })
        });
        Val::Records(Rc::new(Records {
            object: Some(ty.object.clone()),
            collection: ty.collection,
            whole,
            origin,
        }))
    }

    // ----- wires ----------------------------------------------------------------------

    /// The `@wire(adapter, config)` call among `node`'s decorators.
    fn wire_call<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        let mut cursor = node.walk();
        let decorators: Vec<Node> = node
            .children_by_field_name("decorator", &mut cursor)
            .collect();
        decorators.into_iter().find_map(|d| {
            let call = d.named_child(0)?;
            let function = call.field("function")?;
            let is_wire = call.kind_name() == "call_expression"
                && self.wire.iter().any(|w| w == self.text(function));
            is_wire.then_some(call)
        })
    }

    /// The value a wire delivers: `{ data, error }` around what the adapter returns.
    fn wire_value(&mut self, call: Node<'_>, member: &str, env: &mut Env) -> Val {
        let args = call
            .field("arguments")
            .map(named_children)
            .unwrap_or_default();
        let Some(adapter) = args.first() else {
            return Val::Wired(Box::new(Val::Unknown));
        };
        let adapter_val = self.eval(*adapter, env);
        let mut config: HashMap<String, Val> = HashMap::new();
        if let Some(object) = args.get(1).filter(|a| a.kind_name() == "object") {
            for pair in named_children(*object) {
                if pair.kind_name() == "shorthand_property_identifier" {
                    let name = self.text(pair);
                    let value = self.lookup(name, env);
                    config.insert(name.to_string(), value);
                    continue;
                }
                let (Some(key), Some(value)) = (pair.field("key"), pair.field("value")) else {
                    continue;
                };
                let value = self.eval(value, env);
                config.insert(string_value(self.text(key)).to_string(), value);
            }
        } else if let Some(other) = args.get(1) {
            self.eval(*other, env);
        }
        let wired_here = (
            self.location(call),
            format!("wired here into `{member}` by `{}`", self.text(*adapter)),
        );

        let data = match &adapter_val {
            Val::Apex(apex) => match self.apex_result(apex) {
                Val::Records(r) => {
                    let mut origin = r.origin.clone();
                    origin.push(wired_here);
                    let whole = r.whole.as_ref().map(|t| {
                        let mut t = (**t).clone();
                        t.labels.insert(0, origin[origin.len() - 1].clone());
                        Rc::new(t)
                    });
                    Val::Records(Rc::new(Records {
                        object: r.object.clone(),
                        collection: r.collection,
                        whole,
                        origin,
                    }))
                }
                other => other,
            },
            Val::Adapter(name) => {
                let mut fields: Vec<Rc<FieldRef>> = Vec::new();
                for key in ["fields", "optionalFields"] {
                    if let Some(v) = config.get(key) {
                        fields.extend(self.field_list(v));
                    }
                }
                let named_object = match config.get("objectApiName") {
                    Some(Val::Object(o)) => Some(o.to_string()),
                    Some(Val::Str(s)) => Some(s.to_string()),
                    _ => None,
                };
                match &**name {
                    "getRecord" => self.fields_record(&fields, None, false, wired_here, member),
                    "getListUi" | "getListRecordsByName" | "getRelatedListRecords" => {
                        self.fields_record(&fields, named_object, true, wired_here, member)
                    }
                    _ => Val::Unknown,
                }
            }
            _ => Val::Unknown,
        };
        Val::Wired(Box::new(data))
    }

    /// Records read by a UI API adapter: PHI as a whole when a listed field is PHI, or
    /// when the object is PHI and no fields are listed.
    fn fields_record(
        &self,
        fields: &[Rc<FieldRef>],
        object: Option<String>,
        collection: bool,
        wired_here: (Location, String),
        member: &str,
    ) -> Val {
        let object = object.or_else(|| fields.first().map(|f| f.object.clone()));
        let Some(object) = object else {
            return Val::Records(Rc::new(Records {
                object: None,
                collection,
                whole: None,
                origin: vec![wired_here],
            }));
        };
        let noun = if collection {
            "list of records"
        } else {
            "record"
        };
        let whole = fields
            .iter()
            .find_map(|f| self.field_ref_taint(f))
            .map(|field| {
                let mut labels = field.labels.clone();
                labels.insert(0, wired_here.clone());
                Rc::new(Taint {
                    what: format!(
                        "the wired `{object}` {noun} `{member}` (with {})",
                        field.what
                    ),
                    because: field.because.clone(),
                    labels,
                })
            })
            .or_else(|| {
                // With a field list, the record holds only those fields: it is PHI as a
                // whole only when the object is PHI for a reason of its own (configured,
                // clinical), not merely for having PHI fields that were not listed.
                let verdict = self.cx.phi.object(&object)?;
                let own_reason = !matches!(verdict.reasons.first(), Some(Reason::HasPhiFields(_)));
                if !fields.is_empty() && !own_reason {
                    return None;
                }
                Some(Rc::new(Taint {
                    what: format!("the wired `{object}` {noun} `{member}`"),
                    because: format!("`{object}` is PHI: {}", verdict.why()),
                    labels: vec![wired_here.clone()],
                }))
            });
        Val::Records(Rc::new(Records {
            object: Some(object),
            collection,
            whole,
            origin: vec![wired_here],
        }))
    }

    // ----- classes and functions ------------------------------------------------------

    fn class_body(&mut self, body: Node<'_>, env: &mut Env) {
        for member in named_children(body) {
            match member.kind_name() {
                "field_definition" => {
                    let Some(property) = member.field("property") else {
                        continue;
                    };
                    let name = self.text(property).to_string();
                    let value = if let Some(call) = self.wire_call(member) {
                        self.wire_value(call, &name, env)
                    } else if let Some(value) = member.field("value").filter(|v| {
                        matches!(v.kind_name(), "arrow_function" | "function_expression")
                    }) {
                        // `handleChange = (event) => { ... }`, a handler as a field.
                        let params: Vec<Val> = self.handler_event(&name).into_iter().collect();
                        self.function(value, env, &params);
                        Val::Unknown
                    } else if let Some(value) = member.field("value") {
                        self.eval(value, &mut env.clone())
                    } else {
                        Val::Unknown
                    };
                    self.set_field(name, value);
                }
                "method_definition" => {
                    let name = member
                        .field("name")
                        .map(|n| self.text(n).to_string())
                        .unwrap_or_default();
                    let params = match self.wire_call(member) {
                        Some(call) => vec![self.wire_value(call, &name, env)],
                        None => match self.handler_event(&name) {
                            Some(event) => vec![event],
                            None => self.params.get(&name).cloned().unwrap_or_default(),
                        },
                    };
                    let is_getter = {
                        let mut cursor = member.walk();
                        let found = member.children(&mut cursor).any(|c| c.kind_name() == "get");
                        found
                    };
                    let returned = self.function(member, env, &params);
                    if is_getter {
                        self.set_field(name, returned);
                    }
                }
                _ => {
                    self.eval(member, &mut env.clone());
                }
            }
        }
    }

    /// The event a handler receives when the template binds it on an input whose value
    /// is a PHI property: `event.target.value` is then that PHI.
    fn handler_event(&self, handler: &str) -> Option<Val> {
        let bindings = self.handlers.get(handler)?;
        bindings.iter().find_map(|binding| {
            let inner = self.this_field(&binding.value).taint()?;
            let mut labels = vec![(
                binding.location.clone(),
                format!("the input's value is bound to `{}` here", binding.value),
            )];
            labels.extend(inner.labels.iter().cloned());
            Some(Val::Event(Rc::new(Taint {
                what: format!(
                    "the value of the input bound to `{}` ({})",
                    binding.value, inner.what
                ),
                because: inner.because.clone(),
                labels,
            })))
        })
    }

    fn set_field(&mut self, name: String, value: Val) {
        let old = self.next_fields.remove(&name).unwrap_or_default();
        self.next_fields.insert(name, join(old, value));
    }

    fn this_field(&self, name: &str) -> Val {
        self.fields
            .get(name)
            .or_else(|| self.next_fields.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// Walks a function (declaration, expression, arrow or method) with `params` bound to
    /// its parameters in order, and returns what it returns.
    fn function(&mut self, node: Node<'_>, env: &Env, params: &[Val]) -> Val {
        let mut local = env.clone();
        if let Some(single) = node.field("parameter") {
            let value = params.first().cloned().unwrap_or_default();
            self.bind(single, value, &mut local);
        } else if let Some(list) = node.field("parameters") {
            for (i, param) in named_children(list).into_iter().enumerate() {
                let value = params.get(i).cloned().unwrap_or_default();
                self.bind(param, value, &mut local);
            }
        }
        let Some(body) = node.field("body") else {
            return Val::Unknown;
        };
        if body.kind_name() == "statement_block" {
            self.returns.push(Val::Unknown);
            self.eval(body, &mut local);
            self.returns.pop().unwrap_or_default()
        } else {
            self.eval(body, &mut local)
        }
    }

    /// Binds a parameter or declaration pattern to a value.
    fn bind(&mut self, pattern: Node<'_>, value: Val, env: &mut Env) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.bind_inner(pattern, value, env);
        self.depth -= 1;
    }

    fn bind_inner(&mut self, pattern: Node<'_>, value: Val, env: &mut Env) {
        match pattern.kind_name() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                env.insert(self.text(pattern).to_string(), value);
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                if let Some(right) = pattern.field("right") {
                    self.eval(right, env);
                }
                if let Some(left) = pattern.field("left") {
                    self.bind(left, value, env);
                }
            }
            "object_pattern" => {
                for part in named_children(pattern) {
                    match part.kind_name() {
                        "shorthand_property_identifier_pattern" => {
                            let v = self.member(&value, self.text(part));
                            self.bind(part, v, env);
                        }
                        "pair_pattern" => {
                            let (Some(key), Some(inner)) = (part.field("key"), part.field("value"))
                            else {
                                continue;
                            };
                            let v = self.member(&value, string_value(self.text(key)));
                            self.bind(inner, v, env);
                        }
                        "object_assignment_pattern" => {
                            let name = part
                                .field("left")
                                .map(|l| self.text(l).to_string())
                                .unwrap_or_default();
                            let v = self.member(&value, &name);
                            self.bind(part, v, env);
                        }
                        "rest_pattern" => {
                            if let Some(inner) = part.named_child(0) {
                                self.bind(inner, value.clone(), env);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "array_pattern" => {
                for part in named_children(pattern) {
                    let v = if part.kind_name() == "rest_pattern" {
                        value.clone()
                    } else {
                        self.element(&value)
                    };
                    let target = if part.kind_name() == "rest_pattern" {
                        part.named_child(0)
                    } else {
                        Some(part)
                    };
                    if let Some(target) = target {
                        self.bind(target, v, env);
                    }
                }
            }
            "rest_pattern" => {
                if let Some(inner) = pattern.named_child(0) {
                    self.bind(inner, value, env);
                }
            }
            _ => {}
        }
    }

    // ----- values ---------------------------------------------------------------------

    fn lookup(&self, name: &str, env: &Env) -> Val {
        env.get(name)
            .or_else(|| self.module.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// `value.name`.
    fn member(&self, value: &Val, name: &str) -> Val {
        match value {
            Val::This => self.this_field(name),
            Val::Wired(inner) if name == "data" => (**inner).clone(),
            Val::Records(r) if r.collection => match name {
                "records" | "data" => value.clone(),
                _ => Val::Unknown,
            },
            Val::Records(r) => match name {
                "fields" => Val::FieldsOf(r.clone()),
                _ if RECORD_META.contains(&name) => Val::Unknown,
                _ => self.record_field(r, name),
            },
            Val::FieldsOf(r) => self.record_field(r, name),
            Val::Event(t) if matches!(name, "target" | "currentTarget" | "detail") => {
                Val::EventTarget(t.clone())
            }
            Val::EventTarget(t) if name == "value" => Val::Phi(t.clone()),
            Val::Phi(t) if !RECORD_META.contains(&name) => Val::Phi(t.clone()),
            Val::Unknown | Val::Str(_) => {
                if name == "fields" {
                    return Val::FieldsOf(Rc::new(Records {
                        object: None,
                        collection: false,
                        whole: None,
                        origin: Vec::new(),
                    }));
                }
                if name.to_ascii_lowercase().ends_with("__c") {
                    return self
                        .field_taint(None, name, Vec::new())
                        .map_or(Val::Unknown, Val::Phi);
                }
                Val::Unknown
            }
            _ => Val::Unknown,
        }
    }

    /// `value[i]`, or one element of a list.
    fn element(&self, value: &Val) -> Val {
        match value {
            Val::Records(r) if r.collection => Val::Records(Rc::new(Records {
                object: r.object.clone(),
                collection: false,
                whole: r.whole.as_ref().map(|t| {
                    Rc::new(Taint {
                        what: format!("a record from {}", t.what),
                        because: t.because.clone(),
                        labels: t.labels.clone(),
                    })
                }),
                origin: r.origin.clone(),
            })),
            Val::Phi(t) => Val::Phi(t.clone()),
            Val::Fields(list) => list.first().cloned().map_or(Val::Unknown, Val::Field),
            _ => Val::Unknown,
        }
    }

    /// Evaluates a node, statement or expression, recording the sinks it reaches.
    fn eval(&mut self, node: Node<'_>, env: &mut Env) -> Val {
        if self.depth >= MAX_DEPTH {
            return Val::Unknown;
        }
        self.depth += 1;
        let value = self.eval_inner(node, env);
        self.depth -= 1;
        value
    }

    fn eval_inner(&mut self, node: Node<'_>, env: &mut Env) -> Val {
        match node.kind_name() {
            "identifier" => self.lookup(self.text(node), env),
            "shorthand_property_identifier" => self.lookup(self.text(node), env),
            "this" => Val::This,
            "string" => Val::Str(Rc::from(string_value(self.text(node)))),
            "comment" | "import_statement" => Val::Unknown,
            "template_string" => {
                let mut found = None;
                for part in named_children(node) {
                    if part.kind_name() == "template_substitution" {
                        for inner in named_children(part) {
                            let v = self.eval(inner, env);
                            found = found.or(v.taint());
                        }
                    }
                }
                found.map_or(Val::Unknown, Val::Phi)
            }
            "binary_expression" => {
                let op = node.field("operator").map(|o| self.text(o)).unwrap_or("");
                let left = node
                    .field("left")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                let right = node
                    .field("right")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                match op {
                    "+" => left
                        .taint()
                        .or(right.taint())
                        .map_or(Val::Unknown, Val::Phi),
                    "||" | "??" | "&&" => join(left, right),
                    _ => Val::Unknown,
                }
            }
            "ternary_expression" => {
                if let Some(c) = node.field("condition") {
                    self.eval(c, env);
                }
                let a = node
                    .field("consequence")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                let b = node
                    .field("alternative")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                join(a, b)
            }
            "parenthesized_expression" | "sequence_expression" => {
                let mut last = Val::Unknown;
                for child in named_children(node) {
                    last = self.eval(child, env);
                }
                last
            }
            "await_expression" => {
                let inner = node
                    .named_child(0)
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                match inner {
                    Val::Promise(v) => *v,
                    other => other,
                }
            }
            "member_expression" => {
                let object = node
                    .field("object")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                let property = node.field("property").map(|p| self.text(p)).unwrap_or("");
                self.member(&object, property)
            }
            "subscript_expression" => {
                let object = node
                    .field("object")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                let index = node
                    .field("index")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                match index {
                    Val::Str(key) => self.member(&object, &key),
                    _ => self.element(&object),
                }
            }
            "call_expression" => self.call(node, env),
            "assignment_expression" | "augmented_assignment_expression" => {
                self.assignment(node, env)
            }
            "object" => {
                let mut found = None;
                for part in named_children(node) {
                    let v = match part.kind_name() {
                        "pair" => part
                            .field("value")
                            .map(|n| self.eval(n, env))
                            .unwrap_or_default(),
                        "method_definition" => {
                            self.function(part, env, &[]);
                            Val::Unknown
                        }
                        _ => self.eval(part, env),
                    };
                    found = found.or(v.taint());
                }
                found.map_or(Val::Unknown, Val::Phi)
            }
            "array" => {
                let values: Vec<Val> = named_children(node)
                    .into_iter()
                    .map(|n| self.eval(n, env))
                    .collect();
                if let Some(t) = values.iter().find_map(Val::taint) {
                    return Val::Phi(t);
                }
                let mut fields = Vec::new();
                for v in &values {
                    match v {
                        Val::Fields(list) => fields.extend(list.iter().cloned()),
                        other => fields.extend(self.field_from(other)),
                    }
                }
                if fields.is_empty() {
                    Val::Unknown
                } else {
                    Val::Fields(fields)
                }
            }
            "spread_element" => node
                .named_child(0)
                .map(|n| self.eval(n, env))
                .unwrap_or_default(),
            "arrow_function" | "function_expression" | "function" | "generator_function" => {
                self.function(node, env, &[]);
                Val::Unknown
            }
            "function_declaration" | "generator_function_declaration" => {
                let params = node
                    .field("name")
                    .and_then(|n| self.params.get(&format!("fn {}", self.text(n))))
                    .cloned()
                    .unwrap_or_default();
                self.function(node, env, &params);
                Val::Unknown
            }
            "class_declaration" | "class" => {
                if let Some(body) = node.field("body") {
                    self.class_body(body, env);
                }
                Val::Unknown
            }
            "lexical_declaration" | "variable_declaration" => {
                for declarator in named_children(node) {
                    if declarator.kind_name() != "variable_declarator" {
                        continue;
                    }
                    let value = match declarator.field("value") {
                        // `const helper = (x) => { ... }`: a function of the file.
                        Some(f)
                            if matches!(
                                f.kind_name(),
                                "arrow_function" | "function_expression"
                            ) =>
                        {
                            let params = declarator
                                .field("name")
                                .and_then(|n| self.params.get(&format!("fn {}", self.text(n))))
                                .cloned()
                                .unwrap_or_default();
                            self.function(f, env, &params);
                            Val::Unknown
                        }
                        Some(n) => self.eval(n, env),
                        None => Val::Unknown,
                    };
                    if let Some(name) = declarator.field("name") {
                        self.bind(name, value, env);
                    }
                }
                Val::Unknown
            }
            "for_in_statement" => {
                let right = node
                    .field("right")
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                let is_of = node.field("operator").is_some_and(|o| self.text(o) == "of");
                if let Some(left) = node.field("left") {
                    let value = if is_of {
                        self.element(&right)
                    } else {
                        Val::Unknown
                    };
                    self.bind(left, value, env);
                }
                if let Some(body) = node.field("body") {
                    self.eval(body, env);
                }
                Val::Unknown
            }
            "return_statement" => {
                let value = node
                    .named_child(0)
                    .map(|n| self.eval(n, env))
                    .unwrap_or_default();
                if let Some(slot) = self.returns.last_mut() {
                    *slot = join(std::mem::take(slot), value);
                }
                Val::Unknown
            }
            _ => {
                for child in named_children(node) {
                    self.eval(child, env);
                }
                Val::Unknown
            }
        }
    }

    fn assignment(&mut self, node: Node<'_>, env: &mut Env) -> Val {
        let value = node
            .field("right")
            .map(|n| self.eval(n, env))
            .unwrap_or_default();
        let Some(left) = node.field("left") else {
            return value;
        };
        match left.kind_name() {
            "identifier" => {
                let name = self.text(left).to_string();
                let old = env.remove(&name).unwrap_or_default();
                env.insert(name, join(old, value.clone()));
            }
            "member_expression" | "subscript_expression" => {
                let object = left.field("object");
                let target = object.map(|o| global_name(self.text(o))).unwrap_or("");
                let property = left.field("property").map(|p| self.text(p)).unwrap_or("");
                if target == "document" && property == "cookie" {
                    self.sink(
                        SinkKind::Storage,
                        "document.cookie",
                        "a cookie",
                        &[(node, value.clone())],
                    );
                } else if matches!(target, "localStorage" | "sessionStorage") {
                    let place = storage_place(target);
                    let sink = short(self.text(left), || format!("{target}[...]"));
                    if let Some(index) = left.field("index") {
                        self.eval(index, env);
                    }
                    self.sink_named(SinkKind::Storage, sink, place, &[(node, value.clone())]);
                } else if let Some(object) = object {
                    if object.kind_name() == "this" {
                        self.set_field(property.to_string(), value.clone());
                    } else if object.kind_name() == "identifier" {
                        // `payload.ssn = ssn` makes the object `payload` carry PHI.
                        if let Some(t) = value.taint() {
                            let name = self.text(object).to_string();
                            let old = env.get(&name).cloned().unwrap_or_default();
                            if old.taint().is_none() {
                                env.insert(name, Val::Phi(t));
                            }
                        }
                    } else {
                        self.eval(object, env);
                    }
                    if let Some(index) = left.field("index") {
                        self.eval(index, env);
                    }
                }
            }
            _ => {
                let taken = value.clone();
                self.bind(left, taken, env);
            }
        }
        value
    }

    fn call(&mut self, node: Node<'_>, env: &mut Env) -> Val {
        let Some(function) = node.field("function") else {
            return Val::Unknown;
        };
        let args: Vec<Node> = node
            .field("arguments")
            .filter(|a| a.kind_name() == "arguments")
            .map(named_children)
            .unwrap_or_default();

        if function.kind_name() == "member_expression" {
            return self.method_call(node, function, &args, env);
        }
        let callee = self.eval(function, env);
        match (&callee, self.text(function)) {
            (Val::Adapter(name), _)
                if matches!(&**name, "getFieldValue" | "getFieldDisplayValue") =>
            {
                let values = self.eval_args(&args, env, &[]);
                values
                    .get(1)
                    .and_then(|v| self.field_from(v))
                    .and_then(|f| self.field_ref_taint(&f))
                    .map_or(Val::Unknown, Val::Phi)
            }
            (Val::Apex(apex), _) => {
                let apex = apex.clone();
                self.eval_args(&args, env, &[]);
                Val::Promise(Box::new(self.apex_result(&apex)))
            }
            (_, "String" | "structuredClone" | "encodeURIComponent" | "encodeURI" | "btoa") => {
                let values = self.eval_args(&args, env, &[]);
                values
                    .first()
                    .and_then(Val::taint)
                    .map_or(Val::Unknown, Val::Phi)
            }
            (_, name) => {
                let values = self.eval_args(&args, env, &[]);
                if function.kind_name() == "identifier" {
                    self.called(format!("fn {name}"), values);
                }
                Val::Unknown
            }
        }
    }

    /// Records the arguments of a call of one of the file's own methods or functions.
    fn called(&mut self, key: String, values: Vec<Val>) {
        if values.iter().all(Val::is_unknown) {
            return;
        }
        let slot = self.next_params.entry(key).or_default();
        for (i, value) in values.into_iter().enumerate() {
            if i == slot.len() {
                slot.push(value);
            } else {
                slot[i] = join(std::mem::take(&mut slot[i]), value);
            }
        }
    }

    fn method_call(
        &mut self,
        node: Node<'_>,
        function: Node<'_>,
        args: &[Node<'_>],
        env: &mut Env,
    ) -> Val {
        let object = function.field("object");
        let method = function
            .field("property")
            .map(|p| self.text(p))
            .unwrap_or("");
        let target = object.map(|o| global_name(self.text(o))).unwrap_or("");
        let sink_name = format!("{target}.{method}");

        if target == "console" && CONSOLE.contains(&method) {
            let values = self.eval_args(args, env, &[]);
            let pairs: Vec<(Node, Val)> = args.iter().copied().zip(values).collect();
            self.sink_named(SinkKind::Console, sink_name, "the browser console", &pairs);
            return Val::Unknown;
        }
        if matches!(target, "localStorage" | "sessionStorage") && method == "setItem" {
            let values = self.eval_args(args, env, &[]);
            let pairs: Vec<(Node, Val)> = args.iter().copied().zip(values).collect();
            self.sink_named(SinkKind::Storage, sink_name, storage_place(target), &pairs);
            return Val::Unknown;
        }
        if target == "JSON" || target == "Object" {
            let values = self.eval_args(args, env, &[]);
            if method == "keys" {
                return Val::Unknown;
            }
            return values
                .iter()
                .find_map(Val::taint)
                .map_or(Val::Unknown, Val::Phi);
        }

        let receiver = object.map(|o| self.eval(o, env)).unwrap_or_default();
        match (&receiver, method) {
            (Val::IdbStore, "put" | "add") => {
                let values = self.eval_args(args, env, &[]);
                let pairs: Vec<(Node, Val)> = args.iter().copied().zip(values).collect();
                let receiver = short(self.text(object.unwrap_or(node)), || {
                    "objectStore(...)".to_string()
                });
                let sink = format!("{receiver}.{method}");
                self.sink_named(SinkKind::Storage, sink, "IndexedDB", &pairs);
                Val::Unknown
            }
            (_, "objectStore") => {
                self.eval_args(args, env, &[]);
                Val::IdbStore
            }
            (Val::Promise(inner), "then") => {
                let resolved = (**inner).clone();
                self.eval_args(args, env, &[resolved]);
                Val::Promise(Box::new(Val::Unknown))
            }
            (Val::Promise(_), _) => {
                self.eval_args(args, env, &[]);
                Val::Promise(Box::new(Val::Unknown))
            }
            (Val::Records(r), _) if r.collection => {
                let one = self.element(&receiver);
                let values = self.eval_args(args, env, std::slice::from_ref(&one));
                match method {
                    "find" | "findLast" | "at" | "pop" | "shift" => one,
                    "filter" | "slice" | "sort" | "reverse" | "concat" | "splice" | "toSorted"
                    | "toReversed" | "flat" => receiver.clone(),
                    "map" | "flatMap" => values
                        .first()
                        .and_then(Val::taint)
                        .map_or(Val::Unknown, Val::Phi),
                    _ => Val::Unknown,
                }
            }
            (Val::Phi(t), _) => {
                let t = t.clone();
                self.eval_args(args, env, &[Val::Phi(t.clone())]);
                if NOT_DATA.contains(&method) {
                    Val::Unknown
                } else {
                    Val::Phi(t)
                }
            }
            (Val::This, _) => {
                let values = self.eval_args(args, env, &[]);
                self.called(method.to_string(), values);
                Val::Unknown
            }
            _ => {
                self.eval_args(args, env, &[]);
                Val::Unknown
            }
        }
    }

    /// Evaluates call arguments in order. A function argument is walked as a callback
    /// with `params` bound to its parameters, and stands for what it returns.
    fn eval_args(&mut self, args: &[Node<'_>], env: &mut Env, params: &[Val]) -> Vec<Val> {
        let mut out = Vec::with_capacity(args.len());
        for arg in args {
            let value = match arg.kind_name() {
                "arrow_function" | "function_expression" | "function" => {
                    if self.depth >= MAX_DEPTH {
                        Val::Unknown
                    } else {
                        self.depth += 1;
                        let v = self.function(*arg, env, params);
                        self.depth -= 1;
                        v
                    }
                }
                _ => self.eval(*arg, env),
            };
            out.push(value);
        }
        out
    }

    // ----- sinks ----------------------------------------------------------------------

    fn sink(&mut self, kind: SinkKind, sink: &str, place: &'static str, values: &[(Node, Val)]) {
        self.sink_named(kind, sink.to_string(), place, values);
    }

    /// Records the first argument among `values` that carries PHI.
    fn sink_named(
        &mut self,
        kind: SinkKind,
        sink: String,
        place: &'static str,
        values: &[(Node, Val)],
    ) {
        let Some((node, taint)) = values
            .iter()
            .find_map(|(node, value)| value.taint().map(|t| (*node, t)))
        else {
            return;
        };
        let span = match node.kind_name() {
            "assignment_expression" | "augmented_assignment_expression" => {
                node.field("right").unwrap_or(node).byte_range()
            }
            _ => node.byte_range(),
        };
        self.hits.push(SinkHit {
            kind,
            sink,
            place,
            span,
            taint,
        });
    }
}

/// `text` when it fits on one short line, else `fallback()`.
fn short(text: &str, fallback: impl FnOnce() -> String) -> String {
    if text.len() <= 40 && !text.contains('\n') {
        text.to_string()
    } else {
        fallback()
    }
}

/// A global's name without `window.` or `globalThis.` in front.
fn global_name(text: &str) -> &str {
    let text = text.trim();
    text.strip_prefix("window.")
        .or_else(|| text.strip_prefix("globalThis."))
        .or_else(|| text.strip_prefix("self."))
        .unwrap_or(text)
}

fn storage_place(target: &str) -> &'static str {
    if target == "sessionStorage" {
        "`sessionStorage`"
    } else {
        "`localStorage`"
    }
}

/// The content of a string literal, or the text itself when it is not quoted.
fn string_value(text: &str) -> &str {
    let quoted = text.len() >= 2
        && (text.starts_with('\'') || text.starts_with('"') || text.starts_with('`'))
        && text.ends_with(&text[..1]);
    if quoted {
        &text[1..text.len() - 1]
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    const JS: &str = "force-app/main/default/lwc/deep/deep.js";

    fn console(js: &str) -> Vec<u32> {
        check(
            "lwc-phi-in-console",
            &[PATIENT_FIELDS, &[(JS, js)]].concat(),
        )
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_hangs() {
        let n = 3000;
        let arrays = format!("const a = {}1{};", "[".repeat(n), "]".repeat(n));
        let parens = format!("console.log({}x{});", "(".repeat(n), ")".repeat(n));
        let arrows = format!("const f = {}0;", "() => ".repeat(n));
        let pattern = format!("const {}z{} = q;", "[".repeat(n), "]".repeat(n));
        let calls = format!("{}0{}", "g(".repeat(n), ")".repeat(n));
        let js = [arrays, parens, arrows, pattern, calls].join("\n");
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || console(&js))
            .unwrap();
        assert_eq!(handle.join().unwrap(), Vec::<u32>::new());
    }

    #[test]
    fn shorthand_wire_config_and_string_field_lists() {
        let js = r#"import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
const fields = ['Patient__c.SSN__c', 'Patient__c.Status__c'];
export default class Deep extends LightningElement {
    @api recordId;
    @wire(getRecord, { recordId: '$recordId', fields }) patient;
    get ssn() { return this.patient.data.fields.SSN__c.value; }
    get status() { return this.patient.data.fields.Status__c.value; }
    connectedCallback() {
        console.log(this.ssn);
        console.log(this.status);
        console.log({ ...this.patient.data });
    }
}"#;
        assert_eq!(console(js), [10, 12]);
    }

    #[test]
    fn arguments_of_the_files_own_methods_and_functions() {
        let js = r#"import { LightningElement } from 'lwc';
import { getFieldValue } from 'lightning/uiRecordApi';
import SSN from '@salesforce/schema/Patient__c.SSN__c';
function logValue(value) {
    console.log(value);
}
const logLater = (value) => console.info(value);
export default class Deep extends LightningElement {
    record;
    handle() {
        const ssn = getFieldValue(this.record, SSN);
        this.trace('ssn', ssn);
        logValue(ssn);
        logLater(ssn);
        this.trace('id', this.record.Id);
        const copy = { ...{ ssn } };
        console.log(copy.Id);
    }
    trace(label, value) {
        console.debug(label, value);
    }
}"#;
        assert_eq!(console(js), [5, 7, 20]);
    }

    #[test]
    fn object_imports_with_list_adapters() {
        let js = r#"import { LightningElement, wire } from 'lwc';
import { getListUi } from 'lightning/uiListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import PATIENT_OBJECT from '@salesforce/schema/Patient__c';
export default class Deep extends LightningElement {
    @wire(getListUi, { objectApiName: PATIENT_OBJECT, listViewApiName: 'All' }) patients;
    @wire(getObjectInfo, { objectApiName: PATIENT_OBJECT }) info;
    connectedCallback() {
        console.log(this.patients.data.records.records);
        console.log(this.patients.data.records.records.length);
        console.log(this.info.data);
        console.log(PATIENT_OBJECT);
    }
}"#;
        assert_eq!(console(js), [9]);
    }

    #[test]
    fn broken_javascript_is_read_as_far_as_it_parses() {
        let js = "import SSN from '@salesforce/schema/Patient__c.SSN__c';\nimport { getFieldValue } from 'lightning/uiRecordApi';\nexport default class extends {\n  x() { console.log(getFieldValue(r, SSN)); }\n  y( { ] \n}";
        assert_eq!(console(js), [4]);
    }
}
