//! What Apex code means for PHI: the types of names, and whether an expression carries PHI.
//!
//! Types come from declarations in scope: locals declared before the use, parameters of the
//! enclosing method, loop variables, and the class's fields. Where a name's type is not
//! known, a field read is judged by the field's name alone (PHI on any object).

use std::ops::Range;

use tree_sitter::Node;

use crate::finding::Location;
use crate::kind::SourceKind;
use crate::registry::Context;

/// An sObject type as code names it: `Patient__c`, or a collection of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectType {
    pub object: String,
    /// `List<X>`, `Set<X>`, `Map<Id, X>` or `X[]`.
    pub collection: bool,
}

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

/// The text of a node.
pub fn text<'t>(cx: &Context<'t>, node: Node<'_>) -> &'t str {
    cx.file.slice(node.byte_range())
}

/// The sObject type named by a type node, if it names one the PHI model can judge.
pub fn object_type(cx: &Context<'_>, node: Node<'_>) -> Option<ObjectType> {
    match node.kind() {
        "type_identifier" => Some(ObjectType {
            object: text(cx, node).to_string(),
            collection: false,
        }),
        "scoped_type_identifier" => None,
        "array_type" => object_type(cx, node.child_by_field_name("element")?).map(|t| ObjectType {
            collection: true,
            ..t
        }),
        "generic_type" => {
            let base = node.named_child(0)?;
            let base = text(cx, base);
            let args = node.named_child(1)?;
            let is_collection = ["list", "set", "map"]
                .iter()
                .any(|c| base.eq_ignore_ascii_case(c));
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

/// The declared type of the variable `name` as seen from `at`, searching the enclosing
/// blocks (declarations before `at`), loop headers, the method's parameters and the
/// class's fields, innermost first.
pub fn variable_type(cx: &Context<'_>, at: Node<'_>, name: &str) -> Option<ObjectType> {
    let mut scope = at;
    while let Some(parent) = scope.parent() {
        let mut cursor = parent.walk();
        for child in parent.named_children(&mut cursor) {
            let before = child.start_byte() < at.start_byte();
            let declared = match child.kind() {
                "local_variable_declaration" if before => declares(cx, child, name),
                "field_declaration" => declares(cx, child, name),
                "formal_parameters" => {
                    let mut c = child.walk();
                    let found = child
                        .named_children(&mut c)
                        .find(|p| {
                            p.child_by_field_name("name")
                                .is_some_and(|n| text(cx, n).eq_ignore_ascii_case(name))
                        })
                        .and_then(|p| p.child_by_field_name("type"));
                    found
                }
                _ => None,
            };
            if let Some(ty) = declared {
                return object_type(cx, ty);
            }
        }
        if parent.kind() == "enhanced_for_statement"
            && parent
                .child_by_field_name("name")
                .is_some_and(|n| text(cx, n).eq_ignore_ascii_case(name))
        {
            return object_type(cx, parent.child_by_field_name("type")?);
        }
        scope = parent;
    }
    None
}

/// The type node of a declaration (`local_variable_declaration`, `field_declaration`) when
/// one of its declarators is `name`.
fn declares<'t>(cx: &Context<'_>, decl: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut cursor = decl.walk();
    let hit = decl
        .children_by_field_name("declarator", &mut cursor)
        .any(|d| {
            d.child_by_field_name("name")
                .is_some_and(|n| text(cx, n).eq_ignore_ascii_case(name))
        });
    if hit {
        decl.child_by_field_name("type")
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
    let mut cursor = root.walk();
    let trigger = root
        .named_children(&mut cursor)
        .find(|n| n.kind() == "trigger_declaration")?;
    Some(text(cx, trigger.child_by_field_name("object")?))
}

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
];

/// Whether `expr` carries PHI, and where from. The first source found, in source order,
/// is returned.
pub fn phi_value(cx: &Context<'_>, expr: Node<'_>) -> Option<PhiValue> {
    match expr.kind() {
        "field_access" => field_access(cx, expr),
        "identifier" => whole_record(cx, expr),
        "array_access" => phi_value(cx, expr.child_by_field_name("array")?),
        "method_invocation" => {
            let name = text(cx, expr.child_by_field_name("name")?).to_ascii_lowercase();
            if !STRINGIFIERS.contains(&name.as_str()) {
                return None;
            }
            if let Some(object) = expr.child_by_field_name("object") {
                if let Some(value) = phi_value(cx, object) {
                    return Some(value);
                }
            }
            let args = expr.child_by_field_name("arguments")?;
            first_phi_child(cx, args)
        }
        "binary_expression" => {
            let op = expr.child_by_field_name("operator").map(|o| o.kind());
            if op != Some("+") {
                return None;
            }
            first_phi_child(cx, expr)
        }
        "parenthesized_expression" | "array_initializer" => first_phi_child(cx, expr),
        "array_creation_expression" => phi_value(cx, expr.child_by_field_name("value")?),
        "ternary_expression" => ["consequence", "alternative"]
            .iter()
            .find_map(|f| phi_value(cx, expr.child_by_field_name(f)?)),
        "cast_expression" => phi_value(cx, expr.child_by_field_name("value")?),
        "query_expression" => query_value(cx, expr),
        _ => None,
    }
}

fn first_phi_child(cx: &Context<'_>, node: Node<'_>) -> Option<PhiValue> {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    children.into_iter().find_map(|c| phi_value(cx, c))
}

fn field_access(cx: &Context<'_>, expr: Node<'_>) -> Option<PhiValue> {
    let object = expr.child_by_field_name("object")?;
    let field = text(cx, expr.child_by_field_name("field")?);

    if object.kind() == "identifier" && text(cx, object).eq_ignore_ascii_case("Trigger") {
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

    let receiver = match object.kind() {
        "identifier" => variable_type(cx, expr, text(cx, object)),
        _ => None,
    };
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

fn whole_record(cx: &Context<'_>, expr: Node<'_>) -> Option<PhiValue> {
    let ty = variable_type(cx, expr, text(cx, expr))?;
    let verdict = cx.phi.object(&ty.object)?;
    let what = if ty.collection {
        format!("the list of `{}` records `{}`", ty.object, text(cx, expr))
    } else {
        format!("the whole `{}` record `{}`", ty.object, text(cx, expr))
    };
    Some(PhiValue {
        what,
        because: format!("`{}` is PHI: {}", ty.object, verdict.why()),
        span: expr.byte_range(),
        declared: cx
            .project
            .object(&ty.object)
            .and_then(|o| o.location.clone()),
    })
}

/// An inline query used as a value: PHI when it selects a PHI field of its object.
fn query_value(cx: &Context<'_>, expr: Node<'_>) -> Option<PhiValue> {
    let body = expr.named_child(0)?;
    let from = body.child_by_field_name("from_clause")?;
    let object = text(cx, from.named_child(0)?).trim().to_string();
    let select = body.child_by_field_name("select_clause")?;
    let mut cursor = select.walk();
    let fields: Vec<Node> = select.named_children(&mut cursor).collect();
    fields.into_iter().find_map(|f| {
        let name = text(cx, f);
        let phi_field = cx.phi.field(cx.project, &object, name)?;
        Some(PhiValue {
            what: format!("a query of PHI field `{}`", phi_field.name),
            because: phi_field.because(),
            span: f.byte_range(),
            declared: phi_field.decl.map(|d| d.location.clone()),
        })
    })
}
