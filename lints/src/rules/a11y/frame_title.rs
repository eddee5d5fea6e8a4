//! `a11y-frame-title`: an inline frame with no title.

use tree_sitter::Node;

use super::name::{self, Name};
use crate::finding::Severity;
use crate::markup::MARKUP_KINDS;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct FrameTitle;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-frame-title",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "An iframe has no title",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports an `<iframe>`, `<frame>` or Visualforce `apex:iframe` with no `title`,
`aria-label` or `aria-labelledby`. A bound title counts.

## Why it matters

Screen readers list the frames of a page by their titles; an untitled frame (an embedded
telehealth video, a payment form) is announced as "frame" and a patient cannot tell what
it holds. WCAG 2.2 success criterion 4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <iframe src={visitUrl}></iframe>
</template>
```

## Use instead

```html
<template>
    <iframe src={visitUrl} title="Video visit with your care team"></iframe>
</template>
```

## Configuration

None.

## Known problems

A frame hidden with `aria-hidden="true"` is not reported, though its content can still
take focus.
"#,
};

impl Rule for FrameTitle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["element"]
    }

    fn check_node(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Some((el, d)) = name::checked_element(node, cx) else {
            return;
        };
        if !(el.is("iframe") || el.is("frame") || el.is("apex:iframe")) {
            return;
        }
        if name::from_aria_in(&el, cx).or(name::from_title(&el, d)) == Name::Missing {
            let message = format!(
                "`<{}>` has no `title`, so screen readers cannot say what the frame holds",
                el.tag
            );
            let help = "set `title` to what the frame shows".to_string();
            name::report_unnamed(cx, &el, message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn frames_in_three_dialects() {
        let html = r#"<template>
    <iframe src={url}></iframe>
    <iframe src={url} title={frameTitle}></iframe>
    <iframe src={url} title=""></iframe>
</template>"#;
        let page = r#"<apex:page>
    <apex:iframe src="{!url}"/>
    <apex:iframe src="{!url}" title="Lab results"/>
</apex:page>"#;
        let lines = check(
            "a11y-frame-title",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 4, 2]);
    }
}
