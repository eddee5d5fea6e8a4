//! `a11y-invalid-aria-value`: a static value that is not valid for its ARIA attribute.

use tree_sitter::Node;

use super::name;
use crate::aria;
use crate::finding::Severity;
use crate::markup::{Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct InvalidAriaValue;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-invalid-aria-value",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "A static value that is not valid for that ARIA attribute",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Checks each static value of a WAI-ARIA state or property against its value type in
WAI-ARIA 1.2: `true`/`false` (`aria-modal`), `true`/`false`/`undefined`
(`aria-hidden`, `aria-expanded`), tristate (`aria-checked`, `aria-pressed`: also
`mixed`), an id reference (`aria-activedescendant`: one id, no spaces), an id list, an
integer (`aria-level`), a number (`aria-valuenow`), a token (`aria-live`: `assertive`,
`off`, `polite`) or a list of tokens (`aria-relevant`). A bare attribute such as
`<div aria-hidden>` has the empty value, which is not `true`, and is reported. Bound
values are not checked.

## Why it matters

An invalid value is treated as if the attribute were absent or set to its default:
`aria-hidden="yes"` hides nothing, and `aria-expanded="open"` tells a screen reader
nothing about a menu. WCAG 2.2 success criterion 4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <div aria-live="loud">{status}</div>
    <lightning-icon icon-name="utility:info" aria-hidden></lightning-icon>
</template>
```

## Use instead

```html
<template>
    <div aria-live="polite">{status}</div>
    <lightning-icon icon-name="utility:info" aria-hidden="true"></lightning-icon>
</template>
```

## Configuration

None.

## Known problems

Values are compared without regard to ASCII case, as browsers do. An id reference is not
checked against the ids of the template.
"#,
};

impl Rule for InvalidAriaValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["element"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let text = cx.file.text.as_str();
        let d = name::dialect(cx);
        let Some(el) = Element::read(node, text) else {
            return;
        };
        let invalid: Vec<(String, Option<&str>, &'static aria::AttributeDef)> =
            name::aria_attributes(&el, d)
                .filter(|(_, a)| !a.is_bound())
                .filter_map(|(n, a)| {
                    let def = aria::attribute(&n)?;
                    (!def.accepts(a.value)).then_some((a.name.to_string(), a.value, def))
                })
                .collect();
        for (written, value, def) in invalid {
            let message = match value {
                Some(v) => format!(
                    "`{written}=\"{v}\"` on `<{}>` is not a valid value, so browsers ignore it",
                    el.tag
                ),
                None => format!(
                    "`{written}` on `<{}>` has no value, so browsers ignore it",
                    el.tag
                ),
            };
            let help = format!("`{}` takes {}", def.name, def.expected());
            let finding = cx.finding(el.tag_span.clone(), message).with_help(help);
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn values_by_type() {
        let html = r#"<template>
    <div aria-live="loud"></div>
    <div aria-live="polite"></div>
    <span aria-hidden></span>
    <span aria-hidden="TRUE"></span>
    <div aria-checked="mixed" role="checkbox"></div>
    <div aria-expanded="open"></div>
    <h7 role="heading" aria-level="two"></h7>
    <div aria-level={level}></div>
    <div aria-activedescendant="a b"></div>
    <div aria-relevant="additions text"></div>
    <div aria-label=""></div>
</template>"#;
        let cmp = r#"<aura:component>
    <div aria-hidden="{!v.hidden}"></div>
    <div aria-busy="maybe"></div>
</aura:component>"#;
        let lines = check(
            "a11y-invalid-aria-value",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
            ],
        );
        assert_eq!(lines, [3, 2, 4, 7, 8, 10]);
    }
}
