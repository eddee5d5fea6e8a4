pub mod phi_in_debug;
