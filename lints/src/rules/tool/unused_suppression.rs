//! `unused-suppression`: a suppression comment that suppresses nothing.
//!
//! The findings are made where suppressions are applied (crate::suppress), after every
//! rule has run on a file; this file holds the rule's identity and documentation.

use crate::finding::Severity;
use crate::registry::{Family, Rule, RuleMeta};

pub struct UnusedSuppression;

pub static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    family: Family::Tool,
    default_severity: Severity::Warning,
    references: &[],
    summary: "A suppression comment suppresses nothing",
    kinds: &[],
    docs: r#"
## What it does

Reports a `phi-lint-ignore` comment that names rules which ran on the file but found
nothing on the line it covers (the comment's own line, and the next line when the comment
stands alone), or, for `phi-lint-ignore-file`, anywhere in the file. Suppressions of rules
that did not run (`--select`, `--ignore`) are not judged.

## Why it matters

A stale suppression silently hides the next real finding on that line. Suppressions are
audit evidence ("we accepted this, and why"); ones that no longer apply make that evidence
wrong.

## Example

```apex
// phi-lint-ignore apex-phi-in-debug: synthetic data in this sandbox only
System.debug('Loaded ' + patient.Id);
```

## Use instead

```apex
System.debug('Loaded ' + patient.Id);
```

## Configuration

None. Turn the rule off with `ignore = ["unused-suppression"]` if you must.

## Known problems

A suppression on a line whose finding moved to another line after an edit is reported as
unused; move it with the finding.
"#,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
