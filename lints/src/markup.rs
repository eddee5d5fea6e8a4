//! Reading elements and attributes out of the tree-sitter-html tree that LWC templates,
//! Aura components and Visualforce pages share.

use std::ops::Range;

use tree_sitter::Node;

/// An attribute as written: `name="value"`, `name={expr}` or a bare `name`.
#[derive(Debug, Clone)]
pub struct Attribute<'t> {
    pub name: &'t str,
    /// The value without quotes; `None` for a bare attribute.
    pub value: Option<&'t str>,
    pub span: Range<usize>,
}

impl Attribute<'_> {
    /// `attr={expr}` (LWC) or `attr="{!v.x}"` (Aura, Visualforce): present, value unknown.
    pub fn is_bound(&self) -> bool {
        self.value.is_some_and(|v| {
            let v = v.trim();
            v.starts_with('{') || v.starts_with("{!")
        })
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
        if !matches!(node.kind(), "element" | "script_element" | "style_element") {
            return None;
        }
        let tag_node = node.child(0)?;
        if !matches!(tag_node.kind(), "start_tag" | "self_closing_tag") {
            return None;
        }
        let mut tag = "";
        let mut attributes = Vec::new();
        let mut cursor = tag_node.walk();
        for child in tag_node.named_children(&mut cursor) {
            match child.kind() {
                "tag_name" => tag = slice(child, text),
                "attribute" => attributes.push(attribute(child, text)),
                _ => {}
            }
        }
        Some(Element {
            node,
            tag,
            tag_span: tag_node.byte_range(),
            attributes,
        })
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

    /// The elements directly inside this one.
    pub fn children(&self, text: &'t str) -> Vec<Element<'t>> {
        let mut cursor = self.node.walk();
        self.node
            .named_children(&mut cursor)
            .filter_map(|child| Element::read(child, text))
            .collect()
    }
}

fn attribute<'t>(node: Node<'t>, text: &'t str) -> Attribute<'t> {
    let mut name = "";
    let mut value = None;
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "attribute_name" => name = slice(child, text),
            "attribute_value" => value = Some(slice(child, text)),
            "quoted_attribute_value" => {
                let quoted = slice(child, text);
                value = Some(quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or(""));
            }
            _ => {}
        }
    }
    Attribute {
        name,
        value,
        span: node.byte_range(),
    }
}

fn slice<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// The elements enclosing `node`, innermost first.
pub fn ancestors<'t>(node: Node<'t>, text: &'t str) -> impl Iterator<Item = Element<'t>> + 't {
    std::iter::successors(node.parent(), |n| n.parent()).filter_map(move |n| Element::read(n, text))
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

/// The text inside `node`, descendants included, with white space folded.
pub fn text_content(node: Node<'_>, text: &str) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "text" {
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
