//! Readers for what the data and script rules look at: data files as tables (CSV, JSON,
//! XML), zip archives, identifiers in values, SOQL, CLI commands in scripts and Data
//! Loader configurations.

pub mod archive;
pub mod commands;
pub mod dataloader;
pub mod identifiers;
pub mod json;
pub mod soql;
pub mod table;
