//! `parse-error`: a file that could not be read or parsed in full.

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct ParseError;

pub static META: RuleMeta = RuleMeta {
    id: "parse-error",
    family: Family::Tool,
    default_severity: Severity::Warning,
    references: &[],
    summary: "A file could not be read or parsed in full",
    kinds: ALL_KINDS,
    docs: r#"
## What it does

Reports a file that phi-lint could not read (not UTF-8, unreadable, too large) or could not
parse in full (an Apex, markup or JavaScript syntax error, malformed XML). The finding
points at the first place where parsing went wrong. The run goes on: the other files are
checked as usual, and the parts of a code file that did parse are still checked.

## Why it matters

A file that is not checked can hide any of the problems the other rules look for, so a
clean report must say which files it could not read.

## Example

```apex
public class Broken {
    void f() { System.debug('missing semicolon') }
}
```

## Use instead

Fix the syntax error, or exclude generated and template files (for example CumulusCI
`%%%NAMESPACE%%%` templates) with `exclude` in `phi-lint.toml` or `.forceignore`.

## Configuration

`max_file_size` in `phi-lint.toml` sets the size above which a file is skipped with this
finding.

## Known problems

Metadata XML that is well-formed but not of the expected type is not reported.
"#,
};

const ALL_KINDS: &[SourceKind] = &[
    SourceKind::ApexClass,
    SourceKind::ApexTrigger,
    SourceKind::ApexAnonymous,
    SourceKind::LwcTemplate,
    SourceKind::LwcScript,
    SourceKind::AuraMarkup,
    SourceKind::AuraScript,
    SourceKind::VisualforcePage,
    SourceKind::VisualforceComponent,
    SourceKind::CustomObject,
    SourceKind::CustomField,
    SourceKind::PermissionSet,
    SourceKind::PermissionSetGroup,
    SourceKind::MutingPermissionSet,
    SourceKind::Profile,
    SourceKind::Settings,
    SourceKind::Flow,
    SourceKind::ConnectedApp,
    SourceKind::RemoteSiteSetting,
    SourceKind::NamedCredential,
    SourceKind::ExternalCredential,
    SourceKind::CspTrustedSite,
    SourceKind::ExternalDataSource,
    SourceKind::CustomSite,
    SourceKind::StaticResourceMeta,
    SourceKind::DataFile,
    SourceKind::StaticResource,
    SourceKind::Script,
    SourceKind::DataLoaderConfig,
];

impl Rule for ParseError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let Some(problem) = &cx.file.problem else {
            return;
        };
        let finding = cx
            .finding(
                problem.span.clone(),
                format!(
                    "`{}` ({}) could not be checked in full: {}",
                    cx.file.file_name(),
                    cx.file.kind.name(),
                    problem.message
                ),
            )
            .with_help(
                "fix the file, or exclude it in phi-lint.toml if it is generated or a template",
            );
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn reports_the_first_error_of_each_broken_file() {
        let files = [
            (
                "force-app/main/default/classes/Ok.cls",
                "public class Ok {}",
            ),
            (
                "force-app/main/default/classes/Bad.cls",
                "public class Bad {\n  void f() { x( }\n}",
            ),
            (
                "force-app/main/default/objects/A__c/A__c.object-meta.xml",
                "<CustomObject>\n<label>A</label>",
            ),
        ];
        assert_eq!(check("parse-error", &files), [2, 2]);
    }
}
