pub mod data_file_phi;
pub mod script_phi_export;
