//! The parts of the configuration that rules read. The binary fills this in from
//! `phi-lint.toml`; the rules never see the file.

/// The `[phi]` vocabulary of the configuration.
#[derive(Debug, Clone, Default)]
pub struct PhiSettings {
    /// Objects whose records are PHI, by API name.
    pub objects: Vec<String>,
    /// Fields that are PHI, as `Object.Field`.
    pub fields: Vec<String>,
    /// Objects that are not PHI, whatever else says so.
    pub not_objects: Vec<String>,
    /// Fields that are not PHI (`Object.Field`), whatever else says so.
    pub not_fields: Vec<String>,
    /// Extra health terms for the dictionary, as phrases.
    pub terms: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub phi: PhiSettings,
    /// Calls that write to a log, as `Class.method` (e.g. `Logger.debug`), besides
    /// `System.debug`.
    pub debug_sinks: Vec<String>,
    /// Endpoints covered by a business associate agreement (URL prefixes or
    /// `callout:Name`).
    pub baa_endpoints: Vec<String>,
    /// The longest session timeout, in minutes, that `session-timeout-too-long` accepts.
    pub session_timeout_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            phi: PhiSettings::default(),
            debug_sinks: Vec::new(),
            baa_endpoints: Vec::new(),
            session_timeout_minutes: 30,
        }
    }
}
