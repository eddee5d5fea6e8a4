//! SOQL queries, inline (`[SELECT ...]`) and in strings passed to `Database.query` and
//! its relatives, read into one shape that the query rules and the data flow share.
//!
//! A query string is followed through literals, simple concatenations and constants (see
//! [`super::consts`]); a piece phi-lint cannot know is read as `Id`. The string is parsed
//! with the Apex grammar as an inline query, so `:bind` variables parse as they do in code.

use phi_lint_grammars::NodeExt;
use std::ops::Range;
use std::rc::Rc;

use phi_lint_grammars::{syntax, Language};
use tree_sitter::Node;

use super::consts::{string_parts, Part};
use super::scope::{arguments, is_call, same, text};
use crate::nodes::NodeTable;
use crate::phi::PhiField;
use crate::registry::Context;

/// `Database` methods whose first argument is a query string.
pub const QUERY_METHODS: &[&str] = &[
    "query",
    "queryWithBinds",
    "getQueryLocator",
    "getQueryLocatorWithBinds",
    "countQuery",
    "countQueryWithBinds",
    "getCursor",
    "getCursorWithBinds",
];

/// A field named in a query, as written (`SSN__c`, `Patient__r.SSN__c`).
#[derive(Debug, Clone)]
pub struct SoqlField {
    pub path: String,
    /// In this file; for a query string, the string expression.
    pub span: Range<usize>,
    /// In a parent-to-child subquery, whose object phi-lint does not resolve.
    pub in_subquery: bool,
}

/// A field used to filter, sort or group rows.
#[derive(Debug, Clone)]
pub struct Filter {
    /// `WHERE`, `ORDER BY`, `GROUP BY` or `HAVING`.
    pub clause: &'static str,
    pub field: SoqlField,
}

/// What a query reads, and how.
#[derive(Debug, Clone)]
pub struct Query {
    /// The `FROM` object as written.
    pub object: String,
    /// The inline query, or the query-string argument of the call.
    pub span: Range<usize>,
    /// Whether the query came from a string.
    pub from_string: bool,
    /// The fields of the `SELECT` list, subqueries included.
    pub fields: Vec<SoqlField>,
    /// `FIELDS(ALL)`, `FIELDS(CUSTOM)` or `FIELDS(STANDARD)`: the word, and where.
    pub all_fields: Option<(String, Range<usize>)>,
    pub filters: Vec<Filter>,
    /// Runs with the user's field and object permissions: `WITH USER_MODE`,
    /// `WITH SECURITY_ENFORCED` or `AccessLevel.USER_MODE`.
    pub checks_permissions: bool,
    /// Runs with the user's sharing too: `WITH USER_MODE` or `AccessLevel.USER_MODE`.
    pub user_mode: bool,
}

/// The query of an inline `query_expression`, or of a `Database.query`-like call with a
/// string phi-lint can follow; cached per file.
pub fn query_at(cx: &Context<'_>, node: Node<'_>) -> Option<Rc<Query>> {
    let facts = super::facts(cx);
    if let Some(found) = facts.queries.borrow().get(&node.id()) {
        return found.clone();
    }
    let query = match node.kind_name() {
        "query_expression" => inline(cx, node),
        "method_invocation" => from_call(cx, node),
        _ => None,
    }
    .map(Rc::new);
    facts.queries.borrow_mut().insert(node.id(), query.clone());
    query
}

fn inline(cx: &Context<'_>, node: Node<'_>) -> Option<Query> {
    let body = super::scope::first_child_of_kind(node, "soql_query_body")?;
    let src = cx.file.text.as_str();
    read_body(cx.nodes(), body, src, &|r| r, node.byte_range(), false)
}

fn from_call(cx: &Context<'_>, call: Node<'_>) -> Option<Query> {
    if !is_call(cx, call, "Database", QUERY_METHODS) {
        return None;
    }
    let args = arguments(call);
    let first = *args.first()?;
    if first.kind_name() == "query_expression" {
        return None;
    }
    let parts = string_parts(cx, first)?;
    let soql: String = parts
        .iter()
        .map(|p| match p {
            Part::Known(s) => s.as_str(),
            Part::Unknown => "Id",
        })
        .collect();
    if !soql.trim_start().to_ascii_lowercase().starts_with("select") {
        return None;
    }
    let wrapped = format!("class PhiLintQuery {{ Object q = [{soql}]; }}");
    let tree = syntax::parse(Language::Apex, &wrapped);
    let nodes = NodeTable::of(&tree);
    let query_node = (0..nodes.len())
        .map(|i| nodes.get(i).0)
        .find(|n| n.kind_name() == "query_expression")?;
    let body = super::scope::first_child_of_kind(query_node, "soql_query_body")?;
    let span = first.byte_range();
    let mut query = read_body(
        &nodes,
        body,
        &wrapped,
        &|_| span.clone(),
        span.clone(),
        true,
    )?;
    let user_mode_arg = args.iter().skip(1).any(|a| {
        let t: String = text(cx, *a).split_whitespace().collect();
        same(&t, "AccessLevel.USER_MODE")
    });
    if user_mode_arg {
        query.checks_permissions = true;
        query.user_mode = true;
    }
    Some(query)
}

fn read_body(
    nodes: &NodeTable<'_>,
    body: Node<'_>,
    src: &str,
    map: &dyn Fn(Range<usize>) -> Range<usize>,
    span: Range<usize>,
    from_string: bool,
) -> Option<Query> {
    let slice = |n: Node<'_>| src.get(n.byte_range()).unwrap_or("");
    let from = body.field("from_clause")?;
    let object = slice(super::scope::first_child_of_kind(
        from,
        "storage_identifier",
    )?)
    .split_whitespace()
    .next()?
    .to_string();

    let mut query = Query {
        object,
        span,
        from_string,
        fields: Vec::new(),
        all_fields: None,
        filters: Vec::new(),
        checks_permissions: false,
        user_mode: false,
    };

    if let Some(select) = body.field("select_clause") {
        collect_fields(nodes, select, src, map, false, &mut |field, node| {
            if node.kind_name() == "fields_expression" {
                let word = super::scope::first_child_of_kind(node, "fields_type")
                    .map_or("ALL", |t| slice(t))
                    .to_ascii_uppercase();
                query.all_fields = Some((word, map(node.byte_range())));
            } else {
                query.fields.push(field);
            }
        });
    }

    let clauses = [
        ("where_clause", "WHERE"),
        ("order_by_clause", "ORDER BY"),
        ("group_by_clause", "GROUP BY"),
        ("having_clause", "HAVING"),
    ];
    for child in nodes.children(body) {
        if let Some(&(_, clause)) = clauses.iter().find(|(k, _)| *k == child.kind_name()) {
            collect_fields(nodes, child, src, map, false, &mut |field, node| {
                if node.kind_name() == "field_identifier" && !field.in_subquery {
                    query.filters.push(Filter { clause, field });
                }
            });
        }
        if child.kind_name() == "with_clause" {
            let with: String = slice(child).split_whitespace().collect::<String>();
            let with = with.to_ascii_lowercase();
            if with.contains("user_mode") {
                query.user_mode = true;
                query.checks_permissions = true;
            }
            if with.contains("security_enforced") {
                query.checks_permissions = true;
            }
        }
    }
    Some(query)
}

/// Calls `found` for each field (`field_identifier`) and `FIELDS(...)` under `node`.
fn collect_fields(
    nodes: &NodeTable<'_>,
    node: Node<'_>,
    src: &str,
    map: &dyn Fn(Range<usize>) -> Range<usize>,
    in_subquery: bool,
    found: &mut dyn FnMut(SoqlField, Node<'_>),
) {
    if let Some(at) = nodes.index_of(node) {
        collect_fields_at(nodes, at, src, map, in_subquery, found, 0);
    }
}

/// How deep [`collect_fields`] descends into a clause.
const MAX_NESTING: usize = 100;

/// [`collect_fields`] for the node at index `at` of the table, going down by index.
fn collect_fields_at(
    nodes: &NodeTable<'_>,
    at: usize,
    src: &str,
    map: &dyn Fn(Range<usize>) -> Range<usize>,
    in_subquery: bool,
    found: &mut dyn FnMut(SoqlField, Node<'_>),
    depth: usize,
) {
    for (index, child) in nodes.children_at(at).indexed() {
        match child.kind_name() {
            "field_identifier" | "fields_expression" => {
                let path: String = src
                    .get(child.byte_range())
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                found(
                    SoqlField {
                        path,
                        span: map(child.byte_range()),
                        in_subquery,
                    },
                    child,
                );
            }
            "subquery" => collect_fields_at(nodes, index, src, map, true, found, depth + 1),
            // Deeply nested conditions are rare; a pathological one stops here rather
            // than exhausting the stack.
            _ if depth > MAX_NESTING => {}
            // A semi-join (`Id IN (SELECT ...)`) reads another object: not this query's
            // filter, and not its result.
            "soql_query_body" if in_subquery => {
                if let Some(select) = child.field("select_clause").and_then(|s| nodes.index_of(s)) {
                    collect_fields_at(nodes, select, src, map, true, found, depth + 1);
                }
            }
            "soql_query_body" => {}
            _ => collect_fields_at(nodes, index, src, map, in_subquery, found, depth + 1),
        }
    }
}

/// The object and field a query field path names, following relationship names through
/// the project's lookup fields where it can: `Patient__r.SSN__c` on `Visit__c` is
/// `Patient__c.SSN__c` when `Visit__c.Patient__c` refers to `Patient__c`. `None` for the
/// object when the path cannot be followed.
pub fn resolve_path(cx: &Context<'_>, object: &str, path: &str) -> (Option<String>, String) {
    let mut segments: Vec<&str> = path.split('.').collect();
    let field = segments.pop().unwrap_or_default().to_string();
    let mut current = Some(object.to_string());
    for relationship in segments {
        current = current.and_then(|o| follow(cx, &o, relationship));
    }
    (current, field)
}

fn follow(cx: &Context<'_>, object: &str, relationship: &str) -> Option<String> {
    let lower = relationship.to_ascii_lowercase();
    let lookup = if let Some(stem) = lower.strip_suffix("__r") {
        format!("{stem}__c")
    } else {
        format!("{lower}id")
    };
    if let Some(field) = cx.project.field(object, &lookup) {
        return field.meta.reference_to.as_ref().map(|r| r.value.clone());
    }
    // A standard relationship named after its object: `Account.Name`, `Contact.Birthdate`.
    (!lower.ends_with("__r") && cx.project.object(relationship).is_some())
        .then(|| relationship.to_string())
}

/// The PHI fields a query reads, in order: each with the place it is named.
pub fn phi_fields<'m>(cx: &Context<'m>, query: &Query) -> Vec<(PhiField<'m>, Range<usize>)> {
    let mut out = Vec::new();
    for field in &query.fields {
        let (object, name) = if field.in_subquery {
            (
                None,
                field.path.rsplit('.').next().unwrap_or("").to_string(),
            )
        } else {
            resolve_path(cx, &query.object, &field.path)
        };
        let verdict = match object {
            Some(object) => cx.phi.field(cx.project, &object, &name),
            None => cx.phi.field_of_unknown_object(cx.project, &name),
        };
        if let Some(verdict) = verdict {
            out.push((verdict, field.span.clone()));
        }
    }
    out
}
