//! Prints the syntax tree of a file, for writing rules: `cargo run -p phi-lint-grammars
//! --example dump -- apex|markup|js FILE`.

use phi_lint_grammars::{syntax, Language};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(lang), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: dump apex|markup|js FILE");
        std::process::exit(2);
    };
    let language = match lang.as_str() {
        "apex" => Language::Apex,
        "markup" => Language::Markup,
        _ => Language::JavaScript,
    };
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
    let tree = syntax::parse(language, &text);
    print(tree.root_node(), &text, 0, None);
}

fn print(node: tree_sitter::Node, text: &str, depth: usize, field: Option<&str>) {
    let label = field.map(|f| format!("{f}: ")).unwrap_or_default();
    let leaf = if node.child_count() == 0 {
        format!(" {:?}", syntax::node_text(node, text))
    } else {
        String::new()
    };
    println!("{}{label}{}{leaf}", "  ".repeat(depth), node.kind());
    let mut cursor = node.walk();
    for (i, child) in node.children(&mut cursor).enumerate() {
        if child.is_named() {
            print(child, text, depth + 1, node.field_name_for_child(i as u32));
        }
    }
}
