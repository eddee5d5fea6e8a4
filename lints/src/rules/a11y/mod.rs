//! Accessibility rules for LWC templates, Aura components and Visualforce pages
//! (WCAG 2.2 AA), with the helpers they share.

pub mod components;
pub mod focus;
pub mod name;

pub mod aria_hidden_focusable;
pub mod button_name;
pub mod click_without_keyboard;
pub mod frame_title;
pub mod img_alt;
pub mod invalid_aria_attribute;
pub mod invalid_aria_role;
pub mod invalid_aria_value;
pub mod link_name;
pub mod missing_label;
pub mod missing_required_aria;
pub mod positive_tabindex;
