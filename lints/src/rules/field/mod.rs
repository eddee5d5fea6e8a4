pub mod phi_unencrypted;
