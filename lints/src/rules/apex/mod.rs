//! Apex rules: PHI reaching logs, callouts, email and files; queries, sharing and
//! endpoints.

use crate::kind::SourceKind;

pub mod filter_on_probabilistic_field;
pub mod insecure_endpoint;
pub mod phi_in_callout;
pub mod phi_in_debug;
pub mod phi_in_email;
pub mod phi_query_system_mode;
pub mod phi_to_file;
pub mod phi_without_sharing;
pub mod soql_all_fields;

/// Every kind of Apex source.
pub(crate) const APEX: &[SourceKind] = &[
    SourceKind::ApexClass,
    SourceKind::ApexTrigger,
    SourceKind::ApexAnonymous,
];
