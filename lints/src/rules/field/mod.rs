pub mod phi_unclassified;
pub mod phi_unencrypted;
pub mod phi_untracked;
