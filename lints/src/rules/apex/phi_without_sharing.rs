//! `apex-phi-without-sharing`: a class that ignores record sharing and touches PHI.

use phi_lint_grammars::NodeExt;
use std::collections::HashSet;

use tree_sitter::Node;

use crate::apex::scope::{
    arguments, descendants, first_child_of_kind, in_test_class, is_call, object_type, parent_of,
    same, text, variable_type,
};
use crate::apex::soql::query_at;
use crate::finding::Severity;
use crate::nodes::named_children;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiWithoutSharing;

pub static META: RuleMeta = RuleMeta {
    id: "apex-phi-without-sharing",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.312(a)(1)"],
    summary: "A class declared `without sharing`, or a top-level class with no sharing keyword, queries or changes a PHI object",
    kinds: &[crate::kind::SourceKind::ApexClass],
    docs: r#"
## What it does

Reports a class that queries or changes (DML, `Database.insert` and the like) records of
a PHI object while it ignores record sharing: a class declared `without sharing`, or a
top-level class that declares no sharing keyword at all.

It follows the platform's rules: an inner class does not inherit its outer class's
sharing, and one with no keyword runs in the sharing mode of its caller, so only inner
classes declared `without sharing` are reported; `inherited sharing` is the caller's
mode and passes; a class with no keyword that extends another takes that class's
setting. Queries `WITH USER_MODE`, `AccessLevel.USER_MODE` and DML `as user`
enforce the user's sharing and do not count, and neither do custom metadata types
(`__mdt`), platform events (`__e`) and custom settings, which have no record sharing. Test classes
(`@IsTest`) are exempt.

## Why it matters

Without sharing, a query returns every patient's record to every user the code runs
for, whatever the organization-wide defaults, role hierarchy and sharing rules allow.
HIPAA 164.312(a)(1) requires that only authorized persons and programs reach ePHI.

## Example

```apex
public without sharing class PatientSearch {
    public static List<Patient__c> search(String name) {
        return [SELECT Id, Name FROM Patient__c WHERE Name LIKE :name];
    }
}
```

## Use instead

```apex
public with sharing class PatientSearch {
    public static List<Patient__c> search(String name) {
        return [SELECT Id, Name FROM Patient__c WHERE Name LIKE :name WITH USER_MODE];
    }
}
```

If one operation truly must see all records, move it into a small inner class declared
`without sharing`, document why, and suppress the finding there with a reason.

## Configuration

None: PHI objects come from the PHI model (`[phi]` in `phi-lint.toml`).

## Known problems

Only operations written in the class itself count: a class that calls another class to
query PHI is judged by that class. A class with no keyword that extends another is not
reported, even when the class it extends is declared `without sharing` (the parent may
be in another file). Custom settings are recognized by the class reading them as such
(`X__c.getOrgDefaults()`, `getInstance`, `getValues`, `getAll`). Dynamic DML on `SObject` variables is recognized only
when the variable's declared type names the object.
"#,
};

impl Rule for PhiWithoutSharing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["class_declaration"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Some(name) = node.field("name") else {
            return;
        };
        let sharing = sharing(cx, node);
        let top_level = parent_of(cx, node).is_none_or(|p| p.kind_name() != "class_body");
        // A class that extends another takes its sharing from it when it declares none.
        let inherits = node.field("superclass").is_some();
        let declared = match sharing.as_deref() {
            Some("withoutsharing") => "is declared `without sharing`",
            None if top_level && !inherits => {
                "declares no sharing keyword, so it runs without sharing when it is the entry point"
            }
            _ => return,
        };
        if in_test_class(cx, node) {
            return;
        }
        let Some(body) = node.field("body") else {
            return;
        };
        let nodes: Vec<(Node, &str)> = descendants(cx, body).collect();
        let settings = custom_settings(cx, &nodes);
        let Some((verb, object, at)) = nodes
            .into_iter()
            .filter_map(|(n, kind)| phi_operation(cx, n, kind))
            .find(|(_, object, _)| !settings.contains(&object.to_ascii_lowercase()))
        else {
            return;
        };
        let Some(verdict) = cx.phi.object(&object) else {
            return;
        };

        let class = text(cx, name);
        let mut finding = cx
            .finding(
                name.byte_range(),
                format!(
                    "Class `{class}` {declared} and {verb} PHI object `{object}`, whatever the running user may see; `{object}` is PHI: {}",
                    verdict.why()
                ),
            )
            .with_help("declare the class `with sharing` (or `inherited sharing`), or run its queries and DML in user mode")
            .with_label(
                cx.file.location(at),
                if verb == "queries" {
                    "PHI object queried here"
                } else {
                    "PHI object changed here"
                },
            );
        if let Some(location) = cx.project.object(&object).and_then(|o| o.location.clone()) {
            finding = finding.with_label(location, "PHI object declared here");
        }
        cx.push(finding);
    }
}

/// The class's sharing keyword, lower-case without spaces (`withoutsharing`).
fn sharing(cx: &Context<'_>, class: Node<'_>) -> Option<String> {
    let modifiers = first_child_of_kind(class, "modifiers")?;
    let found = named_children(modifiers)
        .filter(|m| m.kind_name() == "modifier")
        .map(|m| {
            text(cx, m)
                .split_whitespace()
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .find(|m| m.ends_with("sharing"));
    found
}

/// A query or DML on a PHI object in system sharing mode: "queries" or "changes", the
/// object, and where.
fn phi_operation(
    cx: &Context<'_>,
    node: Node<'_>,
    kind: &str,
) -> Option<(&'static str, String, std::ops::Range<usize>)> {
    match kind {
        "query_expression" | "method_invocation" => {
            if let Some(query) = query_at(cx, node) {
                if query.user_mode || !shared(cx, &query.object) {
                    return None;
                }
                return Some(("queries", query.object.clone(), query.span.clone()));
            }
            const DML: &[&str] = &["insert", "update", "upsert", "delete", "undelete", "merge"];
            if !is_call(cx, node, "Database", DML) {
                return None;
            }
            let args = arguments(node);
            let user_mode = args.iter().any(|a| {
                let t: String = text(cx, *a).split_whitespace().collect();
                same(&t, "AccessLevel.USER_MODE")
            });
            let object = object_of(cx, *args.first()?)?;
            (!user_mode && shared(cx, &object)).then(|| ("changes", object, node.byte_range()))
        }
        "dml_expression" => {
            // `insert as user x`: the field also names the `as` token, so look for the node.
            let as_user = first_child_of_kind(node, "dml_security_mode")
                .is_some_and(|m| text(cx, m).to_ascii_lowercase().contains("user"));
            let object = object_of(cx, node.field("target")?)?;
            (!as_user && shared(cx, &object)).then(|| ("changes", object, node.byte_range()))
        }
        _ => None,
    }
}

/// Whether `object` is a PHI object whose records sharing applies to: custom metadata
/// (`__mdt`) and platform events (`__e`) have no record sharing.
fn shared(cx: &Context<'_>, object: &str) -> bool {
    let lower = object.to_ascii_lowercase();
    !lower.ends_with("__mdt") && !lower.ends_with("__e") && cx.phi.object(object).is_some()
}

/// The objects the code uses as custom settings (`X__c.getOrgDefaults()`,
/// `getInstance`, `getValues`, `getAll`), lower-case: custom settings have no record
/// sharing.
fn custom_settings(cx: &Context<'_>, nodes: &[(Node<'_>, &str)]) -> HashSet<String> {
    const ACCESSORS: &[&str] = &["getOrgDefaults", "getInstance", "getValues", "getAll"];
    nodes
        .iter()
        .filter(|(_, kind)| *kind == "method_invocation")
        .filter_map(|&(n, _)| {
            // The name rules most calls out, so the receiver is read only after it.
            let name = text(cx, n.field("name")?);
            if !ACCESSORS.iter().any(|a| same(a, name)) {
                return None;
            }
            let receiver = n.field("object").map_or("", |o| text(cx, o));
            let receiver = receiver.to_ascii_lowercase();
            receiver.ends_with("__c").then_some(receiver)
        })
        .collect()
}

/// The sObject type of a DML target: a variable of a declared type, or `new X(...)`.
fn object_of(cx: &Context<'_>, expr: Node<'_>) -> Option<String> {
    match expr.kind_name() {
        "identifier" => variable_type(cx, expr, text(cx, expr)).map(|t| t.object),
        "object_creation_expression" | "array_creation_expression" => {
            object_type(cx, expr.field("type")?).map(|t| t.object)
        }
        "array_access" => object_of(cx, expr.field("array")?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_on_classes_that_ignore_sharing() {
        let apex = r#"
public without sharing class A {
    public void run() { List<Patient__c> r = [SELECT Id FROM Patient__c]; }
}"#;
        let b = "public class B {\n    public void run(Patient__c p) { update p; }\n}";
        let c = "public with sharing class C {\n    public void run(Patient__c p) { update p; }\n    private without sharing class Elevated {\n        void go() { delete [SELECT Id FROM Patient__c]; }\n    }\n    class Plain { void go(Patient__c p) { update p; } }\n}";
        let d = "public inherited sharing class D {\n    public void run(Patient__c p) { update p; }\n}";
        let e = "public without sharing class E {\n    public void run(Account a) { update a; List<Patient__c> r = [SELECT Id FROM Patient__c WITH USER_MODE]; }\n}";
        let f =
            "@IsTest\nprivate class F {\n    @IsTest static void t(Patient__c p) { insert p; }\n}";
        let files = [
            PATIENT_FIELDS,
            &[
                ("force-app/main/default/classes/A.cls", apex),
                ("force-app/main/default/classes/B.cls", b),
                ("force-app/main/default/classes/C.cls", c),
                ("force-app/main/default/classes/D.cls", d),
                ("force-app/main/default/classes/E.cls", e),
                ("force-app/main/default/classes/F.cls", f),
            ],
        ]
        .concat();
        assert_eq!(check("apex-phi-without-sharing", &files), [2, 1, 3]);
    }
}
