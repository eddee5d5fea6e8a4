//! `a11y-positive-tabindex`: a `tabindex` above 0.

use tree_sitter::Node;

use super::focus;
use super::name;
use crate::finding::Severity;
use crate::markup::{Dialect, Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PositiveTabindex;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-positive-tabindex",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 2.4.3"],
    summary: "A tabindex above 0",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports a static `tabindex` greater than 0 (`tabIndex` in Aura, `tabindex` or
`html-tabindex` in Visualforce), and Visualforce's `tabOrderHint`, which the platform
turns into a positive `tabindex`.

## Why it matters

A positive `tabindex` pulls an element ahead of everything else in the tab order, so
keyboard users jump around the page in an order that no longer follows what they see: on
a patient intake form, from the first field to the submit button. WCAG 2.2 success
criterion 2.4.3 (Focus Order).

## Example

```html
<template>
    <lightning-input label="Member ID" tabindex="1"></lightning-input>
</template>
```

## Use instead

```html
<template>
    <lightning-input label="Member ID"></lightning-input>
</template>
```

## Configuration

None.

## Known problems

A bound `tabindex={index}` is not judged.
"#,
};

impl Rule for PositiveTabindex {
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
        let (attribute, value) = match focus::tabindex(&el, d) {
            Some(Ok(n)) if n > 0 => (el.attr(d, "tabindex").map_or("tabindex", |a| a.name), n),
            _ => {
                let hint = (d == Dialect::Visualforce)
                    .then(|| el.attr(d, "tab-order-hint"))
                    .flatten()
                    .and_then(|a| Some((a.name, a.static_value()?.parse::<i64>().ok()?)))
                    .filter(|&(_, n)| n > 0);
                match hint {
                    Some(found) => found,
                    None => return,
                }
            }
        };
        let message = format!(
            "`<{}>` has `{attribute}=\"{value}\"`, which takes it out of the page's reading order for keyboard users",
            el.tag
        );
        let finding = cx.finding(el.tag_span.clone(), message).with_help(
            "remove it and order the markup as it should be read; use `tabindex=\"0\"` to make an element focusable",
        );
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn positive_values() {
        let html = r#"<template>
    <input tabindex="1" aria-label="x">
    <div tabindex="0"></div>
    <div tabindex="-1"></div>
    <div tabindex={index}></div>
    <div tabindex=" 3 "></div>
</template>"#;
        let page = r#"<apex:page>
    <apex:inputField value="{!c.Name}" tabOrderHint="1"/>
    <apex:inputText value="{!x}" tabindex="0"/>
    <apex:inputText value="{!x}" html-tabindex="2"/>
</apex:page>"#;
        let lines = check(
            "a11y-positive-tabindex",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 6, 2, 4]);
    }
}
