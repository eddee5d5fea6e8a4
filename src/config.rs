//! `phi-lint.toml`: rule selection and severities, per-path overrides, file selection, the
//! PHI vocabulary and the settings rules read. Errors point at the line in the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use phi_lint_lints::{rules, Settings, Severity};
use serde::Deserialize;
use toml::Spanned;

/// The file name looked for at the project root.
pub const FILE_NAME: &str = "phi-lint.toml";

/// The file `phi-lint init` writes: every key, commented, with its default.
pub const STARTER: &str = include_str!("starter.toml");

/// A rule's level in the configuration: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    /// Rules to run; `[]` or absent means all.
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    /// Extra files to read as data, anywhere in the repository.
    #[serde(default)]
    data_paths: Vec<Spanned<String>>,
    /// Data files and scripts not to check (synthetic data the team vouches for).
    #[serde(default)]
    data_ignore: Vec<Spanned<String>>,
    max_file_size: Option<u64>,
    #[serde(default)]
    debug_sinks: Vec<String>,
    #[serde(default)]
    baa_endpoints: Vec<String>,
    session_timeout_minutes: Option<u32>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    phi: RawPhi,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPhi {
    #[serde(default)]
    objects: Vec<String>,
    #[serde(default)]
    fields: Vec<Spanned<String>>,
    #[serde(default)]
    not_objects: Vec<String>,
    #[serde(default)]
    not_fields: Vec<Spanned<String>>,
    #[serde(default)]
    terms: Vec<String>,
}

/// Per-path rule levels.
#[derive(Debug)]
pub struct Override {
    pub paths: GlobSet,
    pub levels: BTreeMap<String, Level>,
}

/// The configuration of a run, checked.
#[derive(Debug)]
pub struct Config {
    /// Where it was read from, if from a file.
    pub path: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub exclude: GlobSet,
    /// Files read as data besides those recognised by name and folder (`data-paths`).
    pub data_paths: GlobSet,
    /// Data files and scripts not checked (`data-ignore`).
    pub data_ignore: GlobSet,
    pub max_file_size: u64,
    pub levels: BTreeMap<String, Level>,
    pub overrides: Vec<Override>,
    pub settings: Settings,
}

/// The lowest severity that makes the run fail, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn parse(text: &str) -> Option<FailOn> {
        if text == "never" {
            return Some(FailOn::Never);
        }
        Severity::parse(text).map(FailOn::At)
    }
}

/// The default limit on a file's size: larger files are skipped with a `parse-error`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            select: None,
            ignore: Vec::new(),
            fail_on: None,
            exclude: GlobSet::empty(),
            data_paths: GlobSet::empty(),
            data_ignore: GlobSet::empty(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            levels: BTreeMap::new(),
            overrides: Vec::new(),
            settings: Settings::default(),
        }
    }
}

/// A configuration error, rendered by miette with the offending line.
#[derive(Debug)]
pub struct ConfigError {
    pub message: String,
    pub src: NamedSource<String>,
    pub span: Option<SourceSpan>,
    pub help: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("phi-lint::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".to_string()), span),
        )))
    }
}

impl Config {
    /// Reads `path`. A missing file is an error only when the user named it.
    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(ConfigError {
                message: format!("cannot read {}: {e}", path.display()),
                src: NamedSource::new(path.display().to_string(), String::new()),
                span: None,
                help: None,
            })
        })?;
        let mut config = Config::parse(&path.display().to_string(), &text)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses the text of a configuration file named `name`.
    pub fn parse(name: &str, text: &str) -> Result<Config, Box<ConfigError>> {
        let error =
            |message: String, span: Option<std::ops::Range<usize>>, help: Option<String>| {
                Box::new(ConfigError {
                    message,
                    src: NamedSource::new(name, text.to_string()),
                    span: span.map(|s| {
                        SourceSpan::from(s.start..s.end.max(s.start + 1).min(text.len().max(1)))
                    }),
                    help,
                })
            };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            error(
                format!("invalid {FILE_NAME}: {}", e.message()),
                e.span(),
                None,
            )
        })?;

        let rule_id = |s: &Spanned<String>| -> Result<String, Box<ConfigError>> {
            if rules::by_id(s.get_ref()).is_some() {
                Ok(s.get_ref().clone())
            } else {
                Err(error(
                    format!("unknown rule `{}`", s.get_ref()),
                    Some(s.span()),
                    Some("`phi-lint rules` lists every rule id".into()),
                ))
            }
        };
        let level = |s: &Spanned<String>| -> Result<Level, Box<ConfigError>> {
            match s.get_ref().as_str() {
                "off" => Ok(Level::Off),
                other => Severity::parse(other).map(Level::On).ok_or_else(|| {
                    error(
                        format!("unknown level `{other}`"),
                        Some(s.span()),
                        Some("use error, warning, note or off".into()),
                    )
                }),
            }
        };
        let levels = |map: &BTreeMap<Spanned<String>, Spanned<String>>| {
            map.iter()
                .map(|(k, v)| Ok((rule_id(k)?, level(v)?)))
                .collect::<Result<BTreeMap<_, _>, Box<ConfigError>>>()
        };
        let globs = |patterns: &[Spanned<String>]| -> Result<GlobSet, Box<ConfigError>> {
            let mut builder = GlobSetBuilder::new();
            for p in patterns {
                let glob = Glob::new(p.get_ref()).map_err(|e| {
                    error(format!("invalid glob: {}", e.kind()), Some(p.span()), None)
                })?;
                builder.add(glob);
            }
            builder
                .build()
                .map_err(|e| error(format!("invalid globs: {e}"), None, None))
        };
        let qualified = |fields: &[Spanned<String>]| {
            fields
                .iter()
                .map(|f| match f.get_ref().split_once('.') {
                    Some((o, fl)) if !o.is_empty() && !fl.is_empty() => Ok(f.get_ref().clone()),
                    _ => Err(error(
                        format!("`{}` is not of the form `Object.Field`", f.get_ref()),
                        Some(f.span()),
                        Some("write fields as `Patient__c.SSN__c`".into()),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
        };

        let fail_on = match &raw.fail_on {
            Some(s) => Some(FailOn::parse(s.get_ref()).ok_or_else(|| {
                error(
                    format!("unknown level `{}`", s.get_ref()),
                    Some(s.span()),
                    Some("use error, warning, note or never".into()),
                )
            })?),
            None => None,
        };
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            overrides.push(Override {
                paths: globs(&o.paths)?,
                levels: levels(&o.rules)?,
            });
        }
        let mut settings = Settings {
            debug_sinks: raw.debug_sinks,
            baa_endpoints: raw.baa_endpoints,
            ..Settings::default()
        };
        if let Some(minutes) = raw.session_timeout_minutes {
            settings.session_timeout_minutes = minutes;
        }
        settings.phi.objects = raw.phi.objects;
        settings.phi.not_objects = raw.phi.not_objects;
        settings.phi.fields = qualified(&raw.phi.fields)?;
        settings.phi.not_fields = qualified(&raw.phi.not_fields)?;
        settings.phi.terms = raw.phi.terms;

        Ok(Config {
            path: None,
            select: raw
                .select
                .map(|list| list.iter().map(rule_id).collect::<Result<Vec<_>, _>>())
                .transpose()?,
            ignore: raw.ignore.iter().map(rule_id).collect::<Result<_, _>>()?,
            fail_on,
            exclude: globs(&raw.exclude)?,
            data_paths: globs(&raw.data_paths)?,
            data_ignore: globs(&raw.data_ignore)?,
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            levels: levels(&raw.rules)?,
            overrides,
            settings,
        })
    }

    /// The level of `rule` for a finding in `path`: the last matching override wins, then
    /// `[rules]`, then the rule's default.
    pub fn level(&self, rule: &str, path: &str, default: Severity) -> Level {
        self.overrides
            .iter()
            .rev()
            .filter(|o| o.paths.is_match(path))
            .find_map(|o| o.levels.get(rule).copied())
            .or_else(|| self.levels.get(rule).copied())
            .unwrap_or(Level::On(default))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_configuration() {
        let text = r#"
select = ["apex-phi-in-debug", "field-phi-unencrypted"]
fail-on = "error"
exclude = ["force-app/test/**"]
data-paths = ["extracts/**/*.txt"]
data-ignore = ["data/synthetic/**"]
debug-sinks = ["Logger.debug"]

[rules]
field-phi-unencrypted = "error"

[[overrides]]
paths = ["**/legacy/**"]
rules = { apex-phi-in-debug = "off" }

[phi]
fields = ["Visit__c.Notes__c"]
not-fields = ["Patient__c.Preferred_Theme__c"]
terms = ["oncology note"]
"#;
        let config = Config::parse("phi-lint.toml", text).unwrap();
        assert_eq!(config.fail_on, Some(FailOn::At(Severity::Error)));
        assert_eq!(
            config.level(
                "apex-phi-in-debug",
                "force-app/legacy/A.cls",
                Severity::Error
            ),
            Level::Off
        );
        assert_eq!(
            config.level("field-phi-unencrypted", "x", Severity::Warning),
            Level::On(Severity::Error)
        );
        assert!(config.exclude.is_match("force-app/test/A.cls"));
        assert!(config.data_paths.is_match("extracts/2024/notes.txt"));
        assert!(config.data_ignore.is_match("data/synthetic/patients.csv"));
        assert_eq!(config.settings.phi.terms, ["oncology note"]);
    }

    #[test]
    fn the_starter_file_is_a_valid_configuration() {
        let config = Config::parse("phi-lint.toml", STARTER).unwrap();
        assert_eq!(config.max_file_size, DEFAULT_MAX_FILE_SIZE);
        assert_eq!(config.settings.session_timeout_minutes, 30);
    }

    #[test]
    fn errors_point_at_the_offending_text() {
        let text = "select = [\"apex-phi-in-debug\"]\n[rules]\nno-such-rule = \"error\"\n";
        let err = Config::parse("phi-lint.toml", text).unwrap_err();
        assert_eq!(err.message, "unknown rule `no-such-rule`");
        let span = err.span.unwrap();
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "no-such-rule"
        );

        let err = Config::parse("phi-lint.toml", "colour = 1\n").unwrap_err();
        assert!(err.message.contains("unknown field"), "{}", err.message);
        assert!(err.span.is_some());

        let err = Config::parse("phi-lint.toml", "[phi]\nfields = [\"SSN__c\"]\n").unwrap_err();
        assert!(err.message.contains("Object.Field"));
    }
}
