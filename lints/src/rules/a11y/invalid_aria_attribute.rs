//! `a11y-invalid-aria-attribute`: an `aria-*` attribute that WAI-ARIA does not define.

use tree_sitter::Node;

use super::name;
use crate::aria;
use crate::finding::Severity;
use crate::markup::{Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct InvalidAriaAttribute;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-invalid-aria-attribute",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "An aria-* attribute that WAI-ARIA does not define",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports an attribute whose name starts with `aria-` but which WAI-ARIA 1.2 does not
define, such as `aria-lable` or `aria-role`, and suggests the nearest defined one.
Visualforce's pass-through form (`html-aria-label`) is read as the attribute it passes.
The attributes the WAI-ARIA 1.3 draft adds (`aria-description`, ...) are accepted.

It also reports a defined attribute that the element's explicit `role` prohibits:
WAI-ARIA 1.2 forbids naming `presentation` (and its synonym `none`), `generic`,
`paragraph`, `code`, `strong`, `emphasis` and the other text-level roles with
`aria-label` or `aria-labelledby`.

## Why it matters

Browsers ignore an attribute they do not know, so the label, state or relationship it was
meant to give never reaches a screen reader. WCAG 2.2 success criterion 4.1.2 (Name,
Role, Value).

## Example

```html
<template>
    <button aria-lable="Close" onclick={close}>×</button>
</template>
```

## Use instead

```html
<template>
    <button aria-label="Close" onclick={close}>×</button>
</template>
```

## Configuration

None.

## Known problems

Aura's camelCase properties of base components (`ariaLabel`) are not checked: a
component may define any property it likes.
"#,
};

impl Rule for InvalidAriaAttribute {
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
        let unknown: Vec<String> = name::aria_attributes(&el, d)
            .filter(|(n, _)| aria::attribute(n).is_none())
            .map(|(_, a)| a.name.to_string())
            .collect();
        let role = name::role_value(&el, d)
            .and_then(aria::effective_role)
            .map(|r| {
                // `none` is a synonym of `presentation`; the specification gives the
                // prohibitions on `presentation` only.
                if r.name == "none" {
                    aria::role("presentation").unwrap_or(r)
                } else {
                    r
                }
            });
        if let Some(role) = role {
            let prohibited: Vec<String> = name::aria_attributes(&el, d)
                .filter(|(n, _)| role.prohibited.contains(&n.as_str()))
                .map(|(_, a)| a.name.to_string())
                .collect();
            for written in prohibited {
                let message = format!(
                    "`{written}` on `<{}>` is prohibited for its role `{}`, so browsers may ignore it or the role",
                    el.tag, role.name
                );
                let finding = cx.finding(el.tag_span.clone(), message).with_help(
                    "remove it, or give the element a role that can be named (or name it with visible text)",
                );
                cx.push(finding);
            }
        }
        for written in unknown {
            let message = format!(
                "`{written}` on `<{}>` is not a WAI-ARIA attribute, so browsers ignore it",
                el.tag
            );
            let bare = written.to_ascii_lowercase();
            let bare = bare.strip_prefix("html-").unwrap_or(&bare);
            let help = match aria::closest_attribute(bare) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "remove it, or use an attribute that WAI-ARIA 1.2 defines".to_string(),
            };
            let finding = cx.finding(el.tag_span.clone(), message).with_help(help);
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn unknown_aria_attributes() {
        let html = r#"<template>
    <button aria-lable="Close">x</button>
    <button aria-label="Close">x</button>
    <div aria-role="alert"></div>
    <div aria-description="Draft attribute, accepted"></div>
    <div aria-grabbed="false"></div>
    <c-tile aria-labeledby={id}></c-tile>
    <div role="none" aria-label="Layout"></div>
    <p role="paragraph" aria-labelledby="x"></p>
    <div role="button" aria-label="Open"></div>
</template>"#;
        let page = r#"<apex:page>
    <apex:inputText html-aria-lable="Name" value="{!name}"/>
    <apex:inputText html-aria-label="Name" value="{!name}"/>
</apex:page>"#;
        let lines = check(
            "a11y-invalid-aria-attribute",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [2, 4, 7, 8, 9, 2]);
    }
}
