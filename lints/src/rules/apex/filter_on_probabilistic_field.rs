//! `apex-filter-on-probabilistic-field`: a probabilistically encrypted field used to
//! filter, sort or group a query.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::apex::soql::{query_at, resolve_path};
use crate::finding::Severity;
use crate::project::FieldDecl;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct FilterOnProbabilisticField;

pub static META: RuleMeta = RuleMeta {
    id: "apex-filter-on-probabilistic-field",
    family: Family::Apex,
    default_severity: Severity::Error,
    references: &["164.312(a)(2)(iv)"],
    summary: "A field with probabilistic encryption is used in `WHERE`, `ORDER BY`, `GROUP BY` or `HAVING`",
    kinds: super::APEX,
    docs: r#"
## What it does

Reports a field whose metadata says `ProbabilisticEncryption` (or, before API 44,
`<encrypted>true</encrypted>`) used in a query's `WHERE`, `ORDER BY`, `GROUP BY` or
`HAVING`, in inline SOQL and in query strings passed to `Database.query` and its
relatives. Fields reached through a relationship (`Patient__r.SSN__c`) are followed
through the project's lookup fields.

## Why it matters

Shield Platform Encryption's probabilistic scheme encrypts the same value differently
each time, so the database cannot compare it: the query fails at run time. The usual
"fix" under a deadline is to turn encryption off, which removes the protection HIPAA
164.312(a)(2)(iv) asks for. Deterministic encryption keeps the field encrypted and
still allows exact-match filters (`=`, `!=`, `IN`); no scheme allows `LIKE`, ranges or
sorting.

## Example

```apex
List<Patient__c> rows = [SELECT Id FROM Patient__c WHERE Diagnosis__c = :code];
```

with `Diagnosis__c` encrypted with `ProbabilisticEncryption`.

## Use instead

Encrypt the field with `CaseSensitiveDeterministicEncryption` (or the case-insensitive
scheme) when exact-match filters are enough, or filter on another field, such as a
code that is not PHI.

## Configuration

None: the encryption scheme comes from the field's metadata.

## Known problems

Only fields declared in the project are judged. Query strings assembled in loops or
in other methods are not followed. The filters of parent-to-child subqueries in the
`SELECT` list, and semi-joins (`Id IN (SELECT ...)`), are not checked. A field with
deterministic encryption used with `LIKE` or a range is not reported by this rule.
"#,
};

impl Rule for FilterOnProbabilisticField {
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
        let mut seen = HashSet::new();
        for filter in &query.filters {
            let (Some(object), field) = resolve_path(cx, &query.object, &filter.field.path) else {
                continue;
            };
            let Some(decl) = cx.project.field(&object, &field) else {
                continue;
            };
            if !probabilistic(decl) || !seen.insert((decl.qualified(), filter.clause)) {
                continue;
            }
            let name = decl.qualified();
            let clause = filter.clause;
            let finding = cx
                .finding(
                    filter.field.span.clone(),
                    format!(
                        "`{name}` has probabilistic encryption and cannot be used in `{clause}`: the query fails at run time"
                    ),
                )
                .with_help(format!(
                    "encrypt `{name}` with deterministic encryption, which allows exact-match filters (`=`, `!=`, `IN`), or {} on another field",
                    if clause == "WHERE" || clause == "HAVING" { "filter" } else { "sort and group" }
                ))
                .with_label(decl.location.clone(), "probabilistic encryption declared here");
            cx.push(finding);
        }
    }
}

/// Whether a field is encrypted with the probabilistic scheme.
fn probabilistic(decl: &FieldDecl) -> bool {
    match &decl.meta.encryption_scheme {
        Some(scheme) => scheme.is("ProbabilisticEncryption"),
        None => decl.meta.encrypted.as_ref().is_some_and(|e| e.is("true")),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    const DIAGNOSIS: (&str, &str) = (
        "force-app/main/default/objects/Patient__c/fields/Diagnosis__c.field-meta.xml",
        "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<fullName>Diagnosis__c</fullName>\n<encryptionScheme>ProbabilisticEncryption</encryptionScheme>\n<type>Text</type>\n</CustomField>",
    );

    #[test]
    fn fires_on_probabilistic_fields_only() {
        let apex = r#"
public with sharing class Finder {
    public void find(String code, String mrn) {
        List<Patient__c> a = [SELECT Id FROM Patient__c WHERE Diagnosis__c = :code];
        List<Patient__c> b = [SELECT Id FROM Patient__c WHERE MRN__c = :mrn];
        List<Patient__c> c = [SELECT Diagnosis__c FROM Patient__c ORDER BY Name];
        List<SObject> d = Database.query('SELECT Id FROM Patient__c ORDER BY Diagnosis__c');
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[
                DIAGNOSIS,
                ("force-app/main/default/classes/Finder.cls", apex),
            ],
        ]
        .concat();
        assert_eq!(check("apex-filter-on-probabilistic-field", &files), [4, 7]);
    }
}
