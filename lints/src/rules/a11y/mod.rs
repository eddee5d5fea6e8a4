//! Accessibility rules for LWC templates, Aura components and Visualforce pages
//! (WCAG 2.2 AA), with the helpers they share.

pub mod components;
pub mod name;

pub mod missing_label;
