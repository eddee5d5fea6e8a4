//! `apex-phi-in-email`: PHI put into an outbound email's subject or body.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::leak;
use crate::apex::scope::{arguments, declared_type_name, same, text};
use crate::finding::Severity;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiInEmail;

pub static META: RuleMeta = RuleMeta {
    id: "apex-phi-in-email",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.312(e)(1)"],
    summary: "A PHI value is put into an outbound email's subject or body",
    kinds: super::APEX,
    docs: r#"
## What it does

Reports `setSubject`, `setPlainTextBody` and `setHtmlBody` on a
`Messaging.SingleEmailMessage` whose argument holds PHI: a read of a PHI field, a whole
record of a PHI object, or a local that was given one of these earlier in the method,
also through concatenation and `String.format`.

## Why it matters

Email leaves Salesforce in the clear as far as the recipient's server, is copied to
mailboxes and backups no one controls, and is easily forwarded. HIPAA 164.312(e)(1)
requires transmission security for ePHI: a subject line or body is not a secure channel.

## Example

```apex
Messaging.SingleEmailMessage mail = new Messaging.SingleEmailMessage();
mail.setSubject('Results for ' + patient.Name + ', DOB ' + patient.Birth_Date__c);
mail.setPlainTextBody('Diagnosis: ' + patient.Diagnosis__c);
```

## Use instead

```apex
Messaging.SingleEmailMessage mail = new Messaging.SingleEmailMessage();
mail.setSubject('New results are available');
mail.setPlainTextBody('Sign in to the patient portal to see them: ' + portalUrl);
```

Tell the recipient that there is something to see, and let them sign in to see it.

## Configuration

None.

## Known problems

Email templates (`setTemplateId`) merge fields on the server and are not checked. A
message object passed to another method before its subject is set is recognized only by
the method names.
"#,
};

const SINKS: &[(&str, &str)] = &[
    ("setSubject", "an email subject"),
    ("setPlainTextBody", "an email body"),
    ("setHtmlBody", "an email body"),
];

impl Rule for PhiInEmail {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["method_invocation"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let (Some(receiver), Some(name)) = (node.field("object"), node.field("name")) else {
            return;
        };
        let Some(&(_, place)) = SINKS.iter().find(|(m, _)| same(m, text(cx, name))) else {
            return;
        };
        let is_email = match receiver.kind_name() {
            "identifier" => declared_type_name(cx, receiver, text(cx, receiver))
                .is_none_or(|ty| ty.to_ascii_lowercase().ends_with("emailmessage")),
            _ => false,
        };
        if !is_email {
            return;
        }
        let Some((arg, value)) = leak::first_phi(cx, &arguments(node)) else {
            return;
        };
        let message = format!(
            "{} is put into {place}, which leaves the org unencrypted; {}",
            value.what, value.because
        );
        let finding = leak::finding(
            cx,
            arg,
            &value,
            message,
            "keep PHI out of email: say that there is news and link to a page behind a login",
        );
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_on_phi_in_subject_and_body() {
        let apex = r#"
public with sharing class Notify {
    public void send(Patient__c p) {
        Messaging.SingleEmailMessage mail = new Messaging.SingleEmailMessage();
        mail.setSubject('Patient ' + p.SSN__c);
        String body = 'Record: ' + JSON.serialize(p);
        mail.setHtmlBody(body);
        mail.setPlainTextBody('Status changed to ' + p.Status__c + ' for ' + p.Id);
        mail.setSubject('Update');
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Notify.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-phi-in-email", &files), [5, 7]);
    }
}
