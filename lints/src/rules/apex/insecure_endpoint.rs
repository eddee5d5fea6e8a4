//! `apex-insecure-endpoint`: a plain `http://` endpoint in Apex.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::consts::unquote;
use crate::apex::scope::{descendants, enclosing_body, in_test_class, parent_of, same, text};
use crate::finding::Severity;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct InsecureEndpoint;

pub static META: RuleMeta = RuleMeta {
    id: "apex-insecure-endpoint",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.312(e)(1)"],
    summary: "A plain `http://` URL is used as a callout endpoint or kept as a constant",
    kinds: super::APEX,
    docs: r#"
## What it does

Reports `http://` string literals that reach `HttpRequest.setEndpoint` (directly, in a
concatenation, or through a local variable of the same method), and `http://` URLs kept
in class fields, where they serve as endpoint constants. Named credentials
(`callout:Name`) and `https://` pass. XML namespace URIs (`http://www.w3.org/...`,
`http://schemas.xmlsoap.org/...` and the like) are names, not endpoints, and pass. Test
classes are exempt: tests cannot make real callouts.

## Why it matters

Plain HTTP sends the request, its headers and the response unencrypted, where anyone on
the path can read or change them. HIPAA 164.312(e)(1) requires transmission security for
ePHI, and a callout endpoint that is plain HTTP today carries PHI tomorrow.

## Example

```apex
private static final String BASE_URL = 'http://partner.example.com/api';
req.setEndpoint('http://partner.example.com/api/patients');
```

## Use instead

```apex
req.setEndpoint('callout:Partner_API/patients');
```

A named credential keeps the URL and the secret out of code; at the least, use
`https://`.

## Configuration

None.

## Known problems

Endpoints built at run time from custom settings, custom metadata or labels are not
seen; `remote-site-insecure` checks the remote site settings that allow them.
"#,
};

/// Hosts whose `http://` URIs name XML namespaces and schemas rather than endpoints.
const NAMESPACE_HOSTS: &[&str] = &[
    "www.w3.org",
    "w3.org",
    "schemas.xmlsoap.org",
    "schemas.microsoft.com",
    "schemas.openxmlformats.org",
    "soap.sforce.com",
    "purl.org",
    "xmlns.com",
    "www.openarchives.org",
    "docs.oasis-open.org",
];

impl Rule for InsecureEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["string_literal"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let value = unquote(text(cx, node));
        let lower = value.to_ascii_lowercase();
        let Some(rest) = lower.strip_prefix("http://") else {
            return;
        };
        let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
        if host.is_empty() || NAMESPACE_HOSTS.contains(&host) {
            return;
        }
        let reached = reaches(cx, node);
        if reached.is_none() || in_test_class(cx, node) {
            return;
        }
        let shown: String = value.chars().take(60).collect();
        let message = match reached {
            Some(Use::Constant) => format!(
                "`{shown}` is a plain-HTTP URL constant: a callout to it would travel unencrypted"
            ),
            Some(Use::Endpoint) => format!(
                "The callout endpoint `{shown}` uses plain HTTP, so the request and its response travel unencrypted"
            ),
            None => return,
        };
        let finding = cx
            .finding(node.byte_range(), message)
            .with_help("use a named credential (`callout:Name`), or at least `https://`");
        cx.push(finding);
    }
}

enum Use {
    /// Kept in a class field.
    Constant,
    /// Passed to `setEndpoint`.
    Endpoint,
}

/// How the literal is used, when it is an endpoint or a URL constant.
fn reaches(cx: &Context<'_>, literal: Node<'_>) -> Option<Use> {
    // An endpoint is never deeply nested; the bound keeps pathological concatenations
    // cheap (each step up costs tree-sitter the depth).
    const MAX_STEPS: usize = 64;
    let mut at = literal;
    let mut steps = 0;
    while let Some(parent) = parent_of(cx, at) {
        steps += 1;
        if steps > MAX_STEPS {
            return None;
        }
        match parent.kind_name() {
            "field_declaration" => return Some(Use::Constant),
            "method_invocation" if is_set_endpoint(cx, parent) => return Some(Use::Endpoint),
            // A local: an endpoint when the variable reaches `setEndpoint`. (A field's
            // declarator goes on up to its `field_declaration`.)
            "variable_declarator"
                if parent_of(cx, parent)
                    .is_some_and(|p| p.kind_name() == "local_variable_declaration") =>
            {
                let name = parent.field("name")?;
                return flows_to_endpoint(cx, literal, text(cx, name)).then_some(Use::Endpoint);
            }
            "assignment_expression" => {
                let left = parent.field("left")?;
                if left.kind_name() != "identifier" {
                    return None;
                }
                return flows_to_endpoint(cx, literal, text(cx, left)).then_some(Use::Endpoint);
            }
            "block" | "class_body" | "expression_statement" => return None,
            _ => {}
        }
        at = parent;
    }
    None
}

fn is_set_endpoint(cx: &Context<'_>, call: Node<'_>) -> bool {
    call.field("name")
        .is_some_and(|n| same(text(cx, n), "setEndpoint"))
}

/// Whether the variable `name` is used in a `setEndpoint` argument in the procedure
/// that holds `at`.
fn flows_to_endpoint(cx: &Context<'_>, at: Node<'_>, name: &str) -> bool {
    let Some(body) = enclosing_body(cx, at) else {
        return false;
    };
    descendants(cx, body).any(|(call, kind)| {
        kind == "method_invocation"
            && is_set_endpoint(cx, call)
            && call.field("arguments").is_some_and(|args| {
                descendants(cx, args)
                    .any(|(n, kind)| kind == "identifier" && same(text(cx, n), name))
            })
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn fires_on_plain_http_endpoints_and_constants() {
        let apex = r#"
public with sharing class Partner {
    private static final String BASE = 'http://partner.example.com';
    private static final String NS = 'http://schemas.xmlsoap.org/soap/envelope/';
    private static final String SAFE = 'https://partner.example.com';
    public void call() {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('http://partner.example.com/x');
        String url = 'http://other.example.com/' + 'y';
        req.setEndpoint(url);
        req.setEndpoint('callout:Partner/x');
        String note = 'http://not-an-endpoint.example.com';
        System.debug(note);
    }
}"#;
        let lines = check(
            "apex-insecure-endpoint",
            &[("force-app/main/default/classes/Partner.cls", apex)],
        );
        assert_eq!(lines, [3, 8, 9]);
    }
}
