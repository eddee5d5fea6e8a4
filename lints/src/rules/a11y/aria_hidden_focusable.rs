//! `a11y-aria-hidden-focusable`: `aria-hidden="true"` on an element that takes focus.

use tree_sitter::Node;

use super::focus::{self, Focus};
use super::name;
use crate::finding::Severity;
use crate::markup::{Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct AriaHiddenFocusable;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-aria-hidden-focusable",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "aria-hidden=\"true\" on an element that can take focus",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports `aria-hidden="true"` on an element that can take keyboard focus: a natively
focusable element that is not disabled (`<a href>`, `<button>`, `<input>`, `<select>`,
`<textarea>`, `<iframe>`, `<summary>`, media with `controls`, `contenteditable`), a
Lightning or Visualforce control (`lightning-button`, `lightning-input`,
`apex:commandLink`, ...), or any element with a `tabindex` of 0 or more.

## Why it matters

Keyboard focus lands on the element, but screen readers have been told it does not exist:
a patient tabs onto something silent and cannot tell what it does. WCAG 2.2 success
criterion 4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <button aria-hidden="true" onclick={dismiss}>×</button>
</template>
```

## Use instead

```html
<template>
    <button aria-label="Dismiss" onclick={dismiss}>
        <span aria-hidden="true">×</span>
    </button>
</template>
```

## Configuration

None.

## Known problems

Only the element itself is checked, not focusable elements inside a hidden container:
those are often hidden from sight as well by a style the linter cannot see. A bound
`tabindex` or `disabled` is not judged.
"#,
};

impl Rule for AriaHiddenFocusable {
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
        if !el.is_aria_hidden(d) || el.has_unknown_attributes() {
            return;
        }
        if focus::focus(&el, d) != Focus::Focusable {
            return;
        }
        let message = format!(
            "`<{}>` has `aria-hidden=\"true\"` but can take focus, so keyboard users reach something screen readers do not announce",
            el.tag
        );
        let finding = cx.finding(el.tag_span.clone(), message).with_help(
            "remove `aria-hidden`, or take the element out of the tab order (`tabindex=\"-1\"`, `disabled`)",
        );
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn hidden_and_focusable() {
        let html = r#"<template>
    <button aria-hidden="true">x</button>
    <button aria-hidden="true" disabled>x</button>
    <span aria-hidden="true">x</span>
    <span aria-hidden="true" tabindex="0">x</span>
    <a aria-hidden="true" href={url} tabindex="-1">x</a>
    <a aria-hidden="true">x</a>
    <lightning-button aria-hidden="true" label="Go"></lightning-button>
    <div aria-hidden="true" tabindex={index}></div>
    <input aria-hidden="true" type="hidden">
</template>"#;
        let cmp = r#"<aura:component>
    <div aria-hidden="true" tabIndex="0"></div>
</aura:component>"#;
        let lines = check(
            "a11y-aria-hidden-focusable",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
            ],
        );
        assert_eq!(lines, [2, 2, 5, 8]);
    }
}
