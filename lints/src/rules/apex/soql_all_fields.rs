//! `apex-soql-all-fields`: `SELECT FIELDS(ALL | CUSTOM | STANDARD)` on a PHI object.

use tree_sitter::Node;

use crate::apex::soql::query_at;
use crate::finding::Severity;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct SoqlAllFields;

pub static META: RuleMeta = RuleMeta {
    id: "apex-soql-all-fields",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.502(b)"],
    summary:
        "A query selects `FIELDS(ALL)`, `FIELDS(CUSTOM)` or `FIELDS(STANDARD)` of a PHI object",
    kinds: super::APEX,
    docs: r#"
## What it does

Reports `SELECT FIELDS(ALL)`, `FIELDS(CUSTOM)` and `FIELDS(STANDARD)` on a PHI object, in
inline SOQL and in query strings passed to `Database.query`, `Database.queryWithBinds`,
`Database.getQueryLocator` and their relatives (literals, simple concatenations and
string constants are followed).

## Why it matters

HIPAA's minimum necessary standard (164.502(b)) asks that code read only the PHI it
needs. `FIELDS(...)` reads every field, including PHI fields added to the object later,
which then flow wherever the records go: logs, callouts, files and screens.

## Example

```apex
List<Patient__c> rows = [SELECT FIELDS(ALL) FROM Patient__c LIMIT 200];
```

## Use instead

```apex
List<Patient__c> rows = [SELECT Id, Status__c FROM Patient__c LIMIT 200];
```

## Configuration

None: the PHI object comes from the PHI model (`[phi]` in `phi-lint.toml`).

## Known problems

Query strings assembled in loops, from custom metadata or in other methods are not
followed. `FIELDS(STANDARD)` on a custom object reads no custom PHI field, but is still
reported, because standard fields such as `Name` may name the patient.
"#,
};

impl Rule for SoqlAllFields {
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
        let Some((word, span)) = query.all_fields.clone() else {
            return;
        };
        let Some(verdict) = cx.phi.object(&query.object) else {
            return;
        };
        let object = &query.object;
        let which = match word.as_str() {
            "CUSTOM" => "every custom field",
            "STANDARD" => "every standard field",
            _ => "every field",
        };
        let mut finding = cx
            .finding(
                span,
                format!(
                    "`FIELDS({word})` reads {which} of PHI object `{object}`, whether the code needs it or not; `{object}` is PHI: {}",
                    verdict.why()
                ),
            )
            .with_help("select only the fields this code uses");
        if let Some(location) = cx.project.object(object).and_then(|o| o.location.clone()) {
            finding = finding.with_label(location, "PHI object declared here");
        }
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_inline_and_in_query_strings() {
        let apex = r#"
public with sharing class Reader {
    static final String ALL_FIELDS = 'SELECT FIELDS(ALL) FROM Patient__c';
    public void read() {
        List<Patient__c> a = [SELECT FIELDS(CUSTOM) FROM Patient__c LIMIT 10];
        List<SObject> b = Database.query(ALL_FIELDS + ' LIMIT 10');
        List<Account> c = [SELECT FIELDS(ALL) FROM Account LIMIT 10];
        List<Patient__c> d = [SELECT Id, Status__c FROM Patient__c];
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Reader.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-soql-all-fields", &files), [5, 6]);
    }
}
