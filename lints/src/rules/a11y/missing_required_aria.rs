//! `a11y-missing-required-aria`: a role without the states and properties it requires.

use tree_sitter::Node;

use super::focus::{self, Focus};
use super::name;
use crate::finding::Severity;
use crate::markup::{Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct MissingRequiredAria;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-missing-required-aria",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "A role without the states and properties it requires",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports an element whose static `role` requires states or properties, by the WAI-ARIA 1.2
characteristics tables (a subclass role inherits its superclass's requirements), that the
element does not set: `checkbox`, `radio`, `switch`, `menuitemcheckbox` and
`menuitemradio` need `aria-checked`; `combobox` needs
`aria-controls` and `aria-expanded`; `heading` needs `aria-level`; `slider`,
`scrollbar` and `meter` need `aria-valuenow` (and `scrollbar` also `aria-controls`); a
focusable `separator` needs `aria-valuenow`. A requirement the role itself meets with an
implicit value (`aria-selected` of `option` and `treeitem` is `false` unless set) is not
reported. A bound value counts as set. Native elements
that carry the state themselves (`<input type="checkbox" role="switch">`, `<h2
role="heading">`, `<input type="range" role="slider">`) are not reported.

## Why it matters

Without its required state a widget cannot say what it is doing: a custom consent
checkbox without `aria-checked` is never announced as checked or unchecked. WCAG 2.2
success criterion 4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <div role="checkbox" tabindex="0" onclick={toggle} onkeydown={toggle}>Text reminders</div>
</template>
```

## Use instead

```html
<template>
    <div role="checkbox" aria-checked={reminders} tabindex="0" onclick={toggle} onkeydown={toggle}>Text reminders</div>
</template>
```

## Configuration

None.

## Known problems

Components (`<c-toggle role="switch">`) are not reported: they often set their ARIA
state on themselves in JavaScript. Elements with `lwc:spread` are not reported either.
"#,
};

impl Rule for MissingRequiredAria {
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
        if el.is_component() || el.has_unknown_attributes() {
            return;
        }
        let Some(role) = name::explicit_role(&el, d) else {
            return;
        };
        let native = native_state(&el, d);
        let mut required: Vec<&str> = role.required.to_vec();
        if !role.required_if_focusable.is_empty() && focus::focus(&el, d) == Focus::Focusable {
            required.extend_from_slice(role.required_if_focusable);
        }
        let missing: Vec<&str> = required
            .into_iter()
            .filter(|prop| {
                el.attr(d, prop).is_none()
                    && !native.contains(prop)
                    && !role.implicit.contains(prop)
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let list = missing
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let message = format!(
            "`<{}>` has role `{}` but no {list}, which that role requires",
            el.tag, role.name
        );
        let finding = cx.finding(el.tag_span.clone(), message).with_help(format!(
            "set {list}, and keep it up to date as the state changes"
        ));
        cx.push(finding);
    }
}

/// The states a native element supplies itself, whatever its `role`.
fn native_state(el: &Element<'_>, d: crate::markup::Dialect) -> &'static [&'static str] {
    let tag = el.component(d);
    let input_type = el
        .value_of(d, "type")
        .unwrap_or("text")
        .to_ascii_lowercase();
    match tag.as_str() {
        "input" => match input_type.as_str() {
            "checkbox" | "radio" => &["aria-checked"],
            "range" | "number" => &["aria-valuenow"],
            _ if el.attr(d, "list").is_some() => &["aria-expanded", "aria-controls"],
            _ => &[],
        },
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["aria-level"],
        "meter" | "progress" => &["aria-valuenow"],
        "select" => &["aria-expanded", "aria-controls"],
        "hr" => &["aria-valuenow"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn required_states() {
        let html = r#"<template>
    <div role="checkbox" tabindex="0">Reminders</div>
    <div role="checkbox" aria-checked={on} tabindex="0">Reminders</div>
    <input type="checkbox" role="switch">
    <div role="heading">Allergies</div>
    <h2 role="heading">Allergies</h2>
    <input role="combobox" aria-expanded="false">
    <div role="separator"></div>
    <div role="separator" tabindex="0"></div>
    <c-toggle role="switch"></c-toggle>
    <div role="slider" lwc:spread={props}></div>
    <div role="option">Morning</div>
    <div role="menuitemradio">Sort by date</div>
</template>"#;
        let page = r#"<apex:page>
    <div role="radio">Morning</div>
</apex:page>"#;
        let lines = check(
            "a11y-missing-required-aria",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 5, 7, 9, 13, 2]);
    }
}
