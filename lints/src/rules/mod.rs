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
    &apex::phi_in_callout::PhiInCallout,
    &apex::phi_in_email::PhiInEmail,
    &apex::phi_to_file::PhiToFile,
    &apex::soql_all_fields::SoqlAllFields,
    &apex::phi_without_sharing::PhiWithoutSharing,
    &apex::phi_query_system_mode::PhiQuerySystemMode,
    &apex::insecure_endpoint::InsecureEndpoint,
    &apex::filter_on_probabilistic_field::FilterOnProbabilisticField,
    &field::phi_unencrypted::PhiUnencrypted,
    &a11y::missing_label::MissingLabel,
    &tool::parse_error::ParseError,
];

/// The rule with id `id`.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}
