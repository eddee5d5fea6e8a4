//! Every rule, one file each, grouped by family. Adding a rule: write its file, add it to
//! its family's module and to [`ALL`], and add its fixture project under
//! `testdata/rules/<id>/`.

pub mod a11y;
pub mod apex;
pub mod field;
pub mod tool;

use crate::registry::Rule;

/// The whole catalogue, in the order `phi-lint rules` lists it.
pub static ALL: &[&dyn Rule] = &[
    &apex::phi_in_debug::PhiInDebug,
    &field::phi_unencrypted::PhiUnencrypted,
    &a11y::missing_label::MissingLabel,
    &a11y::img_alt::ImgAlt,
    &a11y::button_name::ButtonName,
    &a11y::link_name::LinkName,
    &a11y::invalid_aria_attribute::InvalidAriaAttribute,
    &a11y::invalid_aria_role::InvalidAriaRole,
    &a11y::invalid_aria_value::InvalidAriaValue,
    &a11y::missing_required_aria::MissingRequiredAria,
    &a11y::aria_hidden_focusable::AriaHiddenFocusable,
    &a11y::positive_tabindex::PositiveTabindex,
    &a11y::frame_title::FrameTitle,
    &a11y::click_without_keyboard::ClickWithoutKeyboard,
    &tool::parse_error::ParseError,
];

/// The rule with id `id`.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}
