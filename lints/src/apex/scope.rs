//! Names and where they live: declared types, the enclosing method and class, calls.
//!
//! Apex is case-insensitive, so every comparison of names here ignores ASCII case.

use phi_lint_grammars::syntax::kind_names;
use phi_lint_grammars::{Language, NodeExt};
use tree_sitter::Node;

use crate::kind::SourceKind;
use crate::nodes::named_children;
use crate::registry::Context;

/// An sObject type as code names it: `Patient__c`, or a collection of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectType {
    pub object: String,
    /// `List<X>`, `Set<X>`, `Map<Id, X>` or `X[]`.
    pub collection: bool,
}

/// Node kinds that hold the statements of one procedure: the unit of the data flow.
pub const BODY_KINDS: &[&str] = &[
    "method_declaration",
    "constructor_declaration",
    "static_initializer",
    "trigger_declaration",
];

/// The text of a node.
pub fn text<'t>(cx: &Context<'t>, node: Node<'_>) -> &'t str {
    cx.file.slice(node.byte_range())
}

/// `a` and `b` name the same thing, as Apex compares names.
pub fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The sObject type named by a type node, if it names one the PHI model can judge.
pub fn object_type(cx: &Context<'_>, node: Node<'_>) -> Option<ObjectType> {
    match node.kind_name() {
        "type_identifier" => Some(ObjectType {
            object: text(cx, node).to_string(),
            collection: false,
        }),
        "scoped_type_identifier" => None,
        "array_type" => object_type(cx, node.field("element")?).map(|t| ObjectType {
            collection: true,
            ..t
        }),
        "generic_type" => {
            let base = node.named_child(0)?;
            let base = text(cx, base);
            let args = node.named_child(1)?;
            let is_collection = ["list", "set", "map"].iter().any(|c| same(base, c));
            if !is_collection {
                return None;
            }
            // The element type is the last type argument: List<X>, Set<X>, Map<Id, X>.
            let element = args.named_child(args.named_child_count().checked_sub(1)?)?;
            let inner = object_type(cx, element)?;
            Some(ObjectType {
                object: inner.object,
                collection: true,
            })
        }
        _ => None,
    }
}

/// The declared type node of the variable `name` as seen from `at`, searching the
/// enclosing blocks (declarations before `at`), loop headers, catch clauses, the method's
/// parameters and the class's fields, innermost first.
pub fn declared_type<'t>(cx: &Context<'t>, at: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut scope = at;
    while let Some(parent) = parent_of(cx, scope) {
        for child in named_children(parent) {
            let before = child.start_byte() < at.start_byte();
            let declared = match child.kind_name() {
                "local_variable_declaration" if before => declares(cx, child, name),
                "field_declaration" => declares(cx, child, name),
                "formal_parameters" => {
                    let found = named_children(child)
                        .find(|p| p.field("name").is_some_and(|n| same(text(cx, n), name)))
                        .and_then(|p| p.field("type"));
                    found
                }
                _ => None,
            };
            if declared.is_some() {
                return declared;
            }
        }
        if parent.kind_name() == "enhanced_for_statement"
            && parent
                .field("name")
                .is_some_and(|n| same(text(cx, n), name))
        {
            return parent.field("type");
        }
        scope = parent;
    }
    None
}

/// The declared sObject type of the variable `name` as seen from `at`.
pub fn variable_type(cx: &Context<'_>, at: Node<'_>, name: &str) -> Option<ObjectType> {
    object_type_text(&declared_type_name(cx, at, name)?)
}

/// The declared type of the variable `name`, as written without spaces
/// (`Messaging.SingleEmailMessage`), or `None` when it is not declared in view.
///
/// Declarations are looked up in per-procedure and per-class tables built once per file:
/// the latest local, loop variable or parameter declared before `at` in the same
/// procedure, then the fields of the enclosing classes, innermost first. (Apex forbids a
/// local to shadow another local, so "the latest before" is the one in scope.)
pub fn declared_type_name(cx: &Context<'_>, at: Node<'_>, name: &str) -> Option<String> {
    declared_type_name_in(cx, enclosing_body(cx, at)?, at.start_byte(), name)
}

/// [`declared_type_name`] at offset `at` of the procedure `body`, for callers that know it.
pub fn declared_type_name_in(
    cx: &Context<'_>,
    body: Node<'_>,
    at: usize,
    name: &str,
) -> Option<String> {
    let key = name.to_ascii_lowercase();
    if body.kind_name() != "class_declaration" {
        let table = symbols(cx, body);
        let found = table.names.get(&key).and_then(|list| {
            list.iter()
                .rev()
                .find(|(from, _)| *from <= at)
                .map(|(_, ty)| ty.clone())
        });
        if found.is_some() {
            return found;
        }
    }
    let mut class = if body.kind_name() == "class_declaration" {
        Some(body)
    } else {
        enclosing_class(cx, body)
    };
    while let Some(c) = class {
        let table = symbols(cx, c);
        if let Some((_, ty)) = table.names.get(&key).and_then(|l| l.first()) {
            return Some(ty.clone());
        }
        class = enclosing_class(cx, c);
    }
    None
}

/// Whether `name` is declared in the procedure `body` (a local, loop variable or
/// parameter), or, for a class, among its fields.
pub fn declares_name(cx: &Context<'_>, scope: Node<'_>, name: &str) -> bool {
    symbols(cx, scope)
        .names
        .contains_key(&name.to_ascii_lowercase())
}

/// The names a procedure or class declares, by lower-case name: from which offset on,
/// and the type as written without spaces.
#[derive(Debug, Default)]
pub struct Symbols {
    names: rustc_hash::FxHashMap<String, Vec<(usize, String)>>,
}

impl Symbols {
    fn add(&mut self, cx: &Context<'_>, name: Node<'_>, ty: Node<'_>, from: usize) {
        let ty: String = text(cx, ty).split_whitespace().collect();
        self.names
            .entry(text(cx, name).to_ascii_lowercase())
            .or_default()
            .push((from, ty));
    }
}

/// The symbol table of a procedure (locals, loop variables, parameters) or of a class
/// (its fields and properties), built once per file.
fn symbols(cx: &Context<'_>, scope: Node<'_>) -> std::rc::Rc<Symbols> {
    let facts = super::facts(cx);
    if let Some(found) = facts.symbols.borrow().get(&scope.id()) {
        return std::rc::Rc::clone(found);
    }
    let mut table = Symbols::default();
    if scope.kind_name() == "class_declaration" {
        if let Some(body) = scope.field("body") {
            for member in named_children(body) {
                if member.kind_name() == "field_declaration" {
                    add_declarators(cx, &mut table, member, 0);
                }
            }
        }
    } else {
        for (node, kind) in descendants(cx, scope) {
            match kind {
                "local_variable_declaration" => {
                    add_declarators(cx, &mut table, node, node.start_byte());
                }
                "formal_parameter" => {
                    if let (Some(name), Some(ty)) = (node.field("name"), node.field("type")) {
                        table.add(cx, name, ty, 0);
                    }
                }
                "enhanced_for_statement" => {
                    if let (Some(name), Some(ty)) = (node.field("name"), node.field("type")) {
                        table.add(cx, name, ty, node.start_byte());
                    }
                }
                _ => {}
            }
        }
    }
    let table = std::rc::Rc::new(table);
    facts
        .symbols
        .borrow_mut()
        .insert(scope.id(), std::rc::Rc::clone(&table));
    table
}

fn add_declarators(cx: &Context<'_>, table: &mut Symbols, decl: Node<'_>, from: usize) {
    let Some(ty) = decl.field("type") else {
        return;
    };
    let mut cursor = decl.walk();
    for declarator in decl.children_by_field_name("declarator", &mut cursor) {
        if let Some(name) = declarator.field("name") {
            table.add(cx, name, ty, from);
        }
    }
}

/// The sObject type named by a type as written (`Patient__c`, `List<Patient__c>`,
/// `Map<Id,Patient__c>`, `Patient__c[]`); `None` for namespaced and non-collection
/// generic types.
pub fn object_type_text(ty: &str) -> Option<ObjectType> {
    let ty = ty.trim();
    if let Some(element) = ty.strip_suffix("[]") {
        return object_type_text(element).map(|t| ObjectType {
            collection: true,
            ..t
        });
    }
    if let Some((base, rest)) = ty.split_once('<') {
        if !["list", "set", "map"].iter().any(|c| same(base.trim(), c)) {
            return None;
        }
        let inner = rest.strip_suffix('>')?;
        // The element type is the last type argument: List<X>, Set<X>, Map<Id, X>.
        let element = match inner.find('<') {
            Some(_) if same(base.trim(), "map") => inner.split_once(',')?.1,
            Some(_) => inner,
            None => inner.rsplit(',').next()?,
        };
        return object_type_text(element).map(|t| ObjectType {
            collection: true,
            ..t
        });
    }
    let simple = !ty.is_empty() && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    simple.then(|| ObjectType {
        object: ty.to_string(),
        collection: false,
    })
}

/// The type node of a declaration (`local_variable_declaration`, `field_declaration`) when
/// one of its declarators is `name`.
fn declares<'t>(cx: &Context<'_>, decl: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut cursor = decl.walk();
    let hit = decl
        .children_by_field_name("declarator", &mut cursor)
        .any(|d| d.field("name").is_some_and(|n| same(text(cx, n), name)));
    if hit {
        decl.field("type")
    } else {
        None
    }
}

/// The object a trigger is declared on, when the file is a trigger.
pub fn trigger_object<'t>(cx: &Context<'t>) -> Option<&'t str> {
    if cx.file.kind != SourceKind::ApexTrigger {
        return None;
    }
    let root = cx.file.tree()?.root_node();
    let trigger = named_children(root).find(|n| n.kind_name() == "trigger_declaration")?;
    Some(text(cx, trigger.field("object")?))
}

/// The named node that holds `node`, from the file's node table (tree-sitter's own
/// `Node::parent` descends from the root each time).
pub fn parent_of<'t>(cx: &Context<'t>, node: Node<'_>) -> Option<Node<'t>> {
    cx.nodes().ancestors(node).next()
}

/// The procedure that holds `node`: a method, constructor, static initializer or trigger,
/// or the file's root for anonymous Apex and for class-level initializers.
pub fn enclosing_body<'t>(cx: &Context<'t>, node: Node<'_>) -> Option<Node<'t>> {
    let mut last = None;
    for at in cx.nodes().ancestors(node) {
        let kind = at.kind_name();
        if BODY_KINDS.contains(&kind) || kind == "class_declaration" {
            return Some(at);
        }
        last = Some(at);
    }
    last.or_else(|| cx.nodes().index_of(node).map(|i| cx.nodes().get(i).0))
}

/// The innermost class that holds `node`.
pub fn enclosing_class<'t>(cx: &Context<'t>, node: Node<'_>) -> Option<Node<'t>> {
    cx.nodes()
        .ancestors(node)
        .find(|at| at.kind_name() == "class_declaration")
}

/// Whether `node` is in a test class: a class annotated `@IsTest`, or nested in one.
pub fn in_test_class(cx: &Context<'_>, node: Node<'_>) -> bool {
    let at = node.start_byte();
    cx.cached(test_classes)
        .0
        .iter()
        .any(|range| range.contains(&at))
}

/// The byte ranges of the file's test classes.
struct TestClasses(Vec<std::ops::Range<usize>>);

fn test_classes(cx: &Context<'_>) -> TestClasses {
    let Some(tree) = cx.file.tree() else {
        return TestClasses(Vec::new());
    };
    TestClasses(
        classes(tree.root_node())
            .into_iter()
            .filter(|class| has_annotation(cx, *class, "IsTest"))
            .map(|class| class.byte_range())
            .collect(),
    )
}

/// Whether a declaration carries the annotation `name` (`@IsTest`, `@IsTest(SeeAllData=..)`).
pub fn has_annotation(cx: &Context<'_>, decl: Node<'_>, name: &str) -> bool {
    let Some(modifiers) = first_child_of_kind(decl, "modifiers") else {
        return false;
    };
    let found = named_children(modifiers).any(|m| {
        m.kind_name() == "annotation" && m.field("name").is_some_and(|n| same(text(cx, n), name))
    });
    found
}

/// The first named child of `node` of kind `kind`.
pub fn first_child_of_kind<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let found = named_children(node).find(|c| c.kind_name() == kind);
    found
}

/// A call's receiver and method name as written: `("System", "debug")`, or `("", "f")`
/// for a call with no receiver.
pub fn call_name<'t>(cx: &Context<'t>, call: Node<'_>) -> Option<(&'t str, &'t str)> {
    let name = text(cx, call.field("name")?);
    let receiver = call.field("object").map_or("", |o| text(cx, o));
    Some((receiver, name))
}

/// Whether `call` is `receiver.name(...)`, compared as Apex does.
pub fn is_call(cx: &Context<'_>, call: Node<'_>, receiver: &str, names: &[&str]) -> bool {
    // Asked of every node of a body by some rules: the kind is compared by id.
    static METHOD_INVOCATION: std::sync::LazyLock<u16> =
        std::sync::LazyLock::new(|| apex_kind("method_invocation"));
    if call.kind_id() != *METHOD_INVOCATION {
        return false;
    }
    // The name rules most calls out, so the receiver is read only after it.
    let Some(name) = call.field("name") else {
        return false;
    };
    let name = text(cx, name);
    names.iter().any(|x| same(name, x))
        && same(call.field("object").map_or("", |o| text(cx, o)), receiver)
}

/// The named arguments of a call or constructor.
pub fn arguments(node: Node<'_>) -> Vec<Node<'_>> {
    let Some(args) = node.field("arguments") else {
        return Vec::new();
    };
    let list: Vec<Node> = named_children(args).collect();
    list
}

/// Every named node under `root` (and `root` itself) in source order, without descending
/// into nested classes, with its kind. Read from the file's node table, so it costs no
/// tree walk, and the kinds no call into tree-sitter.
pub fn descendants<'c, 't>(
    cx: &'c Context<'t>,
    root: Node<'_>,
) -> impl Iterator<Item = (Node<'t>, &'static str)> + 'c {
    // The id is looked up by name once: that searches every kind of the grammar.
    static CLASS_DECLARATION: std::sync::LazyLock<u16> =
        std::sync::LazyLock::new(|| apex_kind("class_declaration"));
    let names = kind_names(Language::Apex);
    cx.nodes()
        .named_under(root, *CLASS_DECLARATION)
        .with_kinds()
        .map(move |(node, kind)| (node, names.get(usize::from(kind)).copied().unwrap_or("")))
}

/// The Apex grammar's id of the named node kind `name`.
fn apex_kind(name: &str) -> u16 {
    Language::Apex.ts_language().id_for_node_kind(name, true)
}

/// Every class declared under `root`, outer classes first.
pub fn classes(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        for child in named_children(node) {
            match child.kind_name() {
                "class_declaration" => {
                    out.push(child);
                    if let Some(body) = child.field("body") {
                        stack.push(body);
                    }
                }
                "ERROR" => stack.push(child),
                _ => {}
            }
        }
    }
    out
}

/// The first named child of `node` that is not a comment.
pub fn first_code_child(node: Node<'_>) -> Option<Node<'_>> {
    named_children(node).find(|c| !c.kind_name().ends_with("comment"))
}
