//! The incremental cache: each code file's finished findings and facts from the last run,
//! reused when nothing they depend on has changed.
//!
//! What a code file's findings depend on, and so what its entry is keyed by:
//!
//! - the file's own text (a SHA-256 of its bytes);
//! - phi-lint itself: its version and the binary's size and modification time, so that a
//!   rebuilt binary with changed rules never reuses old findings;
//! - the configuration: the text of `phi-lint.toml`, the rules selected, the size limit;
//! - the project model. It is built from every metadata file, so the key holds a hash of
//!   all of them (paths and text). Files read after the Apex classes and templates
//!   (JavaScript, Aura, Visualforce) also read those files' facts (method signatures,
//!   template bindings), so their key holds a hash of all facts as well.
//!
//! This key is coarse: editing any field's XML re-checks every code file. It is correct
//! without knowing which parts of the model each rule reads, and editing Apex, the common
//! case, re-checks only that file (and, when a method signature changed, the JavaScript).
//! Metadata files are not cached: they are parsed on every run to build the model anyway,
//! and linting them is cheap.
//!
//! The entries of a project live in one file, `<dir>/<project>/entries`, one entry per
//! line, each line prefixed with a hash of itself: a damaged line is ignored and rebuilt.
//! The file is replaced atomically at the end of a run (a temporary file, then a rename),
//! so concurrent runs never see half a file; the last one to finish wins.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use phi_lint_grammars::Position;
use phi_lint_lints::analysis::Facts;
use phi_lint_lints::apex::ObjectType;
use phi_lint_lints::apex_signatures::ApexMethod;
use phi_lint_lints::js::bindings::TemplateBinding;
use phi_lint_lints::{rules, Finding, Label, Location, Severity, SourceFile};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;

/// Bump when the layout of an entry changes.
const FORMAT: &str = "phi-lint cache 1";

/// Where a project's cache lives.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache for the project at `root`: under `named` (`--cache DIR`) when given,
    /// else under `$XDG_CACHE_HOME/phi-lint` or `~/.cache/phi-lint`, never inside the
    /// project unless the user names a folder there. None when there is no home.
    pub fn new(named: Option<&Path>, root: &Path) -> Option<Cache> {
        let base = match named {
            Some(dir) => dir.to_path_buf(),
            None => default_dir()?,
        };
        let key = hex(&Sha256::digest(root.to_string_lossy().as_bytes())[..8]);
        Some(Cache {
            dir: base.join(key),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts a run: loads the entries, and derives the key that every entry of this run
    /// shares from the binary, the configuration and the metadata files.
    pub fn session(&self, config: &Config, rules: &[&str], metadata: &[SourceFile]) -> Session {
        let mut hasher = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        part(FORMAT.as_bytes());
        part(env!("CARGO_PKG_VERSION").as_bytes());
        part(binary_stamp().as_bytes());
        let config_text = config
            .path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .unwrap_or_default();
        part(&config_text);
        part(&config.max_file_size.to_le_bytes());
        let mut rules = rules.to_vec();
        rules.sort_unstable();
        for rule in rules {
            part(rule.as_bytes());
        }
        for file in metadata {
            part(file.path.as_bytes());
            part(file.text.as_bytes());
            part(
                file.problem
                    .as_ref()
                    .map_or("", |p| p.message.as_str())
                    .as_bytes(),
            );
        }
        let global = hasher.finalize().to_vec();

        Session {
            file: self.dir.join("entries"),
            dir: self.dir.clone(),
            stored: load(&self.dir.join("entries")),
            global,
            facts_key: Mutex::new(None),
            facts: Mutex::new(Vec::new()),
            kept: Mutex::new(Vec::new()),
            hits: Mutex::new(0),
        }
    }
}

fn default_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("phi-lint"))
}

/// The binary's size and modification time: a rebuilt phi-lint is a different phi-lint,
/// even when its version number did not change.
fn binary_stamp() -> String {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    match meta {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", meta.len())
        }
        Err(_) => String::new(),
    }
}

/// Which phase a file is read in, which decides what its entry depends on.
#[derive(Clone, Copy)]
pub enum Phase {
    /// Apex and templates: the metadata.
    FactSource,
    /// JavaScript and other markup: the metadata and every fact source's facts.
    Rest,
}

/// One run's use of the cache.
pub struct Session {
    dir: PathBuf,
    file: PathBuf,
    /// The entries of the last run, by path, with their line as stored.
    stored: HashMap<String, (Entry, String)>,
    global: Vec<u8>,
    facts_key: Mutex<Option<Vec<u8>>>,
    /// Each fact source's facts as stored, by path, for the key of the files after them.
    facts: Mutex<Vec<(Arc<str>, String)>>,
    /// The lines to write back: the entries used or made by this run.
    kept: Mutex<Vec<(Arc<str>, String)>>,
    hits: Mutex<usize>,
}

impl Session {
    /// The key of a file with `text` in `phase`.
    pub fn key(&self, phase: Phase, text: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(&self.global);
        if let Phase::Rest = phase {
            let mut key = self.facts_key.lock().unwrap_or_else(|e| e.into_inner());
            let key = key.get_or_insert_with(|| self.hash_facts());
            hasher.update(key);
        }
        hasher.update(text.as_bytes());
        hex(&hasher.finalize())
    }

    fn hash_facts(&self) -> Vec<u8> {
        let mut facts = self.facts.lock().unwrap_or_else(|e| e.into_inner());
        facts.sort();
        let mut hasher = Sha256::new();
        for (path, json) in facts.iter() {
            hasher.update(path.as_bytes());
            hasher.update([0]);
            hasher.update(json.as_bytes());
            hasher.update([0]);
        }
        hasher.finalize().to_vec()
    }

    /// The findings and facts stored for `path` under `key`, if any and intact.
    pub fn get(&self, path: &Arc<str>, key: &str) -> Option<(Vec<Finding>, Facts)> {
        let (entry, line) = self.stored.get(&**path).filter(|(e, _)| e.key == key)?;
        let findings = entry
            .findings
            .iter()
            .map(|f| f.restore(path))
            .collect::<Option<Vec<_>>>()?;
        let facts = entry
            .facts
            .as_ref()
            .map_or_else(Facts::default, |f| f.restore(path));
        self.keep(path, line.clone(), entry.facts.as_ref());
        *self.hits.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Some((findings, facts))
    }

    /// Records what a file gave, to be stored at the end of the run.
    pub fn put(&self, path: &Arc<str>, key: String, findings: &[Finding], facts: &Facts) {
        let facts = StoredFacts::of(facts, path);
        let entry = Entry {
            path: path.to_string(),
            key,
            findings: findings
                .iter()
                .map(|f| StoredFinding::of(f, path))
                .collect(),
            facts,
        };
        let Ok(payload) = serde_json::to_string(&entry) else {
            return;
        };
        let line = format!("{} {payload}", hex(&Sha256::digest(payload.as_bytes())));
        self.keep(path, line, entry.facts.as_ref());
    }

    fn keep(&self, path: &Arc<str>, line: String, facts: Option<&StoredFacts>) {
        if let Some(facts) = facts {
            let json = serde_json::to_string(facts).unwrap_or_default();
            self.facts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.clone(), json));
        }
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.clone(), line));
    }

    /// How many files were answered from the cache.
    pub fn hits(&self) -> usize {
        *self.hits.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes this run's entries, replacing the file atomically. Entries of files that are
    /// gone are dropped, so the cache does not grow without end.
    pub fn save(self) -> std::io::Result<()> {
        let mut kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        kept.sort();
        std::fs::create_dir_all(&self.dir)?;
        let temp = tempfile::NamedTempFile::new_in(&self.dir)?;
        let mut out = std::io::BufWriter::new(temp);
        writeln!(out, "{FORMAT}")?;
        for (_, line) in &kept {
            writeln!(out, "{line}")?;
        }
        // No fsync: the rename is atomic for other runs, and a file damaged by a crash is
        // only a slower next run, as damaged lines are ignored.
        let temp = out.into_inner().map_err(|e| e.into_error())?;
        temp.persist(&self.file).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Reads the entries file; a missing, foreign or damaged file or line counts as no entry.
fn load(path: &Path) -> HashMap<String, (Entry, String)> {
    let mut entries = HashMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return entries;
    };
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT) {
        return entries;
    }
    for line in lines {
        let Some((hash, payload)) = line.split_once(' ') else {
            continue;
        };
        if hex(&Sha256::digest(payload.as_bytes())) != hash {
            continue;
        }
        if let Ok(entry) = serde_json::from_str::<Entry>(payload) {
            entries.insert(entry.path.clone(), (entry, line.to_string()));
        }
    }
    entries
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// One file's entry.
#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: String,
    findings: Vec<StoredFinding>,
    facts: Option<StoredFacts>,
}

/// A place, as stored: the path is left out when it is the entry's own file.
#[derive(Serialize, Deserialize)]
struct StoredLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    span: (usize, usize),
    start: (u32, u32),
    end: (u32, u32),
}

impl StoredLocation {
    fn of(location: &Location, own: &str) -> StoredLocation {
        StoredLocation {
            path: (*location.path != *own).then(|| location.path.to_string()),
            span: (location.span.start, location.span.end),
            start: (location.start.line, location.start.column),
            end: (location.end.line, location.end.column),
        }
    }

    fn restore(&self, own: &Arc<str>) -> Location {
        let position = |(line, column)| Position { line, column };
        Location {
            path: match &self.path {
                Some(path) if **path != **own => Arc::from(path.as_str()),
                _ => own.clone(),
            },
            span: self.span.0..self.span.1,
            start: position(self.start),
            end: position(self.end),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct StoredFinding {
    rule: String,
    severity: String,
    location: StoredLocation,
    message: String,
    help: Option<String>,
    labels: Vec<(StoredLocation, String)>,
    fingerprint: String,
    /// Byte ranges that reporters mask (matched values); offsets only, never the text.
    #[serde(default)]
    masked: Vec<(usize, usize)>,
}

impl StoredFinding {
    fn of(finding: &Finding, own: &str) -> StoredFinding {
        StoredFinding {
            rule: finding.rule.to_string(),
            severity: finding.severity.as_str().to_string(),
            location: StoredLocation::of(&finding.location, own),
            message: finding.message.clone(),
            help: finding.help.clone(),
            labels: finding
                .labels
                .iter()
                .map(|l| (StoredLocation::of(&l.location, own), l.message.clone()))
                .collect(),
            fingerprint: finding.fingerprint.clone(),
            masked: finding.masked.iter().map(|r| (r.start, r.end)).collect(),
        }
    }

    /// The finding, or None when its rule no longer exists.
    fn restore(&self, own: &Arc<str>) -> Option<Finding> {
        let meta = rules::by_id(&self.rule)?.meta();
        Some(Finding {
            rule: meta.id,
            severity: Severity::parse(&self.severity)?,
            location: self.location.restore(own),
            message: self.message.clone(),
            help: self.help.clone(),
            labels: self
                .labels
                .iter()
                .map(|(location, message)| Label {
                    location: location.restore(own),
                    message: message.clone(),
                })
                .collect(),
            references: meta.references,
            fingerprint: self.fingerprint.clone(),
            masked: self.masked.iter().map(|&(a, b)| a..b).collect(),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StoredMethod {
    class: String,
    name: String,
    return_type: String,
    returns: Option<(String, bool)>,
    aura_enabled: bool,
    location: StoredLocation,
}

#[derive(Serialize, Deserialize)]
struct StoredFacts {
    apex_methods: Vec<StoredMethod>,
    template: Option<(String, Vec<StoredBinding>)>,
}

/// A template binding: handler, value, where.
type StoredBinding = (String, String, StoredLocation);

impl StoredFacts {
    /// None for a file with no facts, so that only fact sources weigh in the facts key.
    fn of(facts: &Facts, own: &str) -> Option<StoredFacts> {
        if facts.apex_methods.is_empty() && facts.template.is_none() {
            return None;
        }
        Some(StoredFacts {
            apex_methods: facts
                .apex_methods
                .iter()
                .map(|m| StoredMethod {
                    class: m.class.clone(),
                    name: m.name.clone(),
                    return_type: m.return_type.clone(),
                    returns: m.returns.as_ref().map(|t| (t.object.clone(), t.collection)),
                    aura_enabled: m.aura_enabled,
                    location: StoredLocation::of(&m.location, own),
                })
                .collect(),
            template: facts.template.as_ref().map(|(component, bindings)| {
                (
                    component.clone(),
                    bindings
                        .iter()
                        .map(|b| {
                            (
                                b.handler.clone(),
                                b.value.clone(),
                                StoredLocation::of(&b.location, own),
                            )
                        })
                        .collect(),
                )
            }),
        })
    }

    fn restore(&self, own: &Arc<str>) -> Facts {
        Facts {
            apex_methods: self
                .apex_methods
                .iter()
                .map(|m| ApexMethod {
                    class: m.class.clone(),
                    name: m.name.clone(),
                    return_type: m.return_type.clone(),
                    returns: m.returns.as_ref().map(|(object, collection)| ObjectType {
                        object: object.clone(),
                        collection: *collection,
                    }),
                    aura_enabled: m.aura_enabled,
                    location: m.location.restore(own),
                })
                .collect(),
            template: self.template.as_ref().map(|(component, bindings)| {
                (
                    component.clone(),
                    bindings
                        .iter()
                        .map(|(handler, value, location)| TemplateBinding {
                            handler: handler.clone(),
                            value: value.clone(),
                            location: location.restore(own),
                        })
                        .collect(),
                )
            }),
        }
    }
}
