//! Every rule, one file each, grouped by family. Adding a rule: write its file, add it to
//! its family's module and to [`ALL`], and add its fixture project under
//! `testdata/rules/<id>/`.

pub mod a11y;
pub mod apex;
pub mod data;
pub mod field;
pub mod tool;

use crate::registry::Rule;

/// The whole catalogue, in the order `phi-lint rules` lists it.
pub static ALL: &[&dyn Rule] = &[
    &apex::phi_in_debug::PhiInDebug,
    &field::phi_unencrypted::PhiUnencrypted,
    &field::phi_untracked::PhiUntracked,
    &field::phi_unclassified::PhiUnclassified,
    &a11y::missing_label::MissingLabel,
    &data::data_file_phi::DataFilePhi,
    &data::script_phi_export::ScriptPhiExport,
    &tool::parse_error::ParseError,
];

/// The rule with id `id`.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}
