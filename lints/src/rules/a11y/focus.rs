//! Which elements take focus or are interactive of themselves, for the rules about
//! keyboard use.

use super::components::{self, Purpose};
use crate::markup::{Dialect, Element};

/// What can be said about whether an element takes keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Focusable,
    NotFocusable,
    Unknown,
}

/// The static `tabindex` (`tabIndex` in Aura, `html-tabindex` in Visualforce) as an
/// integer; `Err(())` when it is bound or not a number.
pub fn tabindex(el: &Element<'_>, d: Dialect) -> Option<Result<i64, ()>> {
    let attribute = el.attr(d, "tabindex")?;
    Some(
        attribute
            .static_value()
            .and_then(|v| v.strip_prefix('+').unwrap_or(v).parse::<i64>().ok())
            .ok_or(()),
    )
}

/// Elements and components that are interactive of themselves: they take focus and
/// handle the keyboard without help.
pub fn is_interactive(el: &Element<'_>, d: Dialect) -> bool {
    let tag = el.component(d);
    match tag.as_str() {
        "a" | "area" => el.attr(d, "href").is_some(),
        "input" => !el
            .value_of(d, "type")
            .is_some_and(|t| t.eq_ignore_ascii_case("hidden")),
        "button" | "select" | "textarea" | "summary" | "iframe" | "embed" | "object" => true,
        "audio" | "video" => el.attr(d, "controls").is_some(),
        _ => {
            components::find(&tag).is_some_and(|c| {
                matches!(
                    c.purpose,
                    Purpose::Control | Purpose::Button | Purpose::Link
                )
            }) || (el.attr(d, "contenteditable").is_some()
                && el.value_of(d, "contenteditable") != Some("false"))
        }
    }
}

/// Whether the element can take focus: interactive and not disabled, or with a
/// `tabindex` of 0 or more.
pub fn focus(el: &Element<'_>, d: Dialect) -> Focus {
    match tabindex(el, d) {
        Some(Ok(n)) if n >= 0 => return Focus::Focusable,
        Some(Ok(_)) => return Focus::NotFocusable,
        Some(Err(())) => return Focus::Unknown,
        None => {}
    }
    if !is_interactive(el, d) {
        return Focus::NotFocusable;
    }
    match el.attr(d, "disabled") {
        None => Focus::Focusable,
        Some(a) if a.is_bound() => Focus::Unknown,
        Some(a)
            if a.value
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("false")) =>
        {
            Focus::Focusable
        }
        Some(_) => Focus::NotFocusable,
    }
}
