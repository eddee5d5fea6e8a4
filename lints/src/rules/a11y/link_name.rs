//! `a11y-link-name`: a link with no text and no accessible name.

use tree_sitter::Node;

use super::components::{self, Purpose};
use super::name::{self, Name};
use crate::finding::Severity;
use crate::markup::MARKUP_KINDS;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct LinkName;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-link-name",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 2.4.4", "WCAG 4.1.2"],
    summary: "A link has no text and no accessible name",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports an `<a href>` (or an element with `role="link"`) whose content gives no name: no
text, no image with `alt`, no icon with alternative text, and no `aria-label`,
`aria-labelledby` or `title`. In Visualforce, `apex:outputLink` and `apex:commandLink`
are checked the same way (`apex:commandLink` is also named by `value`). Bound text such
as `{patientName}` or `{!v.label}` counts.

## Why it matters

Screen reader users move through a page by its links; a link read as "link" or as its
URL does not say where it goes. WCAG 2.2 success criteria 2.4.4 (Link Purpose) and 4.1.2
(Name, Role, Value).

## Example

```html
<template>
    <a href={recordUrl}><lightning-icon icon-name="utility:edit"></lightning-icon></a>
</template>
```

## Use instead

```html
<template>
    <a href={recordUrl}><lightning-icon icon-name="utility:edit" alternative-text="Edit appointment"></lightning-icon></a>
</template>
```

## Configuration

None.

## Known problems

A link whose content is a slot or a child component may be named at run time and is not
reported. An `<a>` without `href` is not a link; `a11y-click-without-keyboard` reports one
that handles clicks.
"#,
};

impl Rule for LinkName {
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
        let named = if let Some(component) =
            components::find(&tag).filter(|c| c.purpose == Purpose::Link)
        {
            own.or(name::from_attributes(&el, d, component.naming))
                .or(name::from_content(&el, text, d))
        } else if (tag == "a" && el.attr(d, "href").is_some())
            || (!el.is_component() && name::explicit_role(&el, d).is_some_and(|r| r.name == "link"))
        {
            own.or(name::from_content(&el, text, d))
        } else {
            return;
        };
        if named == Name::Missing {
            let message = format!(
                "`<{}>` has no text or accessible name, so screen readers cannot say where it goes",
                el.tag
            );
            let help = "give the link text, or set `aria-label` to where it goes".to_string();
            name::report_unnamed(cx, &el, message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn links_in_three_dialects() {
        let html = r#"<template>
    <a href={url}>{patientName}</a>
    <a href={url}><lightning-icon icon-name="utility:edit"></lightning-icon></a>
    <a href={url}><img src={photo} alt="Dr. Ortiz"></a>
    <a href={url}><img src={photo} alt=""></a>
    <a href={url} aria-label="Edit"><lightning-icon icon-name="utility:edit"></lightning-icon></a>
    <a onclick={go}></a>
    <a href={url}><slot></slot></a>
    <span role="link" tabindex="0"></span>
</template>"#;
        let cmp = r#"<aura:component>
    <a href="{!v.url}">{!v.label}</a>
    <a href="{!v.url}"></a>
</aura:component>"#;
        let page = r#"<apex:page>
    <apex:outputLink value="{!url}"><apex:image url="{!icon}"/></apex:outputLink>
    <apex:outputLink value="{!url}">Results</apex:outputLink>
    <apex:commandLink action="{!next}" value="Next"/>
    <apex:commandLink action="{!next}"/>
</apex:page>"#;
        let lines = check(
            "a11y-link-name",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [3, 3, 5, 9, 2, 5]);
    }
}
