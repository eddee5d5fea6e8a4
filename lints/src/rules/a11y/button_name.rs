//! `a11y-button-name`: a button with no accessible name.

use tree_sitter::Node;

use super::components::{self, Purpose};
use super::name::{self, Name};
use crate::finding::Severity;
use crate::markup::MARKUP_KINDS;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct ButtonName;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-button-name",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "A button, icon button or button menu has no accessible name",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports a button that a screen reader cannot name: a `<button>` with no text (an icon
without alternative text is not text), an `<input type="button">` with no `value`, an
`<input type="image">` with no `alt`, an element with `role="button"` and no name, a
`lightning-button` with no `label`, a `lightning-button-icon`,
`lightning-button-icon-stateful` or icon-only `lightning-button-menu` with no
`alternative-text` (`alternativeText` in Aura), and an `apex:commandButton` with no
`value`. `aria-label`, `aria-labelledby` and `title` name any of them, and bound values
count.

## Why it matters

An unnamed button is announced as "button": a patient cannot tell "Cancel appointment"
from "Confirm appointment". WCAG 2.2 success criterion 4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <lightning-button-icon icon-name="utility:close" onclick={close}></lightning-button-icon>
    <button onclick={next}><lightning-icon icon-name="utility:chevronright"></lightning-icon></button>
</template>
```

## Use instead

```html
<template>
    <lightning-button-icon icon-name="utility:close" alternative-text="Close" onclick={close}></lightning-button-icon>
    <button onclick={next}><lightning-icon icon-name="utility:chevronright" alternative-text="Next page"></lightning-icon></button>
</template>
```

## Configuration

None.

## Known problems

A button whose content is a slot or a child component may be named at run time and is not
reported. `<input type="submit">` and `<input type="reset">` have a default name and
are not reported.
"#,
};

impl Rule for ButtonName {
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
        let own = name::from_aria_in(&el, cx).or(name::from_title(&el, d));
        let (named, missing, help) = if let Some(component) =
            components::find(&tag).filter(|c| c.purpose == Purpose::Button)
        {
            let attribute = components::naming_attribute(component, d);
            (
                own.or(name::from_attributes(&el, d, component.naming)),
                format!("`{attribute}`"),
                format!("set `{attribute}` to what the button does"),
            )
        } else if tag == "button" {
            (
                own.or(name::from_content(&el, text, d)),
                "text".to_string(),
                "give it text, or set `aria-label` to what it does".to_string(),
            )
        } else if tag == "input" {
            match el
                .value_of(d, "type")
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("button") => (
                    own.or(name::from_attributes(&el, d, &["value"])),
                    "`value`".to_string(),
                    "set `value` to what the button does".to_string(),
                ),
                Some("image") => (
                    own.or(name::from_attributes(&el, d, &["alt"])),
                    "`alt`".to_string(),
                    "set `alt` to what the button does".to_string(),
                ),
                _ => return,
            }
        } else if name::explicit_role(&el, d).is_some_and(|r| r.name == "button") {
            if el.is_component() {
                return;
            }
            (
                own.or(name::from_content(&el, text, d)),
                "text".to_string(),
                "give it text, or set `aria-label` to what it does".to_string(),
            )
        } else {
            return;
        };
        if named == Name::Missing {
            let message = format!(
                "`<{}>` has no {missing}, so screen readers cannot name the button",
                el.tag
            );
            name::report_unnamed(cx, &el, message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn unknown_content_is_not_reported() {
        let html = r#"<template>
    <button lwc:dom="manual"></button>
    <button><lwc:component lwc:is={ctor}></lwc:component></button>
    <button lwc:inner-html={markup}></button>
    <button><span aria-hidden="true">×</span></button>
    <button><template lwc:if={a}>Save</template><template lwc:else></template></button>
    <button>&times;</button>
    <button>&nbsp;</button>
</template>"#;
        let lines = check(
            "a11y-button-name",
            &[("force-app/main/default/lwc/c/c.html", html)],
        );
        assert_eq!(lines, [5, 8]);
    }

    #[test]
    fn buttons_in_three_dialects() {
        let html = r#"<template>
    <button onclick={save}>Save</button>
    <button onclick={close}><lightning-icon icon-name="utility:close"></lightning-icon></button>
    <button onclick={close}><lightning-icon icon-name="utility:close" alternative-text="Close"></lightning-icon></button>
    <lightning-button-icon icon-name="utility:close"></lightning-button-icon>
    <lightning-button-icon icon-name="utility:close" alternative-text={closeLabel}></lightning-button-icon>
    <lightning-button-menu icon-name="utility:down"></lightning-button-menu>
    <lightning-button label="Book"></lightning-button>
    <div role="button" tabindex="0" onclick={go} onkeydown={go}></div>
    <button><slot></slot></button>
    <button><c-label></c-label></button>
    <input type="submit">
    <input type="image" src={icon}>
</template>"#;
        let cmp = r#"<aura:component>
    <lightning:buttonIcon iconName="utility:close" onclick="{!c.close}"/>
    <lightning:buttonIcon iconName="utility:close" alternativeText="{!v.closeLabel}"/>
</aura:component>"#;
        let page = r#"<apex:page>
    <apex:commandButton action="{!save}"/>
    <apex:commandButton action="{!save}" value="Save"/>
</apex:page>"#;
        let lines = check(
            "a11y-button-name",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 3, 5, 7, 9, 13, 2]);
    }
}
