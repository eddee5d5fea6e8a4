//! `script-phi-export`: scripts and Data Loader configurations that export PHI to files.

use phi_lint_grammars::NodeExt;
use std::ops::Range;

use tree_sitter::Node;

use crate::data::soql::{self, Select};
use crate::data::{commands, dataloader, json};
use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct ScriptPhiExport;

pub static META: RuleMeta = RuleMeta {
    id: "script-phi-export",
    family: Family::Data,
    default_severity: Severity::Warning,
    references: &["164.312(a)(2)(iv)", "164.312(b)"],
    summary: "A script or Data Loader configuration exports PHI fields to files in the clear",
    kinds: &[
        SourceKind::Script,
        SourceKind::DataLoaderConfig,
        SourceKind::ApexAnonymous,
    ],
    docs: r#"
## What it does

Finds commands and configurations that extract records to files, and reports those whose
SOQL reads PHI fields (as the project's PHI model decides), or all fields of a PHI object
(`FIELDS(ALL)`):

- Salesforce CLI commands in shell, PowerShell and batch scripts, Makefiles, npm `package.json`
  scripts and CI workflows (`.github/workflows/*.yml`, `.gitlab-ci.yml` and others):
  `sf data query` and `sfdx force:data:soql:query` with `--result-format csv`, an
  `--output-file`, a redirect (`>`) or a pipe into `tee`, `Out-File` or `Export-Csv`;
  `sf data export tree` (`sfdx force:data:tree:export`) and `sf data export bulk`, which
  always write files;
- Data Loader `process-conf.xml` processes whose `process.operation` is `extract` or
  `extract_all`, unless they write to a database (`dataAccess.type` `databaseWrite`);
- anonymous Apex (`.apex` files) that queries PHI fields and builds files or emails
  (`ContentVersion`, `Attachment`, `Document`, `Messaging.SingleEmailMessage`,
  `Messaging.EmailFileAttachment`).

## Why it matters

An export script turns PHI protected by the org's sharing, encryption and audit trail
into a plain file on a laptop or CI runner: unencrypted at rest (HIPAA 164.312(a)(2)(iv))
and outside the org's audit controls (164.312(b)). Such files end up in shared drives,
CI artifacts and, sooner or later, in the repository.

## Example

```sh
sf data query --query "SELECT Name, SSN__c, Date_of_Birth__c FROM Patient__c" \
    --result-format csv > patients.csv
```

## Use instead

```sh
sf data query --query "SELECT Id, Status__c FROM Patient__c" --result-format csv > status.csv
```

Export only the fields a task needs, and leave PHI out; when PHI must leave the org, use
an encrypted, access-controlled channel (Shield-protected reports, an integration user with
an audit trail) rather than files written by scripts.

## Configuration

The PHI model decides which fields are PHI: `[phi]` in `phi-lint.toml` adds fields or
declares fields not PHI. `data-ignore` skips scripts the team has reviewed, `data-paths`
adds scripts that are not recognised by name.

## Known problems

Only queries written on the command line or in the configuration are read: a query read
from a file (`--file query.soql`) or a shell variable, or assembled across lines of YAML,
is not judged. Commands run through other tools (`npm run`, aliases, CumulusCI tasks) are
not followed, and CumulusCI datasets and tasks (`extract_dataset`, `datasets/*.sql`) are
not read. In anonymous Apex, a query and a file or email in the same script are taken to
belong together.
"#,
};

impl Rule for ScriptPhiExport {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["query_expression", "string_literal"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        if cx.file.kind != SourceKind::ApexAnonymous {
            return;
        }
        let text = cx.text(node);
        let query = if node.kind_name() == "string_literal" {
            text.trim_matches('\'')
        } else {
            text
        };
        let Some(select) = soql::parse(query) else {
            return;
        };
        let Some(sink) = apex_sink(&cx.file.text) else {
            return;
        };
        let read = soql::phi_read(&select, cx.project, cx.phi);
        if read.fields.is_empty() {
            return;
        }
        let finding = cx
            .finding(
                node.byte_range(),
                format!(
                    "Anonymous Apex queries PHI ({}) and puts it into {sink}; {}",
                    shown(&read.fields),
                    read.because
                ),
            )
            .with_help(HELP);
        let finding = match read.declared {
            Some(declared) => finding.with_label(declared, "PHI declared here"),
            None => finding,
        };
        cx.push(finding);
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        match cx.file.kind {
            SourceKind::Script if cx.file.file_name().eq_ignore_ascii_case("package.json") => {
                let Some(doc) = json::parse(&cx.file.text) else {
                    return;
                };
                let Some(json::Json::Object(scripts)) = doc.get("scripts") else {
                    return;
                };
                for member in scripts {
                    if let json::Json::Scalar { text, span } = &member.value {
                        check_commands(cx, text, span.start);
                    }
                }
            }
            SourceKind::Script => {
                let text = cx.file.text.clone();
                check_commands(cx, &text, 0);
            }
            SourceKind::DataLoaderConfig => check_process_conf(cx),
            _ => {}
        }
    }
}

const HELP: &str = "export only the fields the task needs and leave PHI out, or move the \
                    extract to an encrypted, access-controlled channel";

/// "`Patient__c.SSN__c`, `Patient__c.Name` and 2 more".
fn shown(fields: &[String]) -> String {
    let listed: Vec<String> = fields.iter().take(3).map(|f| format!("`{f}`")).collect();
    match fields.len() {
        0..=3 => listed.join(", "),
        n => format!("{} and {} more", listed.join(", "), n - 3),
    }
}

/// The file or email an anonymous Apex script builds, if any.
fn apex_sink(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    [
        ("contentversion", "a file (`ContentVersion`)"),
        ("new attachment", "an attachment"),
        ("new document", "a document"),
        ("emailfileattachment", "an email attachment"),
        ("singleemailmessage", "an email"),
    ]
    .iter()
    .find(|(needle, _)| lower.contains(needle))
    .map(|&(_, sink)| sink)
}

/// Reports the export commands in `text`, which starts at `base` in the file.
fn check_commands(cx: &mut Context<'_>, text: &str, base: usize) {
    for export in commands::exports(text) {
        let Some(select) = export.query.as_deref().and_then(soql::parse) else {
            continue;
        };
        let read = soql::phi_read(&select, cx.project, cx.phi);
        if read.fields.is_empty() {
            continue;
        }
        let end = cx.file.text.len();
        let span: Range<usize> =
            (base + export.span.start).min(end)..(base + export.span.end).min(end);
        let finding = cx
            .finding(
                span,
                format!(
                    "`{}` exports PHI ({}) to {} in the clear; {}",
                    export.command,
                    shown(&read.fields),
                    export.destination,
                    read.because
                ),
            )
            .with_help(HELP);
        let finding = match read.declared {
            Some(declared) => finding.with_label(declared, "PHI declared here"),
            None => finding,
        };
        cx.push(finding);
    }
}

fn check_process_conf(cx: &mut Context<'_>) {
    for process in dataloader::processes(&cx.file.text) {
        let operation = process
            .get("process.operation")
            .unwrap_or("")
            .to_ascii_lowercase();
        if !operation.starts_with("extract") {
            continue;
        }
        let writes_database = process
            .get("dataAccess.type")
            .is_some_and(|t| t.eq_ignore_ascii_case("databaseWrite"));
        let Some((query, span)) = process.entries.get("sfdc.extractionSOQL") else {
            continue;
        };
        let Some(select): Option<Select> = soql::parse(query) else {
            continue;
        };
        if writes_database {
            continue;
        }
        let read = soql::phi_read(&select, cx.project, cx.phi);
        if read.fields.is_empty() {
            continue;
        }
        let target = process
            .get("dataAccess.name")
            .map_or_else(|| "a CSV file".to_string(), |n| format!("`{n}`"));
        let finding = cx
            .finding(
                span.clone(),
                format!(
                    "Data Loader process `{}` extracts PHI ({}) to {target} in the clear; {}",
                    process.id,
                    shown(&read.fields),
                    read.because
                ),
            )
            .with_help(HELP);
        let finding = match read.declared {
            Some(declared) => finding.with_label(declared, "PHI declared here"),
            None => finding,
        };
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    fn with_patient<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut files: Vec<(&str, &str)> = PATIENT_FIELDS.to_vec();
        files.extend_from_slice(extra);
        files
    }

    #[test]
    fn fires() {
        let files = with_patient(&[
            (
                "scripts/export.sh",
                "#!/bin/sh\nsf data query --query \"SELECT Name, SSN__c FROM Patient__c\" --result-format csv > p.csv\n",
            ),
            (
                "package.json",
                "{\"scripts\": {\n\"export\": \"sf data export tree -q \\\"SELECT SSN__c FROM Patient__c\\\" -d data\"\n}}",
            ),
            (
                "dataloader/process-conf.xml",
                "<beans>\n<bean id=\"p\">\n<entry key=\"process.operation\" value=\"extract\"/>\n<entry key=\"sfdc.extractionSOQL\" value=\"SELECT SSN__c FROM Patient__c\"/>\n</bean>\n</beans>",
            ),
            (
                "scripts/apex/mail.apex",
                "List<Patient__c> ps = [SELECT SSN__c FROM Patient__c];\nMessaging.SingleEmailMessage m = new Messaging.SingleEmailMessage();\n",
            ),
        ]);
        // Sorted by path: the Data Loader file, package.json, the Apex, the shell script.
        assert_eq!(check("script-phi-export", &files), [4, 2, 1, 2]);
    }

    #[test]
    fn stays_quiet() {
        let files = with_patient(&[
            // Not PHI, not to a file, not an extract, no file or email.
            (
                "scripts/export.sh",
                "sf data query --query \"SELECT Id, Status__c FROM Patient__c\" -r csv > s.csv\nsf data query -q \"SELECT SSN__c FROM Patient__c\"\n# sf data query -q \"SELECT SSN__c FROM Patient__c\" -r csv\n",
            ),
            (
                "dataloader/process-conf.xml",
                "<beans><bean id=\"p\"><entry key=\"process.operation\" value=\"insert\"/><entry key=\"sfdc.extractionSOQL\" value=\"SELECT SSN__c FROM Patient__c\"/></bean></beans>",
            ),
            (
                "scripts/apex/count.apex",
                "Integer n = [SELECT COUNT() FROM Patient__c];\nList<Patient__c> ps = [SELECT SSN__c FROM Patient__c];\nSystem.assert(ps != null);\n",
            ),
        ]);
        assert!(check("script-phi-export", &files).is_empty());
    }
}
