//! Lightning base components and Visualforce components, and the attributes that give
//! them an accessible name.
//!
//! Names are in the form [`crate::markup::Element::component`] gives: LWC's kebab-case
//! (`lightning-button-icon`, which also stands for Aura's `lightning:buttonIcon`) and
//! Visualforce's lower-cased `apex:` tags. Attributes are kebab-case and are looked up
//! in each dialect's spelling (`alternativeText` in Aura).

/// What a component is, and so which rule asks for its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A form control: `a11y-missing-label`.
    Control,
    /// A button: `a11y-button-name`.
    Button,
    /// An image: `a11y-img-alt`.
    Image,
    /// A link: `a11y-link-name`.
    Link,
    /// A frame: `a11y-frame-title`.
    Frame,
}

/// A component and how it is named.
#[derive(Debug)]
pub struct Component {
    pub tag: &'static str,
    pub purpose: Purpose,
    /// Attributes that name it; any one with a value (static or bound) will do.
    pub naming: &'static [&'static str],
    /// The platform names it (from the field's label), so it never needs a name here.
    pub named_by_platform: bool,
    /// Whether its content (the text between its tags) names it.
    pub named_by_content: bool,
}

const fn c(tag: &'static str, purpose: Purpose, naming: &'static [&'static str]) -> Component {
    Component {
        tag,
        purpose,
        naming,
        named_by_platform: false,
        named_by_content: false,
    }
}

const fn platform(tag: &'static str) -> Component {
    Component {
        tag,
        purpose: Purpose::Control,
        naming: &[],
        named_by_platform: true,
        named_by_content: false,
    }
}

const fn content(
    tag: &'static str,
    purpose: Purpose,
    naming: &'static [&'static str],
) -> Component {
    Component {
        tag,
        purpose,
        naming,
        named_by_platform: false,
        named_by_content: true,
    }
}

use Purpose::*;

/// The components whose names the rules check.
pub static COMPONENTS: &[Component] = &[
    // Lightning base components (LWC `lightning-x-y`, Aura `lightning:xY`).
    c("lightning-input", Control, &["label"]),
    c("lightning-textarea", Control, &["label"]),
    c("lightning-combobox", Control, &["label"]),
    c("lightning-select", Control, &["label"]),
    c("lightning-radio-group", Control, &["label"]),
    c("lightning-checkbox-group", Control, &["label"]),
    c("lightning-slider", Control, &["label"]),
    c("lightning-dual-listbox", Control, &["label"]),
    c("lightning-file-upload", Control, &["label"]),
    c("lightning-input-rich-text", Control, &["label"]),
    c("lightning-input-name", Control, &["label"]),
    c("lightning-input-location", Control, &["label"]),
    c("lightning-input-address", Control, &["address-label"]),
    c("lightning-record-picker", Control, &["label"]),
    platform("lightning-input-field"),
    c("lightning-button", Button, &["label", "title"]),
    c(
        "lightning-button-icon",
        Button,
        &["alternative-text", "title"],
    ),
    c(
        "lightning-button-icon-stateful",
        Button,
        &["alternative-text", "title"],
    ),
    c(
        "lightning-button-menu",
        Button,
        &["label", "alternative-text", "title"],
    ),
    c(
        "lightning-button-stateful",
        Button,
        &["label-when-off", "label-when-on"],
    ),
    c("lightning-avatar", Image, &["alternative-text"]),
    c("lightning-spinner", Image, &["alternative-text"]),
    // Visualforce.
    c("apex:inputtext", Control, &["label", "title"]),
    c("apex:inputtextarea", Control, &["label", "title"]),
    c("apex:inputsecret", Control, &["label", "title"]),
    c("apex:inputcheckbox", Control, &["label", "title"]),
    c("apex:input", Control, &["label", "title"]),
    c("apex:selectlist", Control, &["label", "title"]),
    c(
        "apex:selectradio",
        Control,
        &["label", "legendtext", "title"],
    ),
    c(
        "apex:selectcheckboxes",
        Control,
        &["label", "legendtext", "title"],
    ),
    platform("apex:inputfield"),
    c("apex:commandbutton", Button, &["value", "alt", "title"]),
    content("apex:commandlink", Link, &["value", "title"]),
    content("apex:outputlink", Link, &["title"]),
    c("apex:image", Image, &["alt", "title"]),
    c("apex:iframe", Frame, &["title"]),
];

/// How Aura writes a Lightning component of the table: `lightning:buttonIcon` for
/// `lightning-button-icon`. Visualforce tags are returned as they are.
pub fn aura_tag(tag: &str) -> String {
    match tag.split_once('-') {
        Some((ns, rest)) if !tag.contains(':') => {
            format!("{ns}:{}", crate::markup::Dialect::Aura.spell(rest))
        }
        _ => tag.to_string(),
    }
}

/// The entry for a component tag in table form, if the rules know it.
pub fn find(tag: &str) -> Option<&'static Component> {
    COMPONENTS.iter().find(|c| c.tag == tag)
}

/// The name of the component's first naming attribute, spelt for the file's dialect,
/// for messages.
pub fn naming_attribute(component: &Component, dialect: crate::markup::Dialect) -> String {
    match component.naming.first() {
        Some(first) if component.tag.starts_with("apex:") => match *first {
            "legendtext" => "legendText".to_string(),
            other => other.to_string(),
        },
        Some(first) => dialect.spell(first),
        None => "label".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Dialect;

    #[test]
    fn aura_spells_the_table_in_camel_case() {
        assert_eq!(aura_tag("lightning-button-icon"), "lightning:buttonIcon");
        assert_eq!(aura_tag("lightning-dual-listbox"), "lightning:dualListbox");
        assert_eq!(Dialect::Aura.spell("alternative-text"), "alternativeText");
        assert_eq!(Dialect::Aura.spell("label-when-off"), "labelWhenOff");
        assert_eq!(Dialect::Lwc.spell("alternative-text"), "alternative-text");
        for component in COMPONENTS
            .iter()
            .filter(|c| c.tag.starts_with("lightning-"))
        {
            assert!(
                aura_tag(component.tag).starts_with("lightning:"),
                "{}",
                component.tag
            );
        }
    }
}
