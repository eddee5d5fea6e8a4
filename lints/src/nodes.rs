//! A file's syntax tree laid out flat, in source order, once per file.
//!
//! The linter walks each tree once to build this table, dispatches node rules from it,
//! and every analysis that needs the nodes under some node (the statements of a method,
//! the calls of a class) or above it (the enclosing method) reads the table instead of
//! walking the tree again. Only named nodes are kept: rules ask for named kinds, and
//! punctuation and keywords are about half of a tree.
//!
//! The walk reads children by index, which in tree-sitter costs about half of what a
//! cursor's sibling step does; a node with many children (a long list literal, a class
//! with hundreds of members) is read with a cursor instead, because looking up a child
//! by index starts from the first child each time. (`Node::parent` is dearer still: it
//! descends from the root.) [`named_children`] reads one node's children the same way
//! for code that has no table at hand.
//!
//! Each entry keeps its node's kind id, so a walk over the table that tests kinds
//! ([`NamedUnder::with_kinds`]) asks tree-sitter nothing.

use tree_sitter::{Node, Tree, TreeCursor};

/// Above this many named children a node's children are read with a cursor (see the
/// module documentation).
const INDEXED_CHILDREN: usize = 12;

/// The named children of `node`, in order, without a table: read by index when there are
/// few of them, which needs no cursor (and so no allocation), and with a cursor when
/// there are many (see the module documentation).
pub fn named_children(node: Node<'_>) -> NamedChildren<'_> {
    named_children_counted(node, node.named_child_count())
}

/// [`named_children`] of a node known to have `count` named children.
fn named_children_counted(node: Node<'_>, count: usize) -> NamedChildren<'_> {
    if count <= INDEXED_CHILDREN {
        return NamedChildren::Indexed {
            node,
            next: 0,
            count,
        };
    }
    let mut cursor = node.walk();
    let started = cursor.goto_first_child();
    NamedChildren::Cursor {
        cursor,
        pending: started,
        done: !started,
    }
}

/// The iterator of [`named_children`].
pub enum NamedChildren<'t> {
    Indexed {
        node: Node<'t>,
        next: usize,
        count: usize,
    },
    Cursor {
        cursor: TreeCursor<'t>,
        /// The cursor stands on a child not yet looked at.
        pending: bool,
        done: bool,
    },
}

impl<'t> Iterator for NamedChildren<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        match self {
            NamedChildren::Indexed { node, next, count } => {
                while *next < *count {
                    *next += 1;
                    if let Some(child) = node.named_child(*next - 1) {
                        return Some(child);
                    }
                }
                None
            }
            NamedChildren::Cursor {
                cursor,
                pending,
                done,
            } => {
                while !*done {
                    if !std::mem::take(pending) && !cursor.goto_next_sibling() {
                        *done = true;
                        break;
                    }
                    if cursor.node().is_named() {
                        return Some(cursor.node());
                    }
                }
                None
            }
        }
    }
}

/// No parent: the root.
const NONE: u32 = u32::MAX;

/// One node of the table.
#[derive(Clone, Copy)]
struct Entry<'t> {
    node: Node<'t>,
    /// One past the index of the node's last descendant.
    end: u32,
    /// The index of the nearest named ancestor.
    parent: u32,
    kind: u16,
}

/// Every named node of a syntax tree in source (pre-)order, with where each subtree ends
/// and each node's parent.
#[derive(Default)]
pub struct NodeTable<'t> {
    entries: Vec<Entry<'t>>,
}

impl<'t> NodeTable<'t> {
    /// The table of `tree`.
    pub fn of(tree: &'t Tree) -> NodeTable<'t> {
        let root = tree.root_node();
        // About three in five nodes are named, in Apex, markup and JavaScript alike; room
        // for two in three saves growing the table, and copying it, for most files.
        let mut table = NodeTable {
            entries: Vec::with_capacity(root.descendant_count() * 2 / 3 + 1),
        };
        // The children still to be read of each node being read, with its index in the
        // table.
        let mut stack: Vec<(NamedChildren<'t>, usize)> = Vec::new();
        table.push(root, NONE, &mut stack);
        while let Some((children, parent)) = stack.last_mut() {
            let parent = *parent;
            match children.next() {
                Some(child) => table.push(child, parent as u32, &mut stack),
                None => {
                    table.entries[parent].end = table.entries.len() as u32;
                    stack.pop();
                }
            }
        }
        table
    }

    /// Adds `node`, and its children to read when it has any.
    fn push(&mut self, node: Node<'t>, parent: u32, stack: &mut Vec<(NamedChildren<'t>, usize)>) {
        let index = self.entries.len();
        self.entries.push(Entry {
            node,
            end: index as u32 + 1,
            parent,
            kind: node.kind_id(),
        });
        let count = node.named_child_count();
        if count > 0 {
            stack.push((named_children_counted(node, count), index));
        }
    }

    /// How many named nodes the tree has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The node at `index` and its kind id.
    pub fn get(&self, index: usize) -> (Node<'t>, u16) {
        let entry = &self.entries[index];
        (entry.node, entry.kind)
    }

    /// Where the named node `node` is in the table, found by its start (source order is
    /// start order).
    pub fn index_of(&self, node: Node<'_>) -> Option<usize> {
        let start = node.start_byte();
        let first = self
            .entries
            .partition_point(|e| e.node.start_byte() < start);
        self.entries[first..]
            .iter()
            .take_while(|e| e.node.start_byte() == start)
            .position(|e| e.node.id() == node.id())
            .map(|at| first + at)
    }

    /// The named ancestors of `node`, nearest first. For a node the table does not hold
    /// (an anonymous one), the climb starts from its tree-sitter parent.
    pub fn ancestors(&self, node: Node<'_>) -> Ancestors<'_, 't> {
        let at = match self.index_of(node) {
            Some(at) => self.entries[at].parent,
            None => node
                .parent()
                .and_then(|p| self.index_of(p))
                .map_or(NONE, |p| p as u32),
        };
        Ancestors { table: self, at }
    }

    /// The named children of `node`, in order (none for a node the table does not hold).
    pub fn children(&self, node: Node<'_>) -> ChildrenOf<'_, 't> {
        match self.index_of(node) {
            Some(at) => self.children_at(at),
            None => ChildrenOf {
                table: self,
                at: 0,
                end: 0,
            },
        }
    }

    /// The named children of the node at `index`, for a walk that goes by index and so
    /// never looks a node up.
    pub fn children_at(&self, index: usize) -> ChildrenOf<'_, 't> {
        ChildrenOf {
            table: self,
            at: index + 1,
            end: self.entries.get(index).map_or(0, |e| e.end as usize),
        }
    }

    /// The named nodes of the subtree of `root` (itself first), in source order, leaving
    /// out the subtrees of nodes of kind `skip` below `root`.
    pub fn named_under(&self, root: Node<'_>, skip: u16) -> NamedUnder<'_, 't> {
        let (at, end) = match self.index_of(root) {
            Some(at) => (at, self.entries[at].end as usize),
            None => (0, 0),
        };
        NamedUnder {
            table: self,
            root: at,
            at,
            end,
            skip,
        }
    }
}

/// The iterator of [`NodeTable::ancestors`].
pub struct Ancestors<'a, 't> {
    table: &'a NodeTable<'t>,
    at: u32,
}

impl<'t> Iterator for Ancestors<'_, 't> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        let entry = self.table.entries.get(self.at as usize)?;
        self.at = entry.parent;
        Some(entry.node)
    }
}

/// The iterator of [`NodeTable::children`].
pub struct ChildrenOf<'a, 't> {
    table: &'a NodeTable<'t>,
    at: usize,
    end: usize,
}

impl<'a, 't> ChildrenOf<'a, 't> {
    /// The children with their indices in the table.
    pub fn indexed(mut self) -> impl Iterator<Item = (usize, Node<'t>)> + 'a {
        std::iter::from_fn(move || self.next_indexed())
    }

    fn next_indexed(&mut self) -> Option<(usize, Node<'t>)> {
        if self.at >= self.end {
            return None;
        }
        let index = self.at;
        let entry = &self.table.entries[index];
        self.at = entry.end as usize;
        Some((index, entry.node))
    }
}

impl<'t> Iterator for ChildrenOf<'_, 't> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        self.next_indexed().map(|(_, node)| node)
    }
}

/// The iterator of [`NodeTable::named_under`].
pub struct NamedUnder<'a, 't> {
    table: &'a NodeTable<'t>,
    root: usize,
    at: usize,
    end: usize,
    skip: u16,
}

impl<'a, 't> NamedUnder<'a, 't> {
    /// The nodes with their kind ids, read from the table rather than asked of
    /// tree-sitter: for walks that test the kind of every node.
    pub fn with_kinds(mut self) -> impl Iterator<Item = (Node<'t>, u16)> + 'a {
        std::iter::from_fn(move || self.next_entry().map(|e| (e.node, e.kind)))
    }

    fn next_entry(&mut self) -> Option<&'a Entry<'t>> {
        while self.at < self.end {
            let entry = &self.table.entries[self.at];
            if entry.kind == self.skip && self.at != self.root {
                self.at = entry.end as usize;
                continue;
            }
            self.at += 1;
            return Some(entry);
        }
        None
    }
}

impl<'t> Iterator for NamedUnder<'_, 't> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        self.next_entry().map(|e| e.node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use phi_lint_grammars::syntax::{parse, Language};

    /// Every named node a cursor visits, in the order it visits them.
    fn cursor_walk(tree: &Tree) -> Vec<Node<'_>> {
        let mut walked = Vec::new();
        let mut cursor = tree.walk();
        'walk: loop {
            if cursor.node().is_named() {
                walked.push(cursor.node());
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        walked
    }

    /// The table holds exactly the named nodes a cursor visits, in the same order, with
    /// the right parents and subtree ends, for narrow and wide nodes, in all three
    /// languages and in a tree with errors.
    #[test]
    fn matches_a_cursor_walk() {
        let items: Vec<String> = (0..40).map(|i| format!("'{i}'")).collect();
        let apex = format!(
            "public class A {{ List<String> xs = new List<String>{{ {} }}; void f() {{ if (a) {{ b(); }} }} class B {{ }} }}",
            items.join(", ")
        );
        let attributes: String = (0..30).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let markup = format!("<template><div{attributes}><p>x</p></div></template>");
        let cases = [
            (Language::Apex, apex.as_str()),
            (Language::Apex, "public class Broken { void f( { x = ; "),
            (Language::Markup, markup.as_str()),
            (
                Language::JavaScript,
                "export default class A { f() { console.log([1,2,3,4,5,6,7,8,9,10,11,12,13,14].map(x => x + 1)); } }",
            ),
        ];
        for (language, text) in cases {
            let tree = parse(language, text);
            let table = NodeTable::of(&tree);
            let walked = cursor_walk(&tree);
            assert_eq!(table.len(), walked.len(), "{text}");
            for (index, node) in walked.iter().enumerate() {
                assert_eq!(table.get(index).0, *node);
                assert_eq!(table.index_of(*node), Some(index));
                let named_below = walked
                    .iter()
                    .filter(|n| {
                        n.start_byte() >= node.start_byte()
                            && n.end_byte() <= node.end_byte()
                            && n.id() != node.id()
                            && std::iter::successors(n.parent(), |p| p.parent())
                                .any(|p| p.id() == node.id())
                    })
                    .count();
                assert_eq!(table.entries[index].end as usize - index - 1, named_below);
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                assert_eq!(table.children(*node).collect::<Vec<_>>(), children);
                assert_eq!(named_children(*node).collect::<Vec<_>>(), children);
                for (at, child) in table.children_at(index).indexed() {
                    assert_eq!(table.get(at).0, child);
                }
                // Kind 0 is the end of input, which no node has: nothing is skipped.
                let kinds: Vec<(Node, u16)> = table.named_under(*node, 0).with_kinds().collect();
                assert_eq!(kinds.len(), named_below + 1);
                assert!(kinds.iter().all(|(n, kind)| n.kind_id() == *kind));
                let parent =
                    std::iter::successors(node.parent(), |p| p.parent()).find(|p| p.is_named());
                assert_eq!(table.ancestors(*node).next(), parent, "{}", node.kind());
            }
        }
    }

    #[test]
    fn named_under_skips_the_given_kind() {
        let text = "class A { void f() { x(); } class B { void g() { y(); } } class C { } }";
        let tree = parse(Language::Apex, text);
        let table = NodeTable::of(&tree);
        let class = tree.language().id_for_node_kind("class_declaration", true);
        let root = tree.root_node().named_child(0).unwrap();
        let names: Vec<&str> = table
            .named_under(root, class)
            .filter(|n| n.kind() == "identifier")
            .map(|n| &text[n.byte_range()])
            .collect();
        assert_eq!(names, ["A", "f", "x"]);
    }
}
