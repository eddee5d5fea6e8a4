//! `a11y-invalid-aria-role`: a `role` that is not a concrete WAI-ARIA role.

use tree_sitter::Node;

use super::name;
use crate::aria;
use crate::finding::Severity;
use crate::markup::{Element, MARKUP_KINDS};
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct InvalidAriaRole;

pub static META: RuleMeta = RuleMeta {
    id: "a11y-invalid-aria-role",
    family: Family::Accessibility,
    default_severity: Severity::Warning,
    references: &["WCAG 4.1.2"],
    summary: "A role value that is not a concrete WAI-ARIA role",
    kinds: MARKUP_KINDS,
    docs: r#"
## What it does

Reports a static `role` value (each token of it, since `role` may list fallbacks) that is
not a WAI-ARIA role, such as `role="buton"`, or that is an abstract role, such as
`role="widget"` or `role="landmark"`, which only structures the specification. The
`doc-*` roles of DPUB-ARIA, the `graphics-*` roles of the Graphics module and the roles
the WAI-ARIA 1.3 draft adds are accepted. Visualforce's `html-role` is read as `role`.

## Why it matters

A browser ignores a role it does not know and falls back to the element's own role, so a
custom checkbox or tab is announced as a plain group of text. WCAG 2.2 success criterion
4.1.2 (Name, Role, Value).

## Example

```html
<template>
    <div role="buton" tabindex="0" onclick={book} onkeydown={book}>Book</div>
</template>
```

## Use instead

```html
<template>
    <div role="button" tabindex="0" onclick={book} onkeydown={book}>Book</div>
</template>
```

## Configuration

None.

## Known problems

A bound role (`role={computedRole}`) cannot be checked. The `role` attribute of an Aura
or Visualforce component (`<c:careTeamMember role="Physician"/>`) belongs to the
component and is not read as ARIA.
"#,
};

impl Rule for InvalidAriaRole {
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
        let Some(value) = name::role_value(&el, d) else {
            return;
        };
        for token in value.split_ascii_whitespace() {
            let (message, help) = match aria::role(token) {
                Some(role) if !role.is_abstract => continue,
                Some(role) => (
                    format!(
                        "`role=\"{token}\"` on `<{}>` is an abstract WAI-ARIA role, which authors must not use",
                        el.tag
                    ),
                    format!(
                        "use a concrete role that descends from `{}`",
                        role.name
                    ),
                ),
                None => (
                    format!(
                        "`role=\"{token}\"` on `<{}>` is not a WAI-ARIA role, so browsers ignore it",
                        el.tag
                    ),
                    match aria::closest_role(token) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "use a role that WAI-ARIA 1.2 defines, or remove it".to_string(),
                    },
                ),
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
    fn unknown_and_abstract_roles() {
        let html = r#"<template>
    <div role="buton"></div>
    <div role="button"></div>
    <div role="widget"></div>
    <div role="switch checkbox"></div>
    <div role={role}></div>
    <section role="doc-abstract"></section>
    <div role="Button"></div>
</template>"#;
        let cmp = r#"<aura:component>
    <c:careTeamMember role="Physician"/>
    <div role="Physician"></div>
</aura:component>"#;
        let page = r#"<apex:page>
    <apex:outputPanel html-role="navigaton"/>
</apex:page>"#;
        let lines = check(
            "a11y-invalid-aria-role",
            &[
                ("force-app/main/default/lwc/c/c.html", html),
                ("force-app/main/default/aura/A/A.cmp", cmp),
                ("force-app/main/default/pages/P.page", page),
            ],
        );
        assert_eq!(lines, [3, 2, 4, 2]);
    }
}
