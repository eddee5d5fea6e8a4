//! The project model, the PHI model, the rule registry and every rule.
//!
//! This crate knows what the rules check and nothing about files on disk, output formats
//! or the command line: the binary hands it parsed [`file::SourceFile`]s and gets
//! [`finding::Finding`]s back.

pub mod analysis;
pub mod apex;
pub mod apex_signatures;
pub mod aria;
pub mod data;
pub mod docs;
pub mod file;
pub mod finding;
pub mod inventory;
pub mod js;
pub mod kind;
pub mod markup;
pub mod nodes;
pub mod phi;
pub mod project;
pub mod registry;
pub mod rules;
pub mod settings;
pub mod suppress;
#[cfg(test)]
pub mod testing;

pub use file::SourceFile;
pub use finding::{Finding, Label, Location, Severity};
pub use kind::SourceKind;
pub use phi::PhiModel;
pub use project::Project;
pub use registry::{Linter, Rule, RuleMeta};
pub use settings::Settings;
