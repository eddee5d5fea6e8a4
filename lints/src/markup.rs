//! Reading elements and attributes out of the tree-sitter-html tree that LWC templates,
//! Aura components and Visualforce pages share, and the template semantics the three
//! dialects add: bound values, attribute naming, conditional branches, unknown content.

use phi_lint_grammars::NodeExt;
use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::Node;

use crate::kind::SourceKind;

/// The markup dialect of a file: each has its own expression syntax and attribute names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// LWC templates: `attr={expr}`, kebab-case attributes, `lightning-button-icon`.
    Lwc,
    /// Aura components: `attr="{!v.x}"`, camelCase attributes, `lightning:buttonIcon`.
    Aura,
    /// Visualforce pages and components: `{!expr}`, `apex:` components, `html-`
    /// pass-through attributes.
    Visualforce,
}

impl Dialect {
    pub fn of(kind: SourceKind) -> Option<Dialect> {
        match kind {
            SourceKind::LwcTemplate => Some(Dialect::Lwc),
            SourceKind::AuraMarkup => Some(Dialect::Aura),
            SourceKind::VisualforcePage | SourceKind::VisualforceComponent => {
                Some(Dialect::Visualforce)
            }
            _ => None,
        }
    }

    /// How an attribute the rules know in kebab-case (`alternative-text`) is spelled here:
    /// LWC keeps it, Aura and Visualforce use camelCase (`alternativeText`).
    pub fn spell(self, kebab: &str) -> String {
        if self == Dialect::Lwc || kebab.starts_with("aria-") {
            return kebab.to_string();
        }
        let mut out = String::new();
        let mut upper = false;
        for c in kebab.chars() {
            if c == '-' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// The markup kinds of file, for rules that read all three dialects.
pub const MARKUP_KINDS: &[SourceKind] = &[
    SourceKind::LwcTemplate,
    SourceKind::AuraMarkup,
    SourceKind::VisualforcePage,
    SourceKind::VisualforceComponent,
];

/// An attribute as written: `name="value"`, `name={expr}` or a bare `name`.
#[derive(Debug, Clone)]
pub struct Attribute<'t> {
    pub name: &'t str,
    /// The value without quotes; `None` for a bare attribute.
    pub value: Option<&'t str>,
    pub span: Range<usize>,
}

impl<'t> Attribute<'t> {
    /// `attr={expr}` (LWC) or `attr="{!v.x}"`, `"{#v.x}"`, `"Dr. {!name}"` (Aura,
    /// Visualforce): present, value unknown.
    pub fn is_bound(&self) -> bool {
        self.value.is_some_and(|v| {
            let v = v.trim();
            v.starts_with('{') || v.contains("{!") || v.contains("{#")
        })
    }

    /// The static value, trimmed, if the attribute has one and is not bound.
    pub fn static_value(&self) -> Option<&'t str> {
        if self.is_bound() {
            None
        } else {
            Some(self.value.unwrap_or("").trim())
        }
    }

    /// Whether the attribute gives a usable value: bound, or static and not blank.
    pub fn has_value(&self) -> bool {
        self.is_bound() || self.value.is_some_and(|v| !v.trim().is_empty())
    }
}

/// An element's start tag, read once.
#[derive(Debug, Clone)]
pub struct Element<'t> {
    pub node: Node<'t>,
    /// The tag name as written (`lightning-input`, `lightning:input`, `apex:inputText`).
    pub tag: &'t str,
    /// The span of the start tag, where findings about the element go.
    pub tag_span: Range<usize>,
    pub attributes: Vec<Attribute<'t>>,
}

impl<'t> Element<'t> {
    /// Reads an `element` node; other nodes give `None`.
    pub fn read(node: Node<'t>, text: &'t str) -> Option<Element<'t>> {
        if !matches!(
            node.kind_name(),
            "element" | "script_element" | "style_element"
        ) {
            return None;
        }
        let tag_node = node.child(0)?;
        if !matches!(tag_node.kind_name(), "start_tag" | "self_closing_tag") {
            return None;
        }
        let tag_span = tag_node.byte_range();
        let source = text.get(tag_span.clone()).unwrap_or("");
        let cached = LAST_TAG.with(|cache| {
            let cache = cache.borrow();
            let hit = cache
                .as_ref()
                .filter(|c| c.node == node.id() && c.tag_span == tag_span && c.source == source)?;
            Some(hit.build(node, text))
        });
        if let Some(el) = cached {
            return Some(el);
        }

        let mut tag = 0..0;
        let mut attributes = Vec::new();
        let mut cursor = tag_node.walk();
        for child in tag_node.named_children(&mut cursor) {
            match child.kind_name() {
                "tag_name" => tag = child.byte_range(),
                "attribute" => attributes.push(attribute_spans(child, text)),
                _ => {}
            }
        }
        let read = ReadTag {
            node: node.id(),
            source: source.to_string(),
            tag_span,
            tag,
            attributes,
        };
        let el = read.build(node, text);
        LAST_TAG.with(|cache| *cache.borrow_mut() = Some(read));
        Some(el)
    }

    /// The attribute called `name`, compared case-insensitively as HTML does.
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'t>> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The static value of `name`, if the attribute is present and not bound.
    pub fn static_value(&self, name: &str) -> Option<&'t str> {
        self.attribute(name)
            .filter(|a| !a.is_bound())
            .and_then(|a| a.value)
    }

    pub fn is(&self, tag: &str) -> bool {
        self.tag.eq_ignore_ascii_case(tag)
    }

    /// The attribute known in kebab-case as `kebab`, as `dialect` spells it: `aria-label`
    /// is also `ariaLabel` in Aura, and `html-aria-label` on a Visualforce component.
    pub fn attr(&self, dialect: Dialect, kebab: &str) -> Option<&Attribute<'t>> {
        self.attributes.iter().find(|a| match dialect {
            Dialect::Lwc => a.name.eq_ignore_ascii_case(kebab),
            // Aura takes `alternativeText` for components and `aria-label` on HTML.
            Dialect::Aura => same_squashed(a.name, kebab),
            Dialect::Visualforce => {
                same_squashed(strip_ci(a.name, "html-").unwrap_or(a.name), kebab)
            }
        })
    }

    /// Whether the attribute `kebab` is present with a usable value (bound, or static
    /// and not blank).
    pub fn has(&self, dialect: Dialect, kebab: &str) -> bool {
        self.attr(dialect, kebab).is_some_and(|a| a.has_value())
    }

    /// The static value of `kebab` as `dialect` spells it, trimmed; `None` when absent or
    /// bound.
    pub fn value_of(&self, dialect: Dialect, kebab: &str) -> Option<&'t str> {
        self.attr(dialect, kebab)
            .filter(|a| !a.is_bound())
            .map(|a| a.value.unwrap_or("").trim())
    }

    /// The tag in the form the rules' tables use: lower case, and Aura's
    /// `lightning:buttonIcon` as LWC's `lightning-button-icon`. Visualforce tags keep
    /// their namespace (`apex:inputtext`).
    pub fn component(&self, dialect: Dialect) -> String {
        match (dialect, self.tag.split_once(':')) {
            (Dialect::Aura, Some((ns, name))) if !ns.eq_ignore_ascii_case("aura") => {
                let mut out = ns.to_ascii_lowercase();
                out.push('-');
                for (i, c) in name.chars().enumerate() {
                    if c.is_ascii_uppercase() && i > 0 {
                        out.push('-');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                out
            }
            _ => self.tag.to_ascii_lowercase(),
        }
    }

    /// A component rather than an HTML element: `c-card`, `lightning-input`,
    /// `c:card`, `apex:form`. Aura's own `aura:` tags are template structure, not
    /// components.
    pub fn is_component(&self) -> bool {
        let tag = self.tag;
        match tag.split_once(':') {
            Some((ns, _)) => !ns.eq_ignore_ascii_case("aura") && !ns.eq_ignore_ascii_case("lwc"),
            None => tag.contains('-'),
        }
    }

    /// A `<template>` or Aura structural tag (`aura:if`, `aura:iteration`, `aura:set`):
    /// it renders no element of its own, only its content.
    pub fn is_transparent(&self) -> bool {
        self.is("template")
            || self
                .tag
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("aura:"))
                && !self.is("aura:unescapedHtml")
    }

    /// `lwc:spread` hands the element attributes that cannot be seen here.
    pub fn has_unknown_attributes(&self) -> bool {
        self.attribute("lwc:spread").is_some()
    }

    /// The element's content is filled in at run time: a `<slot>`, `lwc:dom="manual"`,
    /// `lwc:inner-html`, a dynamic `lwc:component`, Aura's `aura:unescapedHtml`.
    pub fn has_unknown_content(&self) -> bool {
        self.is("slot")
            || self.is("lwc:component")
            || self.is("aura:unescapedHtml")
            || self
                .attribute("lwc:dom")
                .is_some_and(|a| a.value.is_some_and(|v| v.trim() == "manual"))
            || self.attribute("lwc:inner-html").is_some()
    }

    /// `attr={x}/>` absorbs the `/` into the value, so tree-sitter-html takes the element
    /// for an open one and its following siblings for its children. Such an element has
    /// no content of its own.
    pub fn is_self_closed_by_value(&self) -> bool {
        self.node
            .child(0)
            .is_some_and(|t| t.kind_name() == "start_tag")
            && self
                .attributes
                .last()
                .and_then(|a| a.value)
                .is_some_and(|v| v.ends_with("}/"))
    }

    /// `aria-hidden="true"` as written.
    pub fn is_aria_hidden(&self, dialect: Dialect) -> bool {
        self.value_of(dialect, "aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The elements directly inside this one.
    pub fn children(&self, text: &'t str) -> Vec<Element<'t>> {
        let mut cursor = self.node.walk();
        self.node
            .named_children(&mut cursor)
            .filter_map(|child| Element::read(child, text))
            .collect()
    }
}

/// The spans of a start tag, kept for the next rule that reads the same element: the
/// linter hands each element to every rule in turn, and walking the tag's children once
/// instead of once per rule is most of the cost of reading it. A hit needs the same node,
/// at the same place, with the same start-tag text, so spans from another file can never
/// be taken for this one's.
struct ReadTag {
    node: usize,
    source: String,
    tag_span: Range<usize>,
    tag: Range<usize>,
    /// Name, value (inside any quotes) and whole span of each attribute.
    attributes: Vec<AttributeSpans>,
}

thread_local! {
    static LAST_TAG: RefCell<Option<ReadTag>> = const { RefCell::new(None) };
}

impl ReadTag {
    fn build<'t>(&self, node: Node<'t>, text: &'t str) -> Element<'t> {
        let get = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
        Element {
            node,
            tag: get(&self.tag),
            tag_span: self.tag_span.clone(),
            attributes: self
                .attributes
                .iter()
                .map(|(name, value, span)| Attribute {
                    name: get(name),
                    value: value.as_ref().map(get),
                    span: span.clone(),
                })
                .collect(),
        }
    }
}

/// Where an attribute's name, value and whole text are.
type AttributeSpans = (Range<usize>, Option<Range<usize>>, Range<usize>);

fn attribute_spans(node: Node<'_>, text: &str) -> AttributeSpans {
    let mut name = 0..0;
    let mut value = None;
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind_name() {
            "attribute_name" => name = child.byte_range(),
            "attribute_value" => value = Some(child.byte_range()),
            "quoted_attribute_value" => {
                let r = child.byte_range();
                // Inside the quotes; an unterminated value keeps what there is.
                let quoted = text.get(r.clone()).unwrap_or("");
                let end = if quoted.len() >= 2 && quoted.ends_with(['"', '\'']) {
                    r.end - 1
                } else {
                    r.end
                };
                value = Some((r.start + 1).min(end)..end);
            }
            _ => {}
        }
    }
    (name, value, node.byte_range())
}

fn slice<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// Whether two attribute names are the same once `-` is dropped and case ignored:
/// `alternativeText` and `alternative-text`.
fn same_squashed(a: &str, b: &str) -> bool {
    let mut a = a.bytes().filter(|&c| c != b'-');
    let mut b = b.bytes().filter(|&c| c != b'-');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

fn strip_ci<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &name[prefix.len()..])
}

/// The elements enclosing `node`, innermost first (an element that only seems to enclose
/// it, see [`Element::is_self_closed_by_value`], is left out).
pub fn ancestors<'t>(node: Node<'t>, text: &'t str) -> impl Iterator<Item = Element<'t>> + 't {
    std::iter::successors(node.parent(), |n| n.parent())
        .filter_map(move |n| Element::read(n, text))
        .filter(|e| !e.is_self_closed_by_value())
}

/// Where an element sits among conditional branches: `(chain, branch)` pairs, one for
/// each enclosing `lwc:if`/`lwc:elseif`/`lwc:else` chain, `if:true`/`if:false` pair or
/// `aura:if` (whose `else` is an `aura:set`). Two elements on different branches of the
/// same chain are never rendered together.
pub fn branches(node: Node<'_>, text: &str) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    let mut child = node;
    for el in
        std::iter::successors(node.parent(), |n| n.parent()).filter_map(|n| Element::read(n, text))
    {
        if el.is("template") {
            if let Some(branch) = lwc_branch(&el, text) {
                out.push(branch);
            }
        } else if el.is("aura:if") {
            // The path runs through the `aura:if`'s child `child`: the else branch when
            // that child is `<aura:set attribute="else">`.
            let in_else = Element::read(child, text)
                .is_some_and(|c| c.is("aura:set") && c.static_value("attribute") == Some("else"));
            out.push((el.node.start_byte() as u64, u32::from(in_else)));
        }
        child = el.node;
    }
    out
}

fn lwc_branch(el: &Element<'_>, text: &str) -> Option<(u64, u32)> {
    for (name, branch) in [("if:true", 0), ("if:false", 1)] {
        if let Some(value) = el.attribute(name).and_then(|a| a.value) {
            // The same condition anywhere in the template: hash it, and keep the space
            // apart from byte offsets.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in value.trim().bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            return Some((h | 1 << 63, branch));
        }
    }
    let is_branch = |e: &Element<'_>| {
        e.attribute("lwc:if").is_some()
            || e.attribute("lwc:elseif").is_some()
            || e.attribute("lwc:else").is_some()
    };
    if !is_branch(el) {
        return None;
    }
    let mut index = 0;
    let mut start = el.node;
    let mut sibling = el.node.prev_named_sibling();
    while el.attribute("lwc:if").is_none() {
        let Some(prev) = sibling else { break };
        sibling = prev.prev_named_sibling();
        if prev.kind_name() == "comment" {
            continue;
        }
        let Some(prev_el) = Element::read(prev, text) else {
            break;
        };
        if !is_branch(&prev_el) {
            break;
        }
        index += 1;
        start = prev;
        if prev_el.attribute("lwc:if").is_some() {
            break;
        }
    }
    Some((start.start_byte() as u64, index))
}

/// Whether two elements can never be rendered together, given their [`branches`].
pub fn exclusive(a: &[(u64, u32)], b: &[(u64, u32)]) -> bool {
    a.iter()
        .any(|(chain, branch)| b.iter().any(|(c, br)| c == chain && br != branch))
}

/// Every element of the tree under `root`, in document order.
pub fn descendants<'t>(root: Node<'t>, text: &'t str) -> Vec<Element<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if let Some(el) = Element::read(node, text) {
            out.push(el);
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// Whether an element strictly inside `root` satisfies `test`, looking at no more than
/// `budget` nodes; `None` when the budget ran out first.
pub fn any_descendant<'t>(
    root: Node<'t>,
    text: &'t str,
    budget: usize,
    mut test: impl FnMut(&Element<'t>) -> bool,
) -> Option<bool> {
    let mut cursor = root.walk();
    let mut stack: Vec<Node<'t>> = root.named_children(&mut cursor).collect();
    let mut seen = 0;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > budget {
            return None;
        }
        if Element::read(node, text).is_some_and(|el| test(&el)) {
            return Some(true);
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    Some(false)
}

/// The text inside `node`, descendants included, with white space folded.
pub fn text_content(node: Node<'_>, text: &str) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind_name() == "text" {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(slice(n, text).trim());
        }
        let mut cursor = n.walk();
        let children: Vec<Node> = n.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
