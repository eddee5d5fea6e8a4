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

/// How deep a syntax tree may be before its file is refused: rules read expressions
/// recursively, and a chain of 100,000 `+` would overflow the stack. Real code stays
/// within a few hundred levels.
pub const MAX_TREE_DEPTH: usize = 2_000;

/// Refuses a tree deeper than [`MAX_TREE_DEPTH`], pointing at where it gets too deep.
///
/// Only subtrees with enough nodes to reach the limit are entered (a node's descendant
/// count is stored in the tree), so an ordinary file costs a few steps per level.
pub fn too_deep(tree: &Tree) -> Option<SyntaxError> {
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        if depth + node.descendant_count() > MAX_TREE_DEPTH && cursor.goto_first_child() {
            depth += 1;
            if depth > MAX_TREE_DEPTH {
                let at = cursor.node().start_byte();
                return Some(SyntaxError {
                    span: at..at,
                    message: format!("code nested deeper than {MAX_TREE_DEPTH} levels"),
                });
            }
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return None;
            }
            depth -= 1;
        }
    }
}

/// How deep markup may nest before it is refused unparsed. Real templates nest a few dozen
/// levels.
pub const MAX_MARKUP_DEPTH: usize = 1024;

/// Elements that never have an end tag, so that they do not count as nesting.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Refuses markup nested deeper than [`MAX_MARKUP_DEPTH`], before tree-sitter sees it.
///
/// tree-sitter-html's scanner copies its whole stack of open tags for every token, so a
/// parse costs depth times tokens: 100,000 nested `<div>` take half a minute. This
/// estimate counts start tags that are not void or self-closing against end tags, in one
/// pass over the text.
pub fn markup_too_deep(text: &str) -> Option<SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'<') {
        let open = at + found;
        let rest = &bytes[open + 1..];
        at = open + 1;
        if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        // Jump to the end of the tag, so that every byte is looked at a bounded number of
        // times; a tag that never ends leaves nothing after it to count.
        let Some(end) = rest[name_len..].iter().position(|&b| b == b'>') else {
            break;
        };
        let end = name_len + end;
        at = open + 1 + end + 1;
        let self_closing = end > 0 && rest[end - 1] == b'/';
        let void = VOID_ELEMENTS
            .iter()
            .any(|v| name.eq_ignore_ascii_case(v.as_bytes()));
        if !self_closing && !void {
            depth += 1;
            if depth > MAX_MARKUP_DEPTH {
                return Some(SyntaxError {
                    span: open..open,
                    message: format!("elements nested deeper than {MAX_MARKUP_DEPTH} levels"),
                });
            }
        }
    }
    None
}

/// The source text of a node, or "" when the node's range is not on character boundaries.
pub fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// Node look-ups by name without tree-sitter's string searches.
///
/// `Node::child_by_field_name` compares the name with every field name of the grammar on
/// each call, and `Node::kind` measures and validates the kind's C string; rules ask both
/// questions for most nodes they see. These answer from tables built once per grammar.
pub trait NodeExt<'t> {
    /// The child in field `name`, like `Node::child_by_field_name`.
    fn field(&self, name: &str) -> Option<Node<'t>>;
    /// The node's kind, like `Node::kind`.
    fn kind_name(&self) -> &'static str;
}

/// The names of one grammar's node kinds and fields, by id.
struct Names {
    language: tree_sitter::Language,
    kinds: Vec<&'static str>,
    fields: rustc_hash::FxHashMap<&'static str, std::num::NonZeroU16>,
}

impl Names {
    fn of(language: Language) -> Names {
        let ts = language.ts_language();
        let kinds = (0..ts.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| ts.node_kind_for_id(id))
                    .unwrap_or("")
            })
            .collect();
        let fields = (1..=ts.field_count())
            .filter_map(|id| {
                let id = u16::try_from(id).ok()?;
                Some((ts.field_name_for_id(id)?, std::num::NonZeroU16::new(id)?))
            })
            .collect();
        Names {
            language: ts,
            kinds,
            fields,
        }
    }
}

static NAMES: [std::sync::OnceLock<Names>; 3] = [
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
];

/// The tables of the grammar `node` belongs to; `None` for a grammar phi-lint does not use.
fn names_of(node: &Node<'_>) -> Option<&'static Names> {
    let language = node.language();
    Language::ALL
        .iter()
        .zip(&NAMES)
        .map(|(&l, slot)| slot.get_or_init(|| Names::of(l)))
        .find(|names| names.language == *language)
}

/// The names of `language`'s node kinds, by kind id: [`NodeExt::kind_name`] for kind ids
/// read elsewhere (from a node table).
pub fn kind_names(language: Language) -> &'static [&'static str] {
    let slot = Language::ALL
        .iter()
        .position(|&l| l == language)
        .unwrap_or(0);
    &NAMES[slot].get_or_init(|| Names::of(language)).kinds
}

impl<'t> NodeExt<'t> for Node<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>> {
        match names_of(self) {
            Some(names) => self.child_by_field_id(names.fields.get(name)?.get()),
            None => self.child_by_field_name(name),
        }
    }

    fn kind_name(&self) -> &'static str {
        names_of(self)
            .and_then(|names| names.kinds.get(usize::from(self.kind_id())).copied())
            .unwrap_or_else(|| self.kind())
    }
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
    fn deep_trees_are_refused_and_ordinary_ones_are_not() {
        let deep = format!(
            "class A {{ void f() {{ x = {}1; }} }}",
            "1 + ".repeat(5_000)
        );
        let error = too_deep(&parse(Language::Apex, &deep)).expect("too deep");
        assert!(error.message.contains("deeper"), "{error:?}");
        let long = format!(
            "class A {{ {} }}",
            "void f() { x = 1 + 2; }\n".repeat(5_000)
        );
        assert!(too_deep(&parse(Language::Apex, &long)).is_none());
    }

    #[test]
    fn deep_markup_is_refused_and_shallow_markup_is_not() {
        let deep = format!("<template>{}</template>", "<div>".repeat(100_000));
        let error = markup_too_deep(&deep).expect("too deep");
        assert!(error.message.contains("deeper"), "{error:?}");
        let wide = format!(
            "<template>{}</template>",
            "<div><input><br/><p>x</p></div>".repeat(10_000)
        );
        assert!(markup_too_deep(&wide).is_none());
        assert!(markup_too_deep(&"<a".repeat(100_000)).is_none());
    }

    #[test]
    fn the_first_error_is_found_and_described() {
        let apex = "public class A { void f() { System.debug('x') } }";
        let error = first_error(&parse(Language::Apex, apex), apex).expect("an error");
        assert!(error.span.start > 20, "{error:?}");
    }

    /// The tables answer exactly what tree-sitter answers, for every node and every
    /// field name of each grammar, including error nodes.
    #[test]
    fn node_names_match_tree_sitter() {
        let cases = [
            (
                Language::Apex,
                "public class A { void f(Patient__c p) { System.debug(p.SSN__c); x = ; } }",
            ),
            (
                Language::Markup,
                "<template><input id=\"a\" onclick={go}><p>x</template>",
            ),
            (
                Language::JavaScript,
                "export default class A { f() { console.log(this.x?.y, ) } }",
            ),
        ];
        for (language, text) in cases {
            let tree = parse(language, text);
            let ts = language.ts_language();
            let fields: Vec<&str> = (1..=ts.field_count())
                .filter_map(|id| ts.field_name_for_id(id as u16))
                .collect();
            let mut cursor = tree.walk();
            let mut seen = 0;
            'walk: loop {
                let node = cursor.node();
                assert_eq!(node.kind_name(), node.kind());
                for name in fields.iter().copied().chain(["no_such_field"]) {
                    assert_eq!(node.field(name), node.child_by_field_name(name), "{name}");
                }
                seen += 1;
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'walk;
                    }
                }
            }
            assert!(seen > 10);
        }
    }
}
