//! String constants: what a string expression is known to hold, from literals, simple
//! concatenations, and locals or class constants initialized with one.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use super::scope::{declared_type, enclosing_body, enclosing_class, parent_of, same, text};
use crate::nodes::named_children;
use crate::registry::Context;

/// How deep concatenations and constant references are followed.
const MAX_DEPTH: usize = 32;

/// A piece of a string expression: known text, or a value phi-lint cannot know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Known(String),
    Unknown,
}

/// What a string expression holds, piece by piece. `None` when it is not a string
/// expression phi-lint can follow at all.
pub fn string_parts(cx: &Context<'_>, expr: Node<'_>) -> Option<Vec<Part>> {
    let mut budget = BUDGET;
    parts(cx, expr, 0, &mut budget)
}

/// How many expressions one string is followed through, so that variables built from
/// themselves over and over cannot make the work explode.
const BUDGET: usize = 256;

fn parts(cx: &Context<'_>, expr: Node<'_>, depth: usize, budget: &mut usize) -> Option<Vec<Part>> {
    if depth > MAX_DEPTH || *budget == 0 {
        return None;
    }
    *budget -= 1;
    match expr.kind_name() {
        "string_literal" => Some(vec![Part::Known(unquote(text(cx, expr)))]),
        "parenthesized_expression" => {
            parts(cx, super::scope::first_code_child(expr)?, depth + 1, budget)
        }
        "binary_expression" => {
            let op = expr.field("operator")?;
            if op.kind_name() != "+" {
                return None;
            }
            let mut left = parts(cx, expr.field("left")?, depth + 1, budget)
                .unwrap_or_else(|| vec![Part::Unknown]);
            let right = parts(cx, expr.field("right")?, depth + 1, budget)
                .unwrap_or_else(|| vec![Part::Unknown]);
            left.extend(right);
            // A concatenation of nothing known is not a string phi-lint can follow.
            left.iter()
                .any(|p| matches!(p, Part::Known(_)))
                .then_some(left)
        }
        "identifier" => {
            let values = initializer(cx, expr, text(cx, expr))?;
            let mut out = Vec::new();
            for value in values {
                out.extend(
                    parts(cx, value, depth + 1, budget).unwrap_or_else(|| vec![Part::Unknown]),
                );
            }
            out.iter()
                .any(|p| matches!(p, Part::Known(_)))
                .then_some(out)
        }
        "field_access" => {
            // `Constants.BASE_URL` or `this.url`: a field of this file's classes.
            let field = text(cx, expr.field("field")?);
            let object = expr.field("object")?;
            let class_named = |c: Node<'_>| {
                c.field("name")
                    .is_some_and(|n| same(text(cx, n), text(cx, object)))
            };
            let owner = if object.kind_name() == "this" {
                enclosing_class(cx, expr)?
            } else {
                file_class(cx, class_named)?
            };
            let value = field_initializer(cx, owner, field)?;
            parts(cx, value, depth + 1, budget)
        }
        _ => None,
    }
}

/// The text of an Apex string literal, without quotes and with escapes undone.
pub fn unquote(literal: &str) -> String {
    let inner = literal
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(literal);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The values a variable was given before `at` in the same procedure, in order: its
/// initializer or last plain assignment, then what `+=` appended since. For a class field
/// with no assignment in the procedure, its initializer.
fn initializer<'t>(cx: &Context<'t>, at: Node<'t>, name: &str) -> Option<Vec<Node<'t>>> {
    let declared = declared_type(cx, at, name)?;
    let declaration = parent_of(cx, declared)?;
    let body = enclosing_body(cx, at)?;
    let mut values = Vec::new();
    if declaration.kind_name() == "local_variable_declaration" {
        values.extend(declarator_value(cx, declaration, name));
    }
    for (node, kind) in super::scope::descendants(cx, body) {
        if node.start_byte() >= at.start_byte() {
            break;
        }
        // An assignment that holds `at` (`s += s`) has not happened yet at `at`.
        if kind == "assignment_expression"
            && node.end_byte() <= at.start_byte()
            && node
                .field("left")
                .is_some_and(|l| l.kind_name() == "identifier" && same(text(cx, l), name))
        {
            let Some(right) = node.field("right") else {
                continue;
            };
            match node.field("operator").map(|o| text(cx, o)) {
                Some("=") => values = vec![right],
                Some("+=") => {
                    if values.is_empty() && declaration.kind_name() == "field_declaration" {
                        values.extend(declarator_value(cx, declaration, name));
                    }
                    values.push(right);
                }
                // Any other operator: no longer a string phi-lint knows.
                _ => return None,
            }
        }
    }
    if values.is_empty() && declaration.kind_name() == "field_declaration" {
        values.extend(declarator_value(cx, declaration, name));
    }
    (!values.is_empty()).then_some(values)
}

fn declarator_value<'t>(cx: &Context<'_>, declaration: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut cursor = declaration.walk();
    let found = declaration
        .children_by_field_name("declarator", &mut cursor)
        .find(|d| d.field("name").is_some_and(|n| same(text(cx, n), name)))
        .and_then(|d| d.field("value"));
    found
}

/// The initializer of field `name` declared directly in `class`.
fn field_initializer<'t>(cx: &Context<'_>, class: Node<'t>, name: &str) -> Option<Node<'t>> {
    let body = class.field("body")?;
    named_children(body)
        .filter(|c| c.kind_name() == "field_declaration")
        .find_map(|f| declarator_value(cx, f, name))
}

/// A class of this file that matches `pred`.
fn file_class<'t>(cx: &Context<'t>, pred: impl Fn(Node<'_>) -> bool) -> Option<Node<'t>> {
    let root = cx.file.tree()?.root_node();
    super::scope::classes(root).into_iter().find(|n| pred(*n))
}
