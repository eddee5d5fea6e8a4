//! `a11y-missing-label`: a form control with no accessible name.

use tree_sitter::Node;

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::markup::{self, Element};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct MissingLabel;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-missing-label",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 1.3.1", "WCAG 3.3.2", "WCAG 4.1.2"],
    summary: "A form control has no accessible name",
    kinds: &[SourceKind::LwcTemplate],
    docs: r#"
## What it does

Reports a form control that a screen reader cannot name: a native `<input>`, `<select>`
or `<textarea>` with no `<label for>`, wrapping `<label>`, `aria-label`,
`aria-labelledby` or `title`; or a Lightning input component (`lightning-input`,
`lightning-textarea`, `lightning-combobox`, `lightning-select`, `lightning-radio-group`,
`lightning-checkbox-group`, `lightning-slider`, `lightning-dual-listbox`,
`lightning-file-upload`) with no `label`. A bound value such as `label={fieldLabel}`
counts as a name, and `variant="label-hidden"` hides a label without removing it.

## Why it matters

A patient using a screen reader hears "edit text" instead of "Date of birth" and cannot
complete an intake form or book an appointment. WCAG 2.2 success criteria 1.3.1 (Info and
Relationships), 3.3.2 (Labels or Instructions) and 4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <input type="date" name="dob">
    <lightning-input type="tel" value={phone}></lightning-input>
</template>
```

## Use instead

```html
<template>
    <label for="dob">Date of birth</label>
    <input id="dob" type="date" name="dob">
    <lightning-input type="tel" label="Mobile phone" value={phone}></lightning-input>
</template>
```

## Configuration

None.

## Known problems

A name given at run time through `lwc:spread` or from a parent component cannot be
seen, so such controls are not reported.
"#,
};

/// Lightning base components named by their `label` attribute.
const LABELLED_COMPONENTS: &[&str] = &[
    "lightning-input",
    "lightning-textarea",
    "lightning-combobox",
    "lightning-select",
    "lightning-radio-group",
    "lightning-checkbox-group",
    "lightning-slider",
    "lightning-dual-listbox",
    "lightning-file-upload",
];

/// `<input type>` values that are named some other way (or never shown).
const UNLABELLED_INPUT_TYPES: &[&str] = &["hidden", "submit", "reset", "button", "image"];

impl Rule for MissingLabel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["element"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let text = cx.file.text.as_str();
        let Some(el) = Element::read(node, text) else {
            return;
        };
        if el.attribute("lwc:spread").is_some() {
            return;
        }
        let tag = el.tag.to_ascii_lowercase();
        let (message, help) = if LABELLED_COMPONENTS.contains(&tag.as_str()) {
            if el.attribute("label").is_some_and(|a| a.has_value()) || has_aria_name(&el) {
                return;
            }
            (
                format!(
                    "`<{}>` has no `label`, so screen readers cannot name it",
                    el.tag
                ),
                "set `label`; add `variant=\"label-hidden\"` if it must not show".to_string(),
            )
        } else if matches!(tag.as_str(), "input" | "select" | "textarea") {
            let input_type = el
                .static_value("type")
                .unwrap_or("text")
                .to_ascii_lowercase();
            if tag == "input" && UNLABELLED_INPUT_TYPES.contains(&input_type.as_str()) {
                return;
            }
            if has_aria_name(&el) || is_labelled_natively(&el, cx) {
                return;
            }
            (
                format!(
                    "`<{}>` has no accessible name, so screen readers cannot say what it asks for",
                    el.tag
                ),
                "add a `<label for=\"id\">` with text, wrap it in a `<label>`, or set `aria-label`"
                    .to_string(),
            )
        } else {
            return;
        };
        let finding = cx.finding(el.tag_span.clone(), message).with_help(help);
        cx.push(finding);
    }
}

fn has_aria_name(el: &Element<'_>) -> bool {
    ["aria-label", "aria-labelledby", "title"]
        .iter()
        .any(|name| el.attribute(name).is_some_and(|a| a.has_value()))
}

/// A wrapping `<label>`, or a `<label for>` in the same template that points at the
/// element's id. A bound id or `for` may match at run time, so it counts.
fn is_labelled_natively(el: &Element<'_>, cx: &Context<'_>) -> bool {
    let text = cx.file.text.as_str();
    if markup::ancestors(el.node, text).any(|a| a.is("label")) {
        return true;
    }
    let Some(id) = el.attribute("id").filter(|a| a.has_value()) else {
        return false;
    };
    let Some(tree) = cx.file.tree() else {
        return false;
    };
    markup::descendants(tree.root_node(), text)
        .iter()
        .filter(|candidate| candidate.is("label"))
        .filter_map(|label| label.attribute("for"))
        .any(|target| target.is_bound() || id.is_bound() || target.value == id.value)
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn names_from_labels_attributes_and_bindings() {
        let html = r#"<template>
    <input type="text" name="first">
    <label for="dob">Date of birth</label><input id="dob" type="date">
    <label>Phone <input type="tel"></label>
    <input type="hidden" name="token">
    <select aria-label="Clinic"></select>
    <textarea></textarea>
    <lightning-input type="tel" value={phone}></lightning-input>
    <lightning-input label={fieldLabel} variant="label-hidden"></lightning-input>
    <lightning-combobox label="" options={options}></lightning-combobox>
    <lightning-input lwc:spread={attrs}></lightning-input>
</template>"#;
        let lines = check(
            "a11y-missing-label",
            &[("force-app/main/default/lwc/intake/intake.html", html)],
        );
        assert_eq!(lines, [2, 7, 8, 10]);
    }
}
