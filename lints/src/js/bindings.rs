//! What an LWC template tells its component's JavaScript: which event handlers belong to
//! inputs whose value is bound to a component property (`value={homePhone}
//! onchange={handlePhoneChange}`). A handler reading `event.target.value` there reads
//! the same data the property holds.
//!
//! Templates are read before JavaScript, in the same phase as Apex classes (see
//! [`crate::analysis`]); the bindings go into [`crate::project::Project::lwc_bindings`].

use crate::file::SourceFile;
use crate::finding::Location;
use crate::kind::SourceKind;
use crate::markup::descendants;

/// One element of a template that binds both a value and an event handler.
#[derive(Debug, Clone)]
pub struct TemplateBinding {
    /// The handler's name, e.g. `handlePhoneChange`.
    pub handler: String,
    /// The property the element's `value` is bound to, e.g. `homePhone`.
    pub value: String,
    /// The `value={...}` attribute.
    pub location: Location,
}

/// The component an LWC file belongs to: the name of its `lwc/<component>/` folder.
pub fn component_of(file: &SourceFile) -> Option<&str> {
    let mut folders = file.folders().rev();
    let component = folders.next()?;
    let parent = folders.next()?;
    parent.eq_ignore_ascii_case("lwc").then_some(component)
}

/// The component's name and the bindings of an LWC template; `None` for other files.
pub fn template_bindings(file: &SourceFile) -> Option<(String, Vec<TemplateBinding>)> {
    if file.kind != SourceKind::LwcTemplate {
        return None;
    }
    let component = component_of(file)?.to_string();
    let tree = file.tree()?;
    let mut out = Vec::new();
    for element in descendants(tree.root_node(), &file.text) {
        let Some(value) = element.attribute("value").filter(|a| a.is_bound()) else {
            continue;
        };
        let Some(property) = value.value.and_then(bound_name) else {
            continue;
        };
        for handler in &element.attributes {
            let is_handler = handler.name.len() > 2
                && handler
                    .name
                    .get(..2)
                    .is_some_and(|p| p.eq_ignore_ascii_case("on"));
            if let (true, Some(name)) = (is_handler, handler.value.and_then(bound_name)) {
                out.push(TemplateBinding {
                    handler: name.to_string(),
                    value: property.to_string(),
                    location: file.location(value.span.clone()),
                });
            }
        }
    }
    Some((component, out))
}

/// `homePhone` of `{homePhone}` (or `{homePhone}/`, as tree-sitter-html reads `{x}/>`); a
/// dotted path (`{patient.phone}`) gives its first name.
fn bound_name(value: &str) -> Option<&str> {
    let inner = value
        .trim()
        .trim_end_matches('/')
        .strip_prefix('{')?
        .strip_suffix('}')?
        .trim();
    let first = inner.split('.').next()?;
    let valid = !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    valid.then_some(first)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn pairs_bound_values_with_the_handlers_of_the_same_element() {
        let html = r#"<template>
    <lightning-input label="Home phone" value={homePhone} onchange={handlePhoneChange}></lightning-input>
    <input value={ssn} oninput={handleSsn}/>
    <lightning-input label="Note" value="static" onchange={handleNote}></lightning-input>
    <lightning-button label="Save" onclick={save}></lightning-button>
</template>"#;
        let file = SourceFile::parse(
            Arc::from("force-app/main/default/lwc/intake/intake.html"),
            SourceKind::LwcTemplate,
            html.to_string(),
        );
        let (component, bindings) = template_bindings(&file).unwrap();
        assert_eq!(component, "intake");
        let pairs: Vec<(String, String)> =
            bindings.into_iter().map(|b| (b.handler, b.value)).collect();
        assert_eq!(
            pairs,
            [
                ("handlePhoneChange".to_string(), "homePhone".to_string()),
                ("handleSsn".to_string(), "ssn".to_string()),
            ]
        );
    }
}
