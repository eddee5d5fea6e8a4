pub mod missing_label;
