//! `apex-phi-query-system-mode`: a query of PHI fields that ignores the user's permissions.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::scope::{
    arguments, descendants, enclosing_body, in_test_class, is_call, parent_of, same, text,
};
use crate::apex::soql::{phi_fields, query_at};
use crate::finding::Severity;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiQuerySystemMode;

pub static META: RuleMeta = RuleMeta {
    id: "apex-phi-query-system-mode",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.312(a)(1)"],
    summary: "A query of PHI fields runs in system mode, ignoring the user's field and object permissions",
    // Anonymous Apex runs with the current user's field and object permissions.
    kinds: &[
        crate::kind::SourceKind::ApexClass,
        crate::kind::SourceKind::ApexTrigger,
    ],
    docs: r#"
## What it does

Reports a query that selects PHI fields (or `FIELDS(...)` of a PHI object) and runs in
system mode: it has no `WITH USER_MODE` or `WITH SECURITY_ENFORCED`, is not run with
`AccessLevel.USER_MODE` (`Database.query(q, AccessLevel.USER_MODE)`), and its result is
not passed through `Security.stripInaccessible`. Inline SOQL and query strings passed to
`Database.query` and its relatives are checked. Test classes (`@IsTest`) and queries of
custom metadata types (`__mdt`) are exempt, and so is anonymous Apex, which runs with the
current user's permissions.

## Why it matters

Apex runs in system mode: a query returns every field it names, whatever the running
user's field-level security and object permissions say. Code that serves a page or an
API then shows PHI to users whose profile hides it. HIPAA 164.312(a)(1) requires that
only authorized users reach ePHI.

## Example

```apex
Patient__c p = [SELECT Id, SSN__c FROM Patient__c WHERE Id = :id];
```

## Use instead

```apex
Patient__c p = [SELECT Id, SSN__c FROM Patient__c WHERE Id = :id WITH USER_MODE];
```

Or `Database.query(soql, AccessLevel.USER_MODE)`, or
`Security.stripInaccessible(AccessType.READABLE, rows)` before the records are used.

## Configuration

None: PHI fields come from the PHI model (`[phi]` in `phi-lint.toml`).

## Known problems

SOSL searches (`[FIND ...]`) are not checked. A result checked with
`Schema.sObjectType.X.fields.Y.isAccessible()` by hand is not recognized: use user mode, which is also shorter. `Security.stripInaccessible` is
recognized on the query itself or on the variable the result is stored in, in the same
method.
"#,
};

impl Rule for PhiQuerySystemMode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["query_expression", "method_invocation"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Some(query) = query_at(cx, node) else {
            return;
        };
        // Custom metadata holds configuration, not patients' records.
        let metadata = query.object.to_ascii_lowercase().ends_with("__mdt");
        if query.checks_permissions || metadata || in_test_class(cx, node) {
            return;
        }
        let selected = phi_fields(cx, &query).into_iter().next();
        let (what, because, label, declared) = match selected {
            Some((field, span)) => (
                format!("PHI field `{}`", field.name),
                field.because(),
                span,
                field.decl.map(|d| d.location.clone()),
            ),
            None => {
                let Some((word, span)) = query.all_fields.clone() else {
                    return;
                };
                let Some(verdict) = cx.phi.object(&query.object) else {
                    return;
                };
                (
                    format!("`FIELDS({word})` of PHI object `{}`", query.object),
                    format!("`{}` is PHI: {}", query.object, verdict.why()),
                    span,
                    cx.project
                        .object(&query.object)
                        .and_then(|o| o.location.clone()),
                )
            }
        };
        if stripped(cx, node) {
            return;
        }

        let mut finding = cx
            .finding(
                query.span.clone(),
                format!(
                    "This query reads {what} in system mode, whatever the running user's field-level security allows; {because}"
                ),
            )
            .with_help(if query.from_string {
                "pass `AccessLevel.USER_MODE` to the query, or strip inaccessible fields with `Security.stripInaccessible`"
            } else {
                "add `WITH USER_MODE` to the query, or strip inaccessible fields with `Security.stripInaccessible`"
            });
        if !query.from_string {
            finding = finding.with_label(cx.file.location(label), "PHI selected here");
        }
        if let Some(declared) = declared {
            finding = finding.with_label(declared, "PHI declared here");
        }
        cx.push(finding);
    }
}

/// Whether the query's result goes through `Security.stripInaccessible`: directly, or
/// through the variable it is stored in, in the same procedure.
fn stripped(cx: &Context<'_>, query: Node<'_>) -> bool {
    let is_strip = |n: Node<'_>| is_call(cx, n, "Security", &["stripInaccessible"]);
    let mut at = query;
    let mut holder = None;
    while let Some(parent) = parent_of(cx, at) {
        if is_strip(parent) {
            return true;
        }
        match parent.kind_name() {
            "argument_list" | "parenthesized_expression" | "cast_expression" => {}
            "variable_declarator" => {
                holder = parent.field("name");
                break;
            }
            "assignment_expression" => {
                holder = parent
                    .field("left")
                    .filter(|l| l.kind_name() == "identifier");
                break;
            }
            _ if parent.kind_name() == "method_invocation" && parent != query => {}
            _ => break,
        }
        at = parent;
    }
    let Some(holder) = holder else {
        return false;
    };
    let name = text(cx, holder);
    let Some(body) = enclosing_body(cx, query) else {
        return false;
    };
    descendants(cx, body).any(|(n, kind)| {
        kind == "method_invocation"
            && is_strip(n)
            && arguments(n)
                .iter()
                .any(|a| a.kind_name() == "identifier" && same(text(cx, *a), name))
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_on_phi_queries_without_user_mode() {
        let apex = r#"
public with sharing class Reader {
    public void read(Id pid) {
        Patient__c a = [SELECT Id, SSN__c FROM Patient__c WHERE Id = :pid];
        Patient__c b = [SELECT Id, SSN__c FROM Patient__c WHERE Id = :pid WITH USER_MODE];
        Patient__c c = [SELECT Id, SSN__c FROM Patient__c WITH SECURITY_ENFORCED];
        List<Patient__c> d = Database.query('SELECT SSN__c FROM Patient__c');
        List<Patient__c> e = Database.query('SELECT SSN__c FROM Patient__c', AccessLevel.USER_MODE);
        List<Patient__c> f = [SELECT Id, Status__c FROM Patient__c];
        List<Patient__c> g = [SELECT SSN__c FROM Patient__c];
        g = (List<Patient__c>) Security.stripInaccessible(AccessType.READABLE, g).getRecords();
        SObjectAccessDecision h = Security.stripInaccessible(AccessType.READABLE, [SELECT SSN__c FROM Patient__c]);
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Reader.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-phi-query-system-mode", &files), [4, 7]);
    }

    #[test]
    fn test_classes_are_exempt() {
        let apex = "@IsTest\nprivate class ReaderTest {\n    @IsTest static void t() {\n        Patient__c a = [SELECT SSN__c FROM Patient__c];\n    }\n}";
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/ReaderTest.cls", apex)],
        ]
        .concat();
        assert!(check("apex-phi-query-system-mode", &files).is_empty());
    }

    #[test]
    fn query_strings_built_with_plus_equals() {
        let apex = r#"
public with sharing class Builder {
    public List<SObject> find(String status) {
        String soql = 'SELECT Id, SSN__c';
        soql += ' FROM Patient__c';
        if (status != null) {
            soql += ' WHERE Status__c = :status';
        }
        return Database.query(soql);
    }
    public List<SObject> safe(String status) {
        String soql = 'SELECT Id, SSN__c FROM Patient__c';
        soql += ' WITH USER_MODE';
        return Database.query(soql);
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Builder.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-phi-query-system-mode", &files), [9]);
    }

    #[test]
    fn keywords_and_names_in_any_case() {
        let apex = r#"
public WITH SHARING class Lower {
    public void read() {
        List<patient__c> a = [select id, ssn__c from patient__c with user_mode];
        List<SObject> b = DATABASE.QUERY('select ssn__c from PATIENT__C', accesslevel.user_mode);
        List<patient__c> c = [select ssn__c from patient__c];
        List<SObject> d = database.query('Select SSN__C From Patient__C');
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Lower.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-phi-query-system-mode", &files), [6, 7]);
    }
}
