//! Every rule, one file each, grouped by family. Adding a rule: write its file, add it to
//! its family's module and to [`ALL`], and add its fixture project under
//! `testdata/rules/<id>/`.

pub mod a11y;
pub mod apex;
pub mod data;
pub mod field;
pub mod lwc;
pub mod metadata;
pub mod tool;

use crate::registry::Rule;

/// The whole catalogue, in the order `phi-lint rules` lists it.
pub static ALL: &[&dyn Rule] = &[
    &apex::phi_in_debug::PhiInDebug,
    &apex::phi_in_callout::PhiInCallout,
    &apex::phi_in_email::PhiInEmail,
    &apex::phi_to_file::PhiToFile,
    &apex::soql_all_fields::SoqlAllFields,
    &apex::phi_without_sharing::PhiWithoutSharing,
    &apex::phi_query_system_mode::PhiQuerySystemMode,
    &apex::insecure_endpoint::InsecureEndpoint,
    &apex::filter_on_probabilistic_field::FilterOnProbabilisticField,
    &field::phi_unencrypted::PhiUnencrypted,
    &field::phi_untracked::PhiUntracked,
    &field::phi_unclassified::PhiUnclassified,
    &metadata::object_phi_public_sharing::ObjectPhiPublicSharing,
    &metadata::permission_phi_broad_access::PermissionPhiBroadAccess,
    &metadata::permission_phi_export::PermissionPhiExport,
    &metadata::guest_phi_access::GuestPhiAccess,
    &metadata::connected_app_broad_scope::ConnectedAppBroadScope,
    &metadata::remote_site_insecure::RemoteSiteInsecure,
    &metadata::external_object_phi::ExternalObjectPhi,
    &metadata::session_timeout_too_long::SessionTimeoutTooLong,
    &metadata::flow_phi_system_mode::FlowPhiSystemMode,
    &lwc::phi_in_console::PhiInConsole,
    &lwc::phi_in_browser_storage::PhiInBrowserStorage,
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
    &data::data_file_phi::DataFilePhi,
    &data::script_phi_export::ScriptPhiExport,
    &tool::parse_error::ParseError,
    &tool::unused_suppression::UnusedSuppression,
    &tool::invalid_suppression::InvalidSuppression,
];

/// The rule with id `id`.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}
