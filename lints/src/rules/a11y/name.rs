//! Accessible names, shared by the rules that ask for one (`a11y-missing-label`,
//! `a11y-img-alt`, `a11y-button-name`, `a11y-link-name`, `a11y-frame-title`).
//!
//! A simplified accessible-name computation over markup as written: a name comes from
//! `aria-label` or `aria-labelledby`; from a `<label for>` (or Visualforce
//! `apex:outputLabel for`) that points at the element's id in the same template and can
//! be rendered with it, or from a wrapping `<label>`; from `title`; from text content,
//! descendants included (with their `alt` and `aria-label`); from `alt`; from the
//! component's naming attribute. A bound value (`{expr}`, `{!v.x}`) counts as a name.
//! Content filled in at run time (a `<slot>`, a child component, `lwc:dom="manual"`)
//! and attributes spread in with `lwc:spread` are unknown, and unknown is never reported.

use phi_lint_grammars::NodeExt;
use std::rc::Rc;

use tree_sitter::Node;

use crate::markup::{self, Dialect, Element};
use crate::registry::Context;

use super::components;

/// What can be said about an element's accessible name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// It has one (possibly bound).
    Named,
    /// It may have one that is only known at run time.
    Unknown,
    /// It has none.
    Missing,
}

impl Name {
    /// The better of two: any name wins, then unknown.
    pub fn or(self, other: Name) -> Name {
        match (self, other) {
            (Name::Named, _) | (_, Name::Named) => Name::Named,
            (Name::Unknown, _) | (_, Name::Unknown) => Name::Unknown,
            _ => Name::Missing,
        }
    }

    fn from(named: bool) -> Name {
        if named {
            Name::Named
        } else {
            Name::Missing
        }
    }
}

/// The markup dialect of the file being checked.
pub fn dialect(cx: &Context<'_>) -> Dialect {
    Dialect::of(cx.file.kind).unwrap_or(Dialect::Lwc)
}

/// `aria-label` or `aria-labelledby` with a value.
pub fn from_aria(el: &Element<'_>, d: Dialect) -> Name {
    Name::from(el.has(d, "aria-label") || el.has(d, "aria-labelledby"))
}

/// `title` with a value.
pub fn from_title(el: &Element<'_>, d: Dialect) -> Name {
    Name::from(el.has(d, "title"))
}

/// Any of the attributes `names` with a value.
pub fn from_attributes(el: &Element<'_>, d: Dialect, names: &[&str]) -> Name {
    Name::from(names.iter().any(|n| el.has(d, n)))
}

/// The name an element's content gives: its text and the text alternatives of what it
/// holds.
pub fn from_content(el: &Element<'_>, text: &str, d: Dialect) -> Name {
    if el.is_self_closed_by_value() {
        return Name::Missing;
    }
    if el.has_unknown_content() {
        return Name::Unknown;
    }
    content_of(el.node, text, d, 0)
}

fn content_of(node: Node<'_>, text: &str, d: Dialect, depth: usize) -> Name {
    if depth > 64 {
        return Name::Unknown;
    }
    let mut name = Name::Missing;
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let part = match child.kind_name() {
            "text" => {
                let t = text.get(child.byte_range()).unwrap_or("");
                let t = t.replace("&nbsp;", " ").replace("&#160;", " ");
                Name::from(!t.trim().is_empty())
            }
            // A character reference such as `&times;` is text; white space is not.
            "entity" => {
                let entity = text.get(child.byte_range()).unwrap_or("");
                Name::from(!WHITE_SPACE_ENTITIES.contains(&entity.to_ascii_lowercase().as_str()))
            }
            "element" => match Element::read(child, text) {
                Some(el) => element_content(&el, text, d, depth),
                None => Name::Missing,
            },
            _ => Name::Missing,
        };
        name = name.or(part);
        if name == Name::Named {
            break;
        }
    }
    name
}

/// Character references that stand for white space (or nothing) and so name nothing.
const WHITE_SPACE_ENTITIES: &[&str] = &[
    "&nbsp;", "&#160;", "&#xa0;", "&ensp;", "&emsp;", "&thinsp;", "&zwnj;", "&zwj;", "&#8203;",
    "&#x200b;",
];

/// What one element inside another adds to the outer one's name.
fn element_content(el: &Element<'_>, text: &str, d: Dialect, depth: usize) -> Name {
    if el.is_aria_hidden(d) {
        return Name::Missing;
    }
    if el.has_unknown_attributes() || el.has_unknown_content() {
        return Name::Unknown;
    }
    let own = from_aria(el, d);
    if own == Name::Named {
        return own;
    }
    let tag = el.component(d);
    match tag.as_str() {
        "img" | "area" | "apex:image" => return from_attributes(el, d, &["alt", "title"]),
        "input" => {
            let kind = el
                .value_of(d, "type")
                .unwrap_or("text")
                .to_ascii_lowercase();
            return match kind.as_str() {
                "image" => from_attributes(el, d, &["alt"]),
                "button" | "submit" | "reset" => from_attributes(el, d, &["value"]),
                _ => Name::Missing,
            };
        }
        "select" | "textarea" | "script" | "style" => return Name::Missing,
        // A `title` on the host element takes part in the name, as any descendant's
        // tooltip does.
        "lightning-icon" | "lightning-avatar" => {
            return from_attributes(el, d, &["alternative-text", "title"]);
        }
        "apex:outputtext" | "apex:outputfield" | "apex:outputlabel" | "aura:text" => {
            return from_attributes(el, d, &["value"]).or(content_of(el.node, text, d, depth + 1));
        }
        "apex:param" | "apex:actionsupport" => return Name::Missing,
        _ => {}
    }
    if let Some(component) = components::find(&tag) {
        let named = from_attributes(el, d, component.naming);
        if named == Name::Named || !component.named_by_content {
            return named;
        }
    } else if el.is_component() {
        return Name::Unknown;
    }
    if el.is_self_closed_by_value() {
        return Name::Missing;
    }
    content_of(el.node, text, d, depth + 1).or(from_title(el, d))
}

/// A name given by a label: a wrapping `<label>`, a `<label for>` or `apex:outputLabel
/// for` pointing at the element's id, or a Visualforce `apex:pageBlockSectionItem` that
/// holds an `apex:outputLabel`.
pub fn from_label(el: &Element<'_>, cx: &Context<'_>) -> Name {
    let text = cx.file.text.as_str();
    let d = dialect(cx);
    let mut name = Name::Missing;
    for ancestor in markup::ancestors(el.node, text) {
        if ancestor.is("label") || ancestor.is("apex:outputLabel") {
            name = name.or(label_content(&ancestor, text, d));
        } else if ancestor.is("apex:pageBlockSectionItem") {
            let has_label = ancestor
                .children(text)
                .iter()
                .any(|c| c.is("apex:outputLabel"));
            name = name.or(Name::from(has_label));
        }
        if name == Name::Named {
            return name;
        }
    }
    let Some(id) = el.attr(d, "id").filter(|a| a.has_value()) else {
        return name;
    };
    let branches = markup::branches(el.node, text);
    for label in template(cx).labels.iter() {
        let points_here = match (&label.target, id.is_bound()) {
            (None, _) | (_, true) => true,
            (Some(target), false) => id.value.is_some_and(|v| v.trim() == target),
        };
        if points_here && !markup::exclusive(&branches, &label.branches) {
            name = name.or(label.name);
        }
    }
    name
}

/// The text a `<label>` or `apex:outputLabel` gives.
fn label_content(label: &Element<'_>, text: &str, d: Dialect) -> Name {
    from_attributes(label, d, &["value"])
        .or(from_aria(label, d))
        .or(from_content(label, text, d))
}

/// A `<label for>` or `apex:outputLabel for` of the file.
struct LabelFor {
    /// The id it points at; `None` when bound.
    target: Option<String>,
    branches: Vec<(u64, u32)>,
    name: Name,
}

/// What the name rules need to know about a whole file, read once.
struct Template {
    labels: Vec<LabelFor>,
    /// The static ids of an LWC template, whose ids do not reach outside it; `None` when
    /// they cannot all be known (a bound id, `lwc:spread`, `lwc:dom="manual"`, light DOM)
    /// or the file is Aura or Visualforce, whose ids are page-wide.
    ids: Option<std::collections::HashSet<String>>,
}

/// The file's labels and ids, read once per file and shared by the name rules through
/// the context's per-file cache.
fn template(cx: &Context<'_>) -> Rc<Template> {
    cx.cached(read_template)
}

fn read_template(cx: &Context<'_>) -> Template {
    let file = cx.file;
    let text = file.text.as_str();
    let d = dialect(cx);
    let mut labels = Vec::new();
    let mut ids = (d == Dialect::Lwc).then(std::collections::HashSet::new);
    if let Some(tree) = file.tree() {
        for el in markup::descendants(tree.root_node(), text) {
            if el.has_unknown_attributes()
                || el.has_unknown_content()
                || el.attribute("lwc:render-mode").is_some()
            {
                ids = None;
            }
            if let Some(id) = el.attribute("id") {
                match (id.static_value(), ids.as_mut()) {
                    (Some(v), Some(set)) => {
                        set.insert(v.to_string());
                    }
                    (None, _) => ids = None,
                    _ => {}
                }
            }
            if !(el.is("label") || el.is("apex:outputLabel")) {
                continue;
            }
            let Some(target) = el.attribute("for").filter(|a| a.has_value()) else {
                continue;
            };
            labels.push(LabelFor {
                target: target.static_value().map(str::to_string),
                branches: markup::branches(el.node, text),
                name: label_content(&el, text, d),
            });
        }
    }
    Template { labels, ids }
}

/// `aria-label` or `aria-labelledby` with a value, where in an LWC template
/// `aria-labelledby` must also point at an id of the same template: LWC scopes ids to
/// their template, so a reference to any other id never resolves.
pub fn from_aria_in(el: &Element<'_>, cx: &Context<'_>) -> Name {
    let d = dialect(cx);
    if el.has(d, "aria-label") {
        return Name::Named;
    }
    Name::from(el.has(d, "aria-labelledby") && dangling_labelledby(el, cx).is_none())
}

/// The static `aria-labelledby` of an LWC element when none of its ids is in the
/// template.
pub fn dangling_labelledby<'t>(el: &Element<'t>, cx: &Context<'_>) -> Option<&'t str> {
    let d = dialect(cx);
    let value = el
        .value_of(d, "aria-labelledby")
        .filter(|v| !v.is_empty())?;
    let template = template(cx);
    let ids = template.ids.as_ref()?;
    (!value.split_ascii_whitespace().any(|id| ids.contains(id))).then_some(value)
}

/// Reports an element with no accessible name; when an `aria-labelledby` that points
/// nowhere is the reason, the message says so.
pub fn report_unnamed(cx: &mut Context<'_>, el: &Element<'_>, message: String, help: String) {
    let (message, help) = match dangling_labelledby(el, cx) {
        Some(target) => (
            format!(
                "`<{}>` has `aria-labelledby=\"{target}\"` but no element of this template has that id, so screen readers cannot name it",
                el.tag
            ),
            "point `aria-labelledby` at an id in the same template (LWC keeps ids inside their template), or set `aria-label`"
                .to_string(),
        ),
        None => (message, help),
    };
    let finding = cx.finding(el.tag_span.clone(), message).with_help(help);
    cx.push(finding);
}

/// The element at `node` and the file's dialect, unless the element is out of scope for
/// the a11y rules (see [`out_of_scope`]): the start of every a11y rule's node check.
pub fn checked_element<'t>(node: Node<'t>, cx: &Context<'t>) -> Option<(Element<'t>, Dialect)> {
    let d = dialect(cx);
    let el = Element::read(node, cx.file.text.as_str())?;
    (!out_of_scope(&el, d)).then_some((el, d))
}

/// Elements the name rules leave alone: hidden from assistive technology, or with
/// attributes spread in at run time.
pub fn out_of_scope(el: &Element<'_>, d: Dialect) -> bool {
    el.is_aria_hidden(d) || el.has_unknown_attributes()
}

/// The role an element's static `role` attribute gives it.
pub fn explicit_role(el: &Element<'_>, d: Dialect) -> Option<&'static crate::aria::RoleDef> {
    role_value(el, d).and_then(crate::aria::effective_role)
}

/// The static value of the element's ARIA `role`. An Aura or Visualforce component's own
/// `role` attribute (`<c:careTeamMember role="Physician"/>`) is the component's business,
/// not ARIA; Visualforce passes ARIA through as `html-role`.
pub fn role_value<'t>(el: &Element<'t>, d: Dialect) -> Option<&'t str> {
    if d != Dialect::Lwc && el.tag.contains(':') {
        return el
            .attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case("html-role"))
            .and_then(|a| a.static_value());
    }
    el.value_of(d, "role")
}

/// The `aria-*` attributes of an element, with their names lower-cased and without
/// Visualforce's `html-` pass-through prefix.
pub fn aria_attributes<'e, 't>(
    el: &'e Element<'t>,
    d: Dialect,
) -> impl Iterator<Item = (String, &'e markup::Attribute<'t>)> + 'e {
    el.attributes.iter().filter_map(move |a| {
        let mut name = a.name.to_ascii_lowercase();
        if d == Dialect::Visualforce {
            if let Some(rest) = name.strip_prefix("html-") {
                name = rest.to_string();
            }
        }
        name.starts_with("aria-").then_some((name, a))
    })
}
