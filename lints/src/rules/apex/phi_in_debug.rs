//! `apex-phi-in-debug`: PHI written to the Apex debug log.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::leak;
use crate::apex::scope::{arguments, same, text};
use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiInDebug;

pub static META: RuleMeta = RuleMeta {
    id: "apex-phi-in-debug",
    family: Family::Apex,
    default_severity: Severity::Error,
    references: &["164.312(a)(1)", "164.502(b)"],
    summary: "A PHI value reaches `System.debug` or a configured logging call",
    kinds: &[
        SourceKind::ApexClass,
        SourceKind::ApexTrigger,
        SourceKind::ApexAnonymous,
    ],
    docs: r#"
## What it does

Reports a call to `System.debug` (with or without a `LoggingLevel`), or to a logging
method configured as a debug sink, whose message holds PHI: a read of a PHI field, a
whole record or list of a PHI object, `Trigger.new` / `Trigger.old` / `newMap` / `oldMap`
of a trigger on a PHI object, the result of a query that selects PHI, or any of these
passed through concatenation, `String.valueOf`, `String.format`, `String.join` or
`JSON.serialize`.

The data flow inside each method is followed: a local given PHI (by assignment, `+=`,
or a collection's `add` / `put`) carries it to the log, and so does a call of a method of
the same class that returns PHI, and a class field that some method of the class gives
PHI. A parameter carries PHI when a call in the same class
passes it PHI, so a logging helper such as `private void log(String message)` is
reported where it logs, with a label at the call that passed the PHI. A record's `Id`, a count (`rows.size()`) and fields that
are not PHI carry none.

## Why it matters

Debug logs are kept for days, are readable by every administrator and by anyone who can
set a trace flag, and are often pasted into support cases and chat. A patient's data in a
log is a disclosure to people with no need to see it: HIPAA 164.312(a)(1) (access control)
and 164.502(b) (minimum necessary).

## Example

```apex
Patient__c patient = [SELECT Id, SSN__c FROM Patient__c WHERE Id = :patientId];
System.debug('Loaded patient ' + patient.SSN__c);
System.debug(LoggingLevel.INFO, patient);
```

## Use instead

```apex
Patient__c patient = [SELECT Id, SSN__c FROM Patient__c WHERE Id = :patientId];
System.debug('Loaded patient ' + patient.Id);
```

Log the record id, a count or a status: never the values of PHI fields.

## Configuration

`debug_sinks` in `phi-lint.toml` lists further logging calls to treat like
`System.debug`, for example a logging framework's `Logger.debug`, or `Logger.*` for every
method of a class.

## Known problems

The analysis stays within one class: PHI passed to a helper in another class that logs
it is not followed. A class field given PHI anywhere in the class is taken to hold it
everywhere in the class. A
custom wrapper class built from PHI carries it only when built in the same method.
Paths are merged conservatively: a local given PHI in a branch holds it after the
branch, and one cleared in a branch still holds its earlier PHI after it. A loop body is
read once, in order, so PHI given late in the body is not seen at its start in the next
iteration.
"#,
};

impl Rule for PhiInDebug {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["method_invocation"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Some(sink) = debug_sink(cx, node) else {
            return;
        };
        let Some((arg, value)) = leak::first_phi(cx, &arguments(node)) else {
            return;
        };
        let message = format!(
            "{} is written to the debug log by `{sink}`; {}",
            value.what, value.because
        );
        let finding = leak::finding(
            cx,
            arg,
            &value,
            message,
            "log the record Id, a count or a status instead of PHI values",
        );
        cx.push(finding);
    }
}

/// The name of the logging call, when `call` is `System.debug` or a configured sink.
fn debug_sink(cx: &Context<'_>, call: Node<'_>) -> Option<String> {
    let name = text(cx, call.field("name")?);
    // Most calls are not logging calls: rule them out by the method name first.
    let may_be_sink = same(name, "debug")
        || cx.settings.debug_sinks.iter().any(|sink| {
            let method = sink.trim().rsplit('.').next().unwrap_or("");
            method == "*" || same(method, name)
        });
    if !may_be_sink {
        return None;
    }
    let receiver = call.field("object").map(|o| text(cx, o));
    let full = match receiver {
        Some(receiver) => format!("{receiver}.{name}"),
        None => name.to_string(),
    };
    let is_debug = same(&full, "System.debug");
    // A configured sink is `Class.method`, or `Class.*` for every method of the class.
    let is_sink = cx.settings.debug_sinks.iter().any(|sink| {
        let sink: String = sink.split_whitespace().collect();
        match (sink.strip_suffix(".*"), receiver) {
            (Some(class), Some(receiver)) => same(class, receiver),
            _ => same(&sink, &full),
        }
    });
    (is_debug || is_sink).then_some(full)
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_on_phi_and_not_on_ids_counts_or_plain_fields() {
        let apex = r#"
public with sharing class PatientService {
    public void run(List<Patient__c> rows, Patient__c p) {
        System.debug(p.SSN__c);
        System.debug(LoggingLevel.WARN, 'rec ' + p);
        System.debug(rows);
        System.debug('rows: ' + rows.size());
        System.debug(p.Id);
        System.debug(p.Status__c);
        System.debug(JSON.serialize(p));
        System.debug('constant');
    }
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[("force-app/main/default/classes/PatientService.cls", apex)],
            ]
            .concat(),
        );
        assert_eq!(lines, [4, 5, 6, 10]);
    }

    #[test]
    fn trigger_records_of_a_phi_object() {
        let trigger = "trigger PatientTrigger on Patient__c (before insert) {\n    System.debug(Trigger.new);\n    System.debug(Trigger.new.size());\n}";
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[(
                    "force-app/main/default/triggers/PatientTrigger.trigger",
                    trigger,
                )],
            ]
            .concat(),
        );
        assert_eq!(lines, [2]);
    }

    #[test]
    fn follows_locals_methods_and_query_strings() {
        let apex = r#"
public with sharing class Flow {
    public void run(Patient__c p, List<Patient__c> rows) {
        String s = p.SSN__c;
        System.debug(s);
        String msg = 'x';
        msg += p.SSN__c;
        System.debug(msg);
        s = 'cleared';
        System.debug(s);
        System.debug(ssnOf(p));
        System.debug(statusOf(p));
        List<SObject> found = Database.query('SELECT SSN__c FROM Patient__c');
        System.debug(found);
        List<String> all = new List<String>();
        for (Patient__c r : rows) { all.add(r.SSN__c); }
        System.debug(String.join(all, ','));
        Logger.debug('ssn ' + p.SSN__c);
        System.debug(p.get('Status__c'));
        System.debug(p.get('SSN__c'));
    }
    private String ssnOf(Patient__c p) { return p.SSN__c; }
    private String statusOf(Patient__c p) { return p.Status__c; }
}"#;
        let settings = crate::settings::Settings {
            debug_sinks: vec!["Logger.*".into()],
            ..Default::default()
        };
        let lines = crate::testing::check_with(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[("force-app/main/default/classes/Flow.cls", apex)],
            ]
            .concat(),
            &settings,
        );
        assert_eq!(lines, [5, 8, 11, 14, 17, 18, 20]);
    }

    #[test]
    fn follows_phi_into_logging_helpers_of_the_same_class() {
        let apex = r#"
public with sharing class Helper {
    public void run(Patient__c p) {
        log('ssn ' + p.SSN__c);
        log('status ' + p.Status__c);
        trace(p.Id);
    }
    private void log(String message) {
        String line = '[app] ' + message;
        System.debug(line);
    }
    private void trace(String message) {
        System.debug(message);
    }
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[("force-app/main/default/classes/Helper.cls", apex)],
            ]
            .concat(),
        );
        assert_eq!(lines, [10]);
    }

    #[test]
    fn ternaries_casts_loops_and_trigger_maps() {
        let trigger = r#"trigger PatientTrigger on Patient__c (after update) {
    List<String> ssns = new List<String>();
    for (Patient__c p : Trigger.new) {
        ssns.add(p.SSN__c);
    }
    for (String s : ssns) {
        System.debug(s);
    }
    Object o = Trigger.isInsert ? (Object) Trigger.newMap.values() : null;
    System.debug(o);
    System.debug(Trigger.newMap.keySet());
    System.debug(Trigger.new[0].Id);
    System.debug(Trigger.isUpdate ? 'update' : 'insert');
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[(
                    "force-app/main/default/triggers/PatientTrigger.trigger",
                    trigger,
                )],
            ]
            .concat(),
        );
        assert_eq!(lines, [7, 10]);
    }

    #[test]
    fn clearing_in_a_branch_does_not_clear_after_it() {
        let apex = r#"
public with sharing class Branches {
    public void run(Patient__c p, Boolean mask) {
        String s = p.SSN__c;
        if (mask) {
            s = '***';
            System.debug(s);
        }
        System.debug(s);
        String t = p.SSN__c;
        if (mask) t = '***';
        System.debug(t);
        String u = p.SSN__c;
        u = '***';
        System.debug(u);
    }
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[("force-app/main/default/classes/Branches.cls", apex)],
            ]
            .concat(),
        );
        assert_eq!(lines, [9, 12]);
    }

    #[test]
    fn class_fields_keep_phi_between_methods() {
        let apex = r#"
public with sharing class Holder {
    private String ssn;
    private String status;
    private String shadowed;
    public void load(Patient__c p) {
        ssn = p.SSN__c;
        this.status = p.Status__c;
        String shadowed = p.SSN__c;
    }
    public void log() {
        System.debug(ssn);
        System.debug(this.ssn);
        System.debug(status);
        System.debug(shadowed);
    }
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[("force-app/main/default/classes/Holder.cls", apex)],
            ]
            .concat(),
        );
        assert_eq!(lines, [12, 13]);
    }

    #[test]
    fn searches_that_return_phi() {
        let apex = r#"
public with sharing class Search {
    public void run(String term) {
        List<List<SObject>> found = [FIND :term IN ALL FIELDS RETURNING Patient__c(Id, SSN__c)];
        System.debug(found);
        List<List<SObject>> ids = [FIND :term IN ALL FIELDS RETURNING Patient__c(Id, Status__c)];
        System.debug(ids);
    }
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[("force-app/main/default/classes/Search.cls", apex)],
            ]
            .concat(),
        );
        assert_eq!(lines, [5]);
    }

    #[test]
    fn casts_to_phi_objects_in_trigger_handlers() {
        let apex = r#"
public with sharing class PatientTriggerHandler {
    public void afterUpdate() {
        List<Patient__c> rows = (List<Patient__c>) Trigger.new;
        System.debug((List<Patient__c>) Trigger.new);
        System.debug(Trigger.new);
        System.debug(((List<Patient__c>) Trigger.new).size());
        System.debug((Account) Trigger.new[0]);
    }
}"#;
        let lines = check(
            "apex-phi-in-debug",
            &[
                PATIENT_FIELDS,
                &[(
                    "force-app/main/default/classes/PatientTriggerHandler.cls",
                    apex,
                )],
            ]
            .concat(),
        );
        assert_eq!(lines, [5]);
    }
}
