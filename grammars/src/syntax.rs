//! tree-sitter parsing for the code languages: Apex, markup and JavaScript.

use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

/// A language phi-lint parses with tree-sitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Apex classes, triggers and anonymous Apex, with inline SOQL and SOSL.
    Apex,
    /// HTML-like markup: LWC templates, Aura components and applications, Visualforce pages.
    Markup,
    /// JavaScript: LWC and Aura controllers.
    JavaScript,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Apex, Language::Markup, Language::JavaScript];

    /// The tree-sitter language behind this one.
    pub fn ts_language(self) -> tree_sitter::Language {
        match self {
            Language::Apex => tree_sitter_sfapex::apex::LANGUAGE.into(),
            Language::Markup => tree_sitter_html::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Apex => "Apex",
            Language::Markup => "markup",
            Language::JavaScript => "JavaScript",
        }
    }
}

/// The first place where a parse went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

thread_local! {
    static PARSERS: RefCell<[Option<Parser>; 3]> = const { RefCell::new([None, None, None]) };
}

/// Parses `text`, reusing one parser per language and thread.
///
/// tree-sitter always returns a tree; where the text is not valid it holds `ERROR` or
/// `MISSING` nodes, which [`first_error`] finds.
pub fn parse(language: Language, text: &str) -> Tree {
    let slot = Language::ALL
        .iter()
        .position(|&l| l == language)
        .unwrap_or(0);
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers[slot].get_or_insert_with(|| {
            let mut parser = Parser::new();
            parser
                .set_language(&language.ts_language())
                .expect("the grammar crates are built for this tree-sitter ABI");
            parser
        });
        // A parser only returns no tree when it has no language or was cancelled, and
        // neither happens here; an empty tree of a fresh parse is the safe fallback.
        parser.parse(text, None).unwrap_or_else(|| {
            parser.reset();
            parser.parse("", None).expect("an empty text always parses")
        })
    })
}

/// The first `ERROR` or `MISSING` node of a tree, in source order, described for a person.
pub fn first_error(tree: &Tree, text: &str) -> Option<SyntaxError> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut node = root;
    'descend: loop {
        if node.is_error() || node.is_missing() {
            break;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.has_error() {
                node = child;
                continue 'descend;
            }
        }
        break;
    }
    Some(describe(node, text))
}

fn describe(node: Node, text: &str) -> SyntaxError {
    let span = node.byte_range();
    let message = if node.is_missing() {
        format!("expected `{}` here", node.kind())
    } else {
        let snippet: String = text
            .get(span.clone())
            .unwrap_or("")
            .chars()
            .take(40)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if snippet.is_empty() {
            "unexpected end of input".to_string()
        } else {
            format!("unexpected `{snippet}`")
        }
    };
    SyntaxError { span, message }
}

/// The source text of a node, or "" when the node's range is not on character boundaries.
pub fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_loads_and_parses() {
        let apex = "public class A { void f() { System.debug('x'); } }";
        assert!(first_error(&parse(Language::Apex, apex), apex).is_none());
        let html = "<template><input></template>";
        assert!(first_error(&parse(Language::Markup, html), html).is_none());
        let js = "export default class A { x = 1; }";
        assert!(first_error(&parse(Language::JavaScript, js), js).is_none());
    }

    #[test]
    fn the_first_error_is_found_and_described() {
        let apex = "public class A { void f() { System.debug('x') } }";
        let error = first_error(&parse(Language::Apex, apex), apex).expect("an error");
        assert!(error.span.start > 20, "{error:?}");
    }
}
