//! `flow-phi-system-mode`: flows that bypass sharing while they read or write PHI.

use phi_lint_grammars::metadata::Flow;

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

use super::{object_declared, phi_object_because};

pub struct FlowPhiSystemMode;

pub static META: RuleMeta = RuleMeta {
    id: "flow-phi-system-mode",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(a)(1)"],
    summary: "A flow runs in system mode without sharing and reads or writes PHI records",
    kinds: &[SourceKind::Flow],
    docs: r#"
## What it does

Reports a flow with `<runInMode>SystemModeWithoutSharing</runInMode>` that looks up,
creates, updates or deletes records of a PHI object (`recordLookups`, `recordCreates`,
`recordUpdates`, `recordDeletes`). The finding sits on the element's `<object>` line,
or on its `<inputReference>` when it works on a record variable (the variable's
`objectType`, or the triggering object for `$Record`).

## Why it matters

HIPAA 164.312(a)(1) asks that only authorized users reach ePHI. A flow in system mode
without sharing ignores the running user's object, field and record access: a screen
flow on a community page, or any user who can launch it, reads and changes every
patient's record.

## Example

```xml
<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <recordLookups>
        <name>Get_Patient</name>
        <object>Patient__c</object>
    </recordLookups>
    <runInMode>SystemModeWithoutSharing</runInMode>
</Flow>
```

## Use instead

```xml
<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <recordLookups>
        <name>Get_Patient</name>
        <object>Patient__c</object>
    </recordLookups>
    <runInMode>DefaultMode</runInMode>
</Flow>
```

If the flow must elevate, use `SystemModeWithSharing`, limit who can run it, and keep
its record filters narrow.

## Configuration

The PHI model decides which objects are PHI; `[phi]` in `phi-lint.toml` adjusts it.

## Known problems

Record-triggered flows always run in system context; they are reported only when they
say `SystemModeWithoutSharing`. Records reached through Apex actions or subflows are not
followed.
"#,
};

impl Rule for FlowPhiSystemMode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let Some(doc) = cx.file.xml() else { return };
        let flow = Flow::from_element(&doc.root);
        if !flow
            .run_in_mode
            .as_ref()
            .is_some_and(|m| m.is("SystemModeWithoutSharing"))
        {
            return;
        }
        let name = flow
            .label
            .as_ref()
            .map_or_else(|| cx.file.stem().to_string(), |l| l.value.clone());
        for element in &flow.record_elements {
            let Some(object) = &element.object else {
                continue;
            };
            let Some(because) = phi_object_because(cx.phi, &object.value) else {
                continue;
            };
            let step = element
                .name
                .as_ref()
                .map(|n| format!(" in `{}`", n.value))
                .unwrap_or_default();
            let mut finding = cx
                .finding(
                    object.span.clone(),
                    format!(
                        "Flow `{name}` runs in system mode without sharing and {} records of PHI object `{}`{step}; {because}",
                        element.action.verb(),
                        object.value
                    ),
                )
                .with_help(
                    "run the flow in `DefaultMode` (user mode), or in `SystemModeWithSharing` \
                     with narrow filters and limited access to launch it",
                );
            if let Some((location, message)) = object_declared(cx.project, &object.value) {
                finding = finding.with_label(location, message);
            }
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    fn lines(mode: &str) -> Vec<u32> {
        let flow = format!(
            "<Flow>\n<recordLookups>\n<name>Get</name>\n<object>Patient__c</object>\n</recordLookups>\n<recordUpdates>\n<inputReference>$Record</inputReference>\n</recordUpdates>\n<recordCreates>\n<object>Task</object>\n</recordCreates>\n<runInMode>{mode}</runInMode>\n<start>\n<object>Patient__c</object>\n</start>\n</Flow>"
        );
        let files: Vec<(&str, &str)> = PATIENT_FIELDS
            .iter()
            .copied()
            .chain([(
                "force-app/main/default/flows/Intake.flow-meta.xml",
                flow.as_str(),
            )])
            .collect();
        check("flow-phi-system-mode", &files)
    }

    #[test]
    fn fires_on_phi_records_without_sharing() {
        assert_eq!(lines("SystemModeWithoutSharing"), [4, 7]);
    }

    #[test]
    fn quiet_with_sharing() {
        assert!(lines("SystemModeWithSharing").is_empty());
        assert!(lines("DefaultMode").is_empty());
    }
}
