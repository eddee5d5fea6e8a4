pub mod phi_in_browser_storage;
pub mod phi_in_console;
