//! `apex-phi-in-callout`: PHI put into an HTTP request.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::consts::{string_parts, Part};
use crate::apex::leak;
use crate::apex::scope::{arguments, declared_type_name, descendants, enclosing_body, same, text};
use crate::finding::Severity;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiInCallout;

pub static META: RuleMeta = RuleMeta {
    id: "apex-phi-in-callout",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.502(b)", "164.308(b)(1)"],
    summary: "A PHI value is put into an HTTP request's body, header or URL",
    kinds: super::APEX,
    docs: r#"
## What it does

Reports `HttpRequest.setBody`, `setBodyAsBlob`, `setHeader` and `setEndpoint` calls whose
argument holds PHI: a read of a PHI field, a whole record or list of a PHI object (most
often serialized with `JSON.serialize`), `Trigger.new` of a trigger on a PHI object, or a
local that was given one of these earlier in the method.

When the configuration lists the endpoints covered by a business associate agreement,
the message says whether the request's endpoint is one of them. A request to a covered
endpoint is reported as a note, for the record; any other is a warning.

## Why it matters

Sending PHI to another system is a disclosure. HIPAA allows it to a business associate
under a written agreement (164.308(b)(1)), and only the minimum necessary (164.502(b)).
A whole serialized record sends every field the query read, whether the receiver needs
it or not, and PHI in a URL ends up in the access logs of every proxy on the way.

## Example

```apex
Patient__c patient = [SELECT Id, Name, SSN__c, Diagnosis__c FROM Patient__c WHERE Id = :id];
HttpRequest req = new HttpRequest();
req.setEndpoint('https://analytics.example.com/patients');
req.setBody(JSON.serialize(patient));
```

## Use instead

```apex
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:EHR/patients/' + patient.Id);
req.setBody(JSON.serialize(new Map<String, Object>{ 'status' => patient.Status__c }));
```

Send only the fields the receiver needs, never in the URL, and only to a named
credential of a system covered by a business associate agreement.

## Configuration

`baa_endpoints` in `phi-lint.toml` lists the endpoints covered by a business associate
agreement, as URL prefixes (`https://ehr.example.com`) or named credentials
(`callout:EHR`). A covered prefix matches the endpoint up to a `/`, `?`, `#` or `:`.

## Known problems

The endpoint is found from a `setEndpoint` call on the same request variable in the same
method, through literals, concatenations and constants; a request built in one method
and sent in another, or an endpoint read from custom metadata, counts as not covered.
PHI inside a custom wrapper class is followed only when the wrapper is built from it
(`new Wrapper(patient)`) in code phi-lint follows; a wrapper's fields set one by one
elsewhere are not.
"#,
};

/// The request methods that carry data, and what they fill.
const SINKS: &[(&str, &str)] = &[
    ("setBody", "an HTTP request body"),
    ("setBodyAsBlob", "an HTTP request body"),
    ("setBodyDocument", "an HTTP request body"),
    ("setHeader", "an HTTP request header"),
    ("setEndpoint", "an HTTP request URL"),
];

impl Rule for PhiInCallout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["method_invocation"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        // The name rules most calls out, so the receiver is read only after it.
        let Some(name) = node.field("name") else {
            return;
        };
        let Some(&(_, place)) = SINKS.iter().find(|(m, _)| same(m, text(cx, name))) else {
            return;
        };
        let Some(receiver) = node.field("object") else {
            return;
        };
        if !is_request(cx, receiver) {
            return;
        }
        let args = arguments(node);
        let Some((arg, value)) = leak::first_phi(cx, &args) else {
            return;
        };

        let endpoint = endpoint(cx, node, receiver);
        let baa = &cx.settings.baa_endpoints;
        let (to, covered) = match (&endpoint, baa.is_empty()) {
            (Some(url), true) => (format!(" to `{url}`"), false),
            (None, true) => (String::new(), false),
            (Some(url), false) if baa.iter().any(|b| covers(b, url)) => (
                format!(" to `{url}`, which is covered by a business associate agreement"),
                true,
            ),
            (Some(url), false) => (
                format!(
                    " to `{url}`, which is not listed as covered by a business associate agreement"
                ),
                false,
            ),
            (None, false) => (
                " to an endpoint phi-lint cannot resolve, so not one listed as covered by a business associate agreement".to_string(),
                false,
            ),
        };
        let message = format!("{} is sent in {place}{to}; {}", value.what, value.because);
        let help = if covered {
            "send only the fields the receiver needs; the agreement covers this endpoint"
        } else {
            "send only the fields the receiver needs, in the body rather than the URL, and only to a named credential of a system covered by a business associate agreement"
        };
        let mut finding = leak::finding(cx, arg, &value, message, help);
        if covered {
            finding = finding.with_severity(Severity::Note);
        }
        cx.push(finding);
    }
}

/// Whether `receiver` is an `HttpRequest`: declared as one, built inline, or of a type
/// not declared in view (the method names are distinctive enough).
fn is_request(cx: &Context<'_>, receiver: Node<'_>) -> bool {
    match receiver.kind_name() {
        "identifier" => match declared_type_name(cx, receiver, text(cx, receiver)) {
            Some(ty) => same(&ty, "HttpRequest") || same(&ty, "System.HttpRequest"),
            None => true,
        },
        "object_creation_expression" => receiver
            .field("type")
            .is_some_and(|t| text(cx, t).to_ascii_lowercase().ends_with("httprequest")),
        _ => false,
    }
}

/// The request's endpoint, or its known start when that names the host: from the argument
/// of this call when it sets the endpoint, else of a `setEndpoint` on the same variable in
/// the same procedure.
fn endpoint(cx: &Context<'_>, call: Node<'_>, receiver: Node<'_>) -> Option<String> {
    let set_endpoint = |n: Node<'_>| {
        n.kind_name() == "method_invocation"
            && n.field("name")
                .is_some_and(|m| same(text(cx, m), "setEndpoint"))
    };
    let target = if set_endpoint(call) {
        Some(call)
    } else if receiver.kind_name() == "identifier" {
        let name = text(cx, receiver);
        descendants(cx, enclosing_body(cx, call)?)
            .find(|&(n, kind)| {
                kind == "method_invocation"
                    && set_endpoint(n)
                    && n.field("object").is_some_and(|o| same(text(cx, o), name))
            })
            .map(|(n, _)| n)
    } else {
        None
    }?;
    let arg = *arguments(target).first()?;
    let parts = string_parts(cx, arg)?;
    let complete = parts.iter().all(|p| matches!(p, Part::Known(_)));
    let mut known = String::new();
    for part in parts {
        match part {
            Part::Known(text) => known.push_str(&text),
            Part::Unknown => break,
        }
    }
    // A prefix names the endpoint only when its host is whole: `https://host/...`,
    // `callout:Name/...`; `'https://' + host` names nothing.
    let after_scheme = known
        .split_once("://")
        .map(|(_, rest)| rest)
        .or_else(|| known.strip_prefix("callout:"))
        .unwrap_or("");
    (complete || after_scheme.contains('/')).then_some(known)
}

/// Whether the BAA entry `baa` covers the endpoint `url`: a prefix that ends where a
/// path, query, fragment or port begins.
fn covers(baa: &str, url: &str) -> bool {
    let (baa, url) = (baa.trim().to_ascii_lowercase(), url.to_ascii_lowercase());
    if baa.is_empty() || !url.starts_with(&baa) {
        return false;
    }
    baa.ends_with('/')
        || url[baa.len()..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '/' | '?' | '#' | ':'))
}

#[cfg(test)]
mod tests {
    use super::covers;
    use crate::settings::Settings;
    use crate::testing::{check, check_with, PATIENT_FIELDS};

    const APEX: &str = r#"
public with sharing class EhrSync {
    public void send(Patient__c p) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('https://ehr.example.com/fhir/Patient');
        req.setBody(JSON.serialize(p));
        req.setHeader('X-Patient-Id', p.Id);
        String ssn = p.SSN__c;
        req.setHeader('X-SSN', ssn);
    }
    public void quiet(Patient__c p) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:EHR/status');
        req.setBody('{"count": 1}');
        req.setBody(p.Status__c);
    }
}"#;

    #[test]
    fn fires_on_phi_in_body_and_header_only() {
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/EhrSync.cls", APEX)],
        ]
        .concat();
        assert_eq!(check("apex-phi-in-callout", &files), [6, 9]);
    }

    #[test]
    fn covered_endpoints_still_fire_as_notes() {
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/EhrSync.cls", APEX)],
        ]
        .concat();
        let settings = Settings {
            baa_endpoints: vec!["https://ehr.example.com".into()],
            ..Settings::default()
        };
        assert_eq!(check_with("apex-phi-in-callout", &files, &settings), [6, 9]);
    }

    #[test]
    fn prefixes_stop_at_a_boundary() {
        assert!(covers(
            "https://ehr.example.com",
            "https://ehr.example.com/x"
        ));
        assert!(covers("callout:EHR", "callout:EHR"));
        assert!(!covers("callout:EHR", "callout:EHR_Test/x"));
        assert!(!covers(
            "https://ehr.example.com",
            "https://ehr.example.com.evil.io/"
        ));
    }

    #[test]
    fn messages_say_whether_the_endpoint_is_covered() {
        use crate::finding::Severity;
        use std::sync::Arc;
        let apex = r#"
public with sharing class Two {
    public void covered(Patient__c p) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:EHR/fhir');
        req.setBody(JSON.serialize(p));
    }
    public void other(Patient__c p) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('https://analytics.example.com/x');
        req.setBody(p.SSN__c);
    }
}"#;
        let files: Vec<crate::file::SourceFile> = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Two.cls", apex)],
        ]
        .concat()
        .iter()
        .filter_map(|(path, text)| {
            let kind = crate::kind::SourceKind::from_path(path)?;
            Some(crate::file::SourceFile::parse(
                Arc::from(*path),
                kind,
                text.to_string(),
            ))
        })
        .collect();
        let settings = Settings {
            baa_endpoints: vec!["callout:EHR".into()],
            ..Settings::default()
        };
        let rule = crate::rules::by_id("apex-phi-in-callout").unwrap();
        let findings = crate::analysis::lint_files(&files, &settings, vec![rule]);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].severity, Severity::Note);
        assert!(findings[0]
            .message
            .contains("is covered by a business associate agreement"));
        assert_eq!(findings[1].severity, Severity::Warning);
        assert!(
            findings[1]
                .message
                .contains("`https://analytics.example.com/x`, which is not listed as covered"),
            "{}",
            findings[1].message
        );
        assert!(findings[1].message.contains("`Patient__c.SSN__c` is PHI"));
    }

    #[test]
    fn an_endpoint_without_a_whole_host_is_unresolved() {
        let apex = r#"
public with sharing class Hosts {
    public void send(Patient__c p, String host) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('https://' + host + '/x');
        req.setBody(p.SSN__c);
    }
}"#;
        let files: Vec<crate::file::SourceFile> = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Hosts.cls", apex)],
        ]
        .concat()
        .iter()
        .filter_map(|(path, text)| {
            let kind = crate::kind::SourceKind::from_path(path)?;
            Some(crate::file::SourceFile::parse(
                std::sync::Arc::from(*path),
                kind,
                text.to_string(),
            ))
        })
        .collect();
        let settings = Settings {
            baa_endpoints: vec!["https://ehr.example.com".into()],
            ..Settings::default()
        };
        let rule = crate::rules::by_id("apex-phi-in-callout").unwrap();
        let findings = crate::analysis::lint_files(&files, &settings, vec![rule]);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .contains("an endpoint phi-lint cannot resolve"),
            "{}",
            findings[0].message
        );
    }
}
