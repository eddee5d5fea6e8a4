//! `a11y-img-alt`: an image with no text alternative.

use tree_sitter::Node;

use super::components::{self, Purpose};
use super::name::{self, Name};
use crate::finding::Severity;
use crate::markup::MARKUP_KINDS;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct ImgAlt;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-img-alt",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 1.1.1"],
    summary: "An image or icon has no text alternative",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports an `<img>`, an `<area href>` or an `apex:image` with no `alt`; an element with
`role="img"` (an inline `<svg>`, say) with no `aria-label`, `aria-labelledby`, `title` or
`<title>` child; and a `lightning-avatar` or `lightning-spinner` with no
`alternative-text` (`alternativeText` in Aura). `alt=""` marks a decorative image and
passes, as do `role="presentation"`, `role="none"` and `aria-hidden="true"`.

## Why it matters

A screen reader reads out an image with no text alternative by its file name, or not at
all: a patient misses the chart, the insurance card or the care team photo it shows. WCAG
2.2 success criterion 1.1.1 (Non-text Content).

## Example

```html
<template>
    <img src={insuranceCardUrl}>
    <lightning-spinner lwc:if={loading}></lightning-spinner>
</template>
```

## Use instead

```html
<template>
    <img src={insuranceCardUrl} alt="Front of your insurance card">
    <img src={dividerUrl} alt="">
    <lightning-spinner lwc:if={loading} alternative-text="Loading your appointments"></lightning-spinner>
</template>
```

## Configuration

None.

## Known problems

`lightning-icon` without `alternative-text` is not reported: Salesforce documents that
omitting it marks the icon as decorative. An icon that is the only content of a button or
a link is reported by `a11y-button-name` or `a11y-link-name` instead.
"#,
};

impl Rule for ImgAlt {
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
        let role = name::role_value(&el, d).map(str::to_ascii_lowercase);
        if matches!(role.as_deref(), Some("presentation" | "none")) {
            return;
        }
        let tag = el.component(d);
        let own = name::from_aria_in(&el, cx).or(name::from_title(&el, d));
        let (named, message, help) = if let Some(component) =
            components::find(&tag).filter(|c| c.purpose == Purpose::Image)
        {
            let attribute = components::naming_attribute(component, d);
            let has_alt = if tag == "apex:image" {
                // `alt=""` is a decorative image, as in HTML.
                el.attr(d, "alt").is_some()
            } else {
                el.has(d, &attribute)
                    || name::from_attributes(&el, d, component.naming) == Name::Named
            };
            (
                own.or(if has_alt { Name::Named } else { Name::Missing }),
                format!(
                    "`<{}>` has no `{attribute}`, so screen readers cannot describe it",
                    el.tag
                ),
                if tag == "apex:image" {
                    format!("set `{attribute}` to what the image shows, or `{attribute}=\"\"` if it is decorative")
                } else {
                    format!("set `{attribute}` to a short description for screen readers")
                },
            )
        } else if tag == "img" || (tag == "area" && el.attr(d, "href").is_some()) {
            let has_alt = el.attr(d, "alt").is_some();
            (
                own.or(if has_alt { Name::Named } else { Name::Missing }),
                format!(
                    "`<{}>` has no `alt`, so screen readers cannot describe it",
                    el.tag
                ),
                "set `alt` to what the image shows, or `alt=\"\"` if it is decorative".to_string(),
            )
        } else if role
            .as_deref()
            .and_then(crate::aria::effective_role)
            .is_some_and(|r| r.name == "img")
            && !el.is_component()
        {
            let titled = el.children(text).iter().any(|c| c.is("title"));
            (
                own.or(if titled { Name::Named } else { Name::Missing }),
                format!(
                    "`<{}>` with role `img` has no accessible name, so screen readers cannot describe it",
                    el.tag
                ),
                "set `aria-label` to what the image shows".to_string(),
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
    fn images_in_three_dialects() {
        let html = r#"<template>
    <img src={card}>
    <img src={divider} alt="">
    <img src={photo} alt={photoAlt}>
    <img src={spacer} role="presentation">
    <svg role="img"><path d="M0"></path></svg>
    <svg role="img"><title>Heart rate</title></svg>
    <lightning-avatar src={photo}></lightning-avatar>
    <lightning-icon icon-name="utility:info"></lightning-icon>
    <lightning-spinner alternative-text="Loading"></lightning-spinner>
    <img src={x} aria-hidden="true">
</template>"#;
        let cmp = r#"<aura:component>
    <lightning:avatar src="{!v.photo}"/>
    <lightning:avatar src="{!v.photo}" alternativeText="{!v.name}"/>
    <img src="{!$Resource.logo}"/>
</aura:component>"#;
        let page = r#"<apex:page>
    <apex:image url="{!$Resource.logo}"/>
    <apex:image url="{!$Resource.rule}" alt=""/>
</apex:page>"#;
        let lines = check(
            "a11y-img-alt",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 4, 2, 6, 8, 2]);
    }
}
