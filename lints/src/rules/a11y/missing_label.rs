//! `a11y-missing-label`: a form control with no accessible name.

use tree_sitter::Node;

use super::components::{self, Purpose};
use super::name::{self, Name};
use crate::finding::Severity;
use crate::markup::MARKUP_KINDS;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct MissingLabel;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-missing-label",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 1.3.1", "WCAG 3.3.2", "WCAG 4.1.2"],
    summary: "A form control has no accessible name",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports a form control that a screen reader cannot name, in LWC templates, Aura
components and Visualforce pages:

- a native `<input>`, `<select>` or `<textarea>` with no `<label for>` pointing at its
  id, no wrapping `<label>`, no `aria-label`, `aria-labelledby` or `title`;
- a Lightning input component (`lightning-input`, `lightning-textarea`,
  `lightning-combobox`, `lightning-radio-group`, `lightning-checkbox-group`,
  `lightning-slider`, `lightning-dual-listbox`, `lightning-file-upload`,
  `lightning-input-rich-text`, `lightning-record-picker`, ...; `lightning:input` and so on
  in Aura) with no `label`;
- a Visualforce input (`apex:inputText`, `apex:inputTextarea`, `apex:inputSecret`,
  `apex:inputCheckbox`, `apex:selectList`, `apex:input`, ...) with no `label`, no
  `apex:outputLabel for` and not inside an `apex:pageBlockSectionItem` with an
  `apex:outputLabel`;
- an element whose `role` makes it an input (`textbox`, `combobox`, `checkbox`, ...) with
  no name.

A bound value (`label={fieldLabel}`, `label="{!v.label}"`) counts as a name, and
`variant="label-hidden"` hides a label from sight without removing it.
`apex:inputField` and `lightning-input-field` take the field's label from the platform.

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
    <lightning-input type="tel" label="Mobile phone" variant="label-hidden" value={phone}></lightning-input>
</template>
```

## Configuration

None.

## Known problems

A name given at run time (through `lwc:spread`, a parent component, or a label whose
content is a slot or a child component) cannot be seen, so such controls are not
reported. In an LWC template, `aria-labelledby` only names a control when it points at
an id of the same template (LWC scopes ids to their template); in Aura and Visualforce
any id of the page may be meant, so any value counts. `placeholder` is not taken for a name: it disappears as soon as the patient
types. Deprecated Aura `ui:input*` components are not checked.
"#,
};

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
        let Some((el, d)) = name::checked_element(node, cx) else {
            return;
        };
        let tag = el.component(d);
        let (named, message, help) = if let Some(component) =
            components::find(&tag).filter(|c| c.purpose == Purpose::Control)
        {
            if component.named_by_platform {
                return;
            }
            let attribute = components::naming_attribute(component, d);
            let mut named =
                name::from_attributes(&el, d, component.naming).or(name::from_aria_in(&el, cx));
            if tag.starts_with("apex:") {
                named = named.or(name::from_label(&el, cx));
                (
                    named,
                    format!(
                        "`<{}>` has no `{attribute}` and no `apex:outputLabel`, so screen readers cannot name it",
                        el.tag
                    ),
                    format!("set `{attribute}`, or add an `<apex:outputLabel for=\"id\">` with text"),
                )
            } else {
                (
                    named,
                    format!(
                        "`<{}>` has no `{attribute}`, so screen readers cannot name it",
                        el.tag
                    ),
                    format!(
                        "set `{attribute}`; add `variant=\"label-hidden\"` if it must not show"
                    ),
                )
            }
        } else if matches!(tag.as_str(), "input" | "select" | "textarea") {
            let input_type = el
                .value_of(d, "type")
                .unwrap_or("text")
                .to_ascii_lowercase();
            if tag == "input" && UNLABELLED_INPUT_TYPES.contains(&input_type.as_str()) {
                return;
            }
            (
                name::from_aria_in(&el, cx)
                    .or(name::from_title(&el, d))
                    .or(name::from_label(&el, cx)),
                format!(
                    "`<{}>` has no accessible name, so screen readers cannot say what it asks for",
                    el.tag
                ),
                "add a `<label for=\"id\">` with text, wrap it in a `<label>`, or set `aria-label`"
                    .to_string(),
            )
        } else if let Some(role) = name::explicit_role(&el, d).filter(|r| {
            r.name_required
                && (r.superclasses.contains(&"input") || r.superclasses.contains(&"select"))
        }) {
            if el.is_component() {
                return;
            }
            let mut named = name::from_aria_in(&el, cx)
                .or(name::from_title(&el, d))
                .or(name::from_label(&el, cx));
            if role.name_from_contents {
                named = named.or(name::from_content(&el, text, d));
            }
            (
                named,
                format!(
                    "`<{}>` with role `{}` has no accessible name, so screen readers cannot say what it asks for",
                    el.tag, role.name
                ),
                "set `aria-label`, or point `aria-labelledby` at its visible label".to_string(),
            )
        } else {
            return;
        };
        if named == Name::Missing {
            name::report_unnamed(cx, &el, message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn lwc_names_from_labels_attributes_and_bindings() {
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
    <div role="checkbox" aria-checked="false"></div>
    <div role="checkbox" aria-checked="false">Consent to SMS</div>
    <label for="empty"></label><input id="empty">
</template>"#;
        let lines = check(
            "a11y-missing-label",
            &[("force-app/main/default/lwc/intake/intake.html", html)],
        );
        assert_eq!(lines, [2, 7, 8, 10, 12, 14]);
    }

    #[test]
    fn lwc_labelledby_must_point_into_the_template() {
        let lwc = r#"<template>
    <h3 id="heading">Allergies</h3><textarea aria-labelledby="heading"></textarea>
    <textarea aria-labelledby="parentHeading"></textarea>
    <textarea aria-labelledby={headingId}></textarea>
</template>"#;
        let light = r#"<template lwc:render-mode="light">
    <textarea aria-labelledby="pageHeading"></textarea>
</template>"#;
        let cmp = r#"<aura:component>
    <textarea aria-labelledby="pageHeading"></textarea>
</aura:component>"#;
        let lines = check(
            "a11y-missing-label",
            &[
                ("force-app/main/default/lwc/intake/intake.html", lwc),
                ("force-app/main/default/lwc/light/light.html", light),
                ("force-app/main/default/aura/A/A.cmp", cmp),
            ],
        );
        assert_eq!(lines, [3]);
    }

    #[test]
    fn labels_in_other_branches_do_not_count() {
        let html = r#"<template>
    <template lwc:if={a}><label for="x">Name</label></template>
    <template lwc:else><input id="x"></template>
    <template lwc:if={b}><label for="y">Name</label><input id="y"></template>
</template>"#;
        let lines = check(
            "a11y-missing-label",
            &[("force-app/main/default/lwc/intake/intake.html", html)],
        );
        assert_eq!(lines, [3]);
    }

    #[test]
    fn legacy_if_branches_and_multi_line_tags() {
        let html = r#"<template>
    <template if:true={editing}><label for="n">Name</label></template>
    <template if:false={editing}><input id="n"></template>
    <template if:true={editing}><input id="n"></template>
    <lightning-input
        type="email"
        value={email}>
    </lightning-input>
</template>"#;
        let lines = check(
            "a11y-missing-label",
            &[("force-app/main/default/lwc/intake/intake.html", html)],
        );
        assert_eq!(lines, [3, 5]);
    }

    #[test]
    fn aura_and_visualforce() {
        let cmp = r#"<aura:component>
    <lightning:input value="{!v.phone}"/>
    <lightning:input label="{!v.phoneLabel}" value="{!v.phone}"/>
    <lightning:dualListbox options="{!v.options}"/>
    <input type="text"/>
</aura:component>"#;
        let page = r#"<apex:page>
    <apex:form>
        <apex:inputText value="{!name}"/>
        <apex:inputText value="{!name}" label="Name"/>
        <apex:outputLabel for="dob" value="Date of birth"/>
        <apex:inputText id="dob" value="{!dob}"/>
        <apex:pageBlockSection>
            <apex:inputField value="{!Contact.Birthdate}"/>
            <apex:pageBlockSectionItem>
                <apex:outputLabel value="Phone"/>
                <apex:inputText value="{!phone}"/>
            </apex:pageBlockSectionItem>
        </apex:pageBlockSection>
        <apex:selectList value="{!clinic}" size="1"/>
        <apex:inputSecret value="{!pin}" html-aria-label="PIN"/>
        <apex:outputLabel value="Remember me"><apex:inputCheckbox value="{!remember}"/></apex:outputLabel>
    </apex:form>
</apex:page>"#;
        let lines = check(
            "a11y-missing-label",
            &[
                ("force-app/main/default/aura/Intake/Intake.cmp", cmp),
                ("force-app/main/default/pages/Intake.page", page),
            ],
        );
        assert_eq!(lines, [2, 4, 5, 3, 14]);
    }
}
