//! `apex-phi-to-file`: PHI written into Files, Attachments or Documents.

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::leak;
use crate::apex::phi_value;
use crate::apex::scope::{declared_type_name, parent_of, same, text};
use crate::finding::Severity;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiToFile;

pub static META: RuleMeta = RuleMeta {
    id: "apex-phi-to-file",
    family: Family::Apex,
    default_severity: Severity::Warning,
    references: &["164.312(a)(2)(iv)"],
    summary: "A PHI value is written into a file, attachment or document",
    kinds: super::APEX,
    docs: r#"
## What it does

Reports PHI written into the content of a file: `ContentVersion.VersionData`,
`Attachment.Body` or `Document.Body`, whether set in the constructor
(`new ContentVersion(VersionData = ...)`) or by assignment (`cv.VersionData = ...`). The
content holds PHI when it is built from a PHI field, a whole record or list of a PHI
object, or a local that was given one of these, also through concatenation, `+=` in a
loop, `Blob.valueOf` and `JSON.serialize`.

## Why it matters

A CSV or JSON export of patient data is a copy outside the fields that encryption,
field-level security and field history protect. Files are shared by link, downloaded
and synced to laptops. HIPAA 164.312(a)(2)(iv) expects ePHI at rest to be encrypted, and
a file's content is only encrypted when Shield encrypts files and attachments too.

## Example

```apex
String csv = 'Name,SSN\n';
for (Patient__c p : patients) {
    csv += p.Name + ',' + p.SSN__c + '\n';
}
insert new ContentVersion(Title = 'export.csv', PathOnClient = 'export.csv',
    VersionData = Blob.valueOf(csv));
```

## Use instead

Export only what the reader needs (the record ids, counts), or produce the report in
Salesforce, where sharing and field-level security still apply. If a file of PHI is
unavoidable, turn on Shield encryption for files and attachments and share the file with
no one beyond the record's owner.

## Configuration

None.

## Known problems

Content built in another class is not followed; within the class, PHI is followed
through methods' return values, parameters and fields. `Document` and `Attachment` bodies are
recognized on variables declared with those types.
"#,
};

/// The file objects and their content fields.
const CONTENT: &[(&str, &str)] = &[
    ("ContentVersion", "VersionData"),
    ("Attachment", "Body"),
    ("Document", "Body"),
];

impl Rule for PhiToFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["assignment_expression"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        let Some(target) = content_field(cx, node, left) else {
            return;
        };
        let Some(value) = phi_value(cx, right) else {
            return;
        };
        let message = format!(
            "{} is written into a file through `{target}`; {}",
            value.what, value.because
        );
        let finding = leak::finding(
            cx,
            right,
            &value,
            message,
            "leave PHI out of files; if a file of PHI is unavoidable, encrypt files with Shield and share it with no one beyond the record's owner",
        );
        cx.push(finding);
    }
}

/// `Object.Field` when `left` (of `assignment`) is the content field of a file object.
fn content_field(cx: &Context<'_>, assignment: Node<'_>, left: Node<'_>) -> Option<String> {
    let (object, field) = match left.kind_name() {
        // `new ContentVersion(VersionData = ...)`
        "identifier" => {
            let creation = parent_of(cx, parent_of(cx, assignment)?)?;
            if creation.kind_name() != "object_creation_expression" {
                return None;
            }
            let ty = text(cx, creation.field("type")?);
            (ty.rsplit('.').next()?.trim().to_string(), text(cx, left))
        }
        // `cv.VersionData = ...`
        "field_access" => {
            let receiver = left.field("object")?;
            let field = text(cx, left.field("field")?);
            let ty = match receiver.kind_name() {
                "identifier" => declared_type_name(cx, receiver, text(cx, receiver)),
                _ => None,
            };
            let object = match ty {
                Some(ty) => ty.rsplit('.').next()?.to_string(),
                // Undeclared: `VersionData` is distinctive enough, `Body` is not.
                None if same(field, "VersionData") => "ContentVersion".to_string(),
                None => return None,
            };
            (object, field)
        }
        _ => return None,
    };
    CONTENT
        .iter()
        .find(|(o, f)| same(o, &object) && same(f, field))
        .map(|(o, f)| format!("{o}.{f}"))
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    #[test]
    fn fires_on_file_content_built_from_phi() {
        let apex = r#"
public with sharing class Exporter {
    public void export(List<Patient__c> rows) {
        String csv = '';
        for (Patient__c p : rows) {
            csv += p.SSN__c + '\n';
        }
        insert new ContentVersion(Title = 'x.csv', VersionData = Blob.valueOf(csv));
        Attachment a = new Attachment(Name = 'x.json');
        a.Body = Blob.valueOf(JSON.serialize(rows));
        ContentVersion ok = new ContentVersion(VersionData = Blob.valueOf('' + rows.size()));
        ok.VersionData = Blob.valueOf(rows[0].Status__c);
        ok.Title = rows[0].SSN__c;
    }
}"#;
        let files = [
            PATIENT_FIELDS,
            &[("force-app/main/default/classes/Exporter.cls", apex)],
        ]
        .concat();
        assert_eq!(check("apex-phi-to-file", &files), [8, 10]);
    }
}
