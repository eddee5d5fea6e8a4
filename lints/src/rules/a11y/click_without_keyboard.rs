//! `a11y-click-without-keyboard`: a click handler on a non-interactive element that a
//! keyboard cannot reach or use.

use tree_sitter::Node;

use super::focus;
use super::name;
use crate::finding::Severity;
use crate::markup::{self, Dialect, Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct ClickWithoutKeyboard;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-click-without-keyboard",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 2.1.1"],
    summary: "A click handler on a non-interactive element with no key handler, role and tabindex",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports an `onclick` handler (`onclick={handle}` in LWC, `onclick="{!c.handle}"` in
Aura, `onclick="..."` in Visualforce) on an element that is not interactive of itself
(a `<div>`, `<span>`, `<li>`, `<img>`, an `<a>` without `href`, an `apex:outputPanel`)
unless the element has all three of: a key handler (`onkeydown`, `onkeyup` or
`onkeypress`), an interactive `role` (`button`, `link`, `checkbox`, ...) and a
`tabindex`. The message names the parts that are missing.

## Why it matters

A patient who cannot use a mouse cannot reach a clickable `<div>` with the Tab key, and
could not press it if they did: choosing an appointment slot or opening a lab result
becomes impossible. WCAG 2.2 success criterion 2.1.1 (Keyboard).

## Example

```html
<template>
    <div class="slot" onclick={selectSlot}>9:30 AM</div>
</template>
```

## Use instead

```html
<template>
    <button class="slot" onclick={selectSlot}>9:30 AM</button>
    <div class="slot" role="button" tabindex="0" onclick={selectSlot} onkeydown={handleKey}>10:00 AM</div>
</template>
```

## Configuration

None.

## Known problems

A handler on a container that holds buttons, links or form controls (or more than a few
hundred nodes) is taken for event delegation and not reported, as are handlers on `aria-hidden="true"` or
`role="presentation"` elements (a modal's backdrop, say) and on components, which may
handle the keyboard inside.
"#,
};

const KEY_HANDLERS: &[&str] = &["onkeydown", "onkeyup", "onkeypress"];

/// How many nodes inside a clickable element are searched for controls.
const DELEGATION_BUDGET: usize = 128;

impl Rule for ClickWithoutKeyboard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["element"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let text = cx.file.text.as_str();
        let Some((el, d)) = name::checked_element(node, cx) else {
            return;
        };
        if el.attr(d, "onclick").is_none() {
            return;
        }
        let tag = el.component(d);
        let plain_vf = matches!(tag.as_str(), "apex:outputpanel" | "apex:image");
        if (el.is_component() && !plain_vf) || el.is_transparent() || is_interactive(&el, d) {
            return;
        }
        let role = name::role_value(&el, d).map(str::to_ascii_lowercase);
        if matches!(role.as_deref(), Some("presentation" | "none")) {
            return;
        }
        let mut missing = Vec::new();
        if !KEY_HANDLERS.iter().any(|h| el.attr(d, h).is_some()) {
            missing.push("key handler");
        }
        let widget = match el.attr(d, "role") {
            Some(a) if a.is_bound() => true,
            _ => name::explicit_role(&el, d).is_some_and(|r| r.is_widget()),
        };
        if !widget {
            missing.push("interactive role");
        }
        if focus::tabindex(&el, d).is_none() {
            missing.push("tabindex");
        }
        if missing.is_empty() {
            return;
        }
        // A container that holds controls is taken for event delegation; one too large to
        // look through is given the same benefit of the doubt.
        let holds_controls = markup::any_descendant(el.node, text, DELEGATION_BUDGET, |inner| {
            is_interactive(inner, d) || inner.has_unknown_content()
        });
        if holds_controls != Some(false) {
            return;
        }
        let list = match missing.as_slice() {
            [one] => one.to_string(),
            [a, b] => format!("{a} or {b}"),
            _ => format!("{}, {} or {}", missing[0], missing[1], missing[2]),
        };
        let message = format!(
            "`<{}>` handles clicks but has no {list}, so keyboard users cannot use it",
            el.tag
        );
        let finding = cx.finding(el.tag_span.clone(), message).with_help(
            "use a `<button>` (or `lightning-button`); otherwise add `role=\"button\"`, `tabindex=\"0\"` and a key handler for Enter and Space",
        );
        cx.push(finding);
    }
}

fn is_interactive(el: &Element<'_>, d: Dialect) -> bool {
    focus::is_interactive(el, d)
        || matches!(
            el.component(d).as_str(),
            "label" | "option" | "details" | "apex:commandbutton" | "apex:commandlink"
        )
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn click_handlers() {
        let html = r##"<template>
    <div onclick={open}>Open</div>
    <div role="button" tabindex="0" onclick={open} onkeydown={key}>Open</div>
    <div role="button" tabindex="0" onclick={open}>Open</div>
    <button onclick={open}>Open</button>
    <a onclick={open}>Open</a>
    <a href="#" onclick={open}>Open</a>
    <ul onclick={pick}><li><button>One</button></li></ul>
    <div class="backdrop" aria-hidden="true" onclick={close}></div>
    <c-tile onclick={open}></c-tile>
    <span role="listitem" tabindex="0" onclick={open} onkeyup={key}>x</span>
</template>"##;
        let cmp = r#"<aura:component>
    <div onclick="{!c.open}">Open</div>
    <div onclick="{!c.open}" onkeydown="{!c.key}" role="button" tabindex="0">Open</div>
</aura:component>"#;
        let page = r#"<apex:page>
    <apex:outputPanel onclick="openChart()">Chart</apex:outputPanel>
    <apex:commandLink onclick="openChart()" value="Chart"/>
</apex:page>"#;
        let lines = check(
            "a11y-click-without-keyboard",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 2, 4, 6, 11, 2]);
    }
}
