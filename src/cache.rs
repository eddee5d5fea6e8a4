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
//! A file whose size and modification time are those recorded with its entry, and whose
//! modification time was at least a second older than the run that recorded it, is taken
//! to have the same text without being read (as git and make do): on a warm run only
//! the edited files and the metadata are read. A file changed within a second of being
//! read is always read again, so an edit that keeps the size and lands in the same clock
//! tick is not missed.
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
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;

/// Bump when the layout of an entry changes.
const FORMAT: &str = "phi-lint cache 2";

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

    /// Reads the entries of the last run (while the metadata is read, on another thread).
    pub fn load(&self) -> Stored {
        Stored::load(&self.dir.join("entries"))
    }

    /// Starts a run with the `stored` entries, and derives the key that every entry of
    /// this run shares from the binary, the configuration and the metadata files.
    pub fn session(
        &self,
        config: &Config,
        rules: &[&str],
        metadata: &[SourceFile],
        stored: Stored,
    ) -> Session {
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
            stored,
            global,
            started: Stamp::now(),
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
    /// The entries of the last run.
    stored: Stored,
    global: Vec<u8>,
    /// When this run started: a file modified since may change again unseen.
    started: Stamp,
    facts_key: Mutex<Option<Vec<u8>>>,
    /// Each fact source's facts as stored, by path, for the key of the files after them.
    facts: Mutex<Vec<(Arc<str>, String)>>,
    /// The lines to write back: the entries used or made by this run.
    kept: Mutex<Vec<(Arc<str>, Line)>>,
    hits: Mutex<usize>,
}

/// A file's size and modification time, or a moment (size 0).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    seconds: u64,
    nanos: u32,
}

impl Stamp {
    /// The stamp of the file at `path`, if it is a plain file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Stamp {
            size: meta.len(),
            seconds: modified.as_secs(),
            nanos: modified.subsec_nanos(),
        })
    }

    fn now() -> Stamp {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Stamp {
            size: 0,
            seconds: now.as_secs(),
            nanos: now.subsec_nanos(),
        }
    }

    /// Whether the file was last modified a full second before `moment`.
    fn settled_before(&self, moment: Stamp) -> bool {
        self.seconds.saturating_add(1) < moment.seconds
    }
}

/// The hash of a file's text that its key holds.
pub fn text_hash(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

impl Session {
    /// The key of a file whose text has hash `text_hash` ([`text_hash`]) in `phase`.
    pub fn key(&self, phase: Phase, text_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(&self.global);
        if let Phase::Rest = phase {
            let mut key = self.facts_key.lock().unwrap_or_else(|e| e.into_inner());
            let key = key.get_or_insert_with(|| self.hash_facts());
            hasher.update(key);
        }
        hasher.update(text_hash.as_bytes());
        hex(&hasher.finalize())
    }

    /// The findings and facts stored for `path`, without reading the file, when its stamp
    /// is the one recorded and it had settled when it was recorded.
    pub fn get_unchanged(
        &self,
        path: &Arc<str>,
        phase: Phase,
        stamp: Stamp,
    ) -> Option<(Vec<Finding>, Facts)> {
        let text_hash = {
            let slot = self.stored.entries.get(&**path)?;
            let entry = slot.entry.lock().unwrap_or_else(|e| e.into_inner());
            let entry = entry.as_ref()?;
            let recorded = entry.stamp?;
            if recorded != stamp || !recorded.settled_before(entry.read_at?) {
                return None;
            }
            entry.text_hash.clone()
        };
        let key = self.key(phase, &text_hash);
        self.get(path, &key, None)
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

    /// The findings and facts stored for `path` under `key`, if any and intact. `read` is
    /// the file as this run read it, when it did: a file whose stamp changed but not its
    /// text (touched, checked out again) gets its new stamp recorded.
    pub fn get(
        &self,
        path: &Arc<str>,
        key: &str,
        read: Option<&FileText>,
    ) -> Option<(Vec<Finding>, Facts)> {
        // Each file is looked up once a run, so its entry is taken, not copied.
        let slot = self.stored.entries.get(&**path)?;
        let entry = {
            let mut entry = slot.entry.lock().unwrap_or_else(|e| e.into_inner());
            if entry.as_ref()?.key != key {
                return None;
            }
            entry.take()?
        };
        let line = &slot.line;
        let stamp = entry.stamp;
        let stored_facts = entry.facts;
        let findings = entry
            .findings
            .into_iter()
            .map(|f| f.restore(path))
            .collect::<Option<Vec<_>>>()?;
        let facts = stored_facts
            .as_ref()
            .map_or_else(Facts::default, |f| f.restore(path));
        match read.filter(|r| r.stamp != stamp) {
            Some(read) => self.put(path, read, &findings, &facts),
            None => self.keep(path, Line::Stored(line.clone()), stored_facts.as_ref()),
        }
        *self.hits.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Some((findings, facts))
    }

    /// Records what a file gave, to be stored at the end of the run: `stamp` is the
    /// file's as it was before it was read.
    pub fn put(&self, path: &Arc<str>, text: &FileText, findings: &[Finding], facts: &Facts) {
        let facts = StoredFacts::of(facts, path);
        let entry = Entry {
            path: path.to_string(),
            key: text.key.clone(),
            text_hash: text.hash.clone(),
            stamp: text.stamp,
            read_at: Some(self.started),
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
        self.keep(path, Line::New(line), entry.facts.as_ref());
    }

    fn keep(&self, path: &Arc<str>, line: Line, facts: Option<&StoredFacts>) {
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

    /// Writes this run's entries, replacing the file atomically, unless they are the
    /// entries the file holds already. Entries of files that are gone are dropped, so the
    /// cache does not grow without end.
    pub fn save(self) -> std::io::Result<()> {
        let mut kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let unchanged = kept.len() == self.stored.entries.len()
            && kept.iter().all(|(_, line)| matches!(line, Line::Stored(_)));
        if unchanged {
            return Ok(());
        }
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::with_capacity(self.stored.text.len() + 4096);
        text.push_str(FORMAT);
        text.push('\n');
        for (_, line) in &kept {
            text.push_str(match line {
                Line::Stored(range) => self.stored.text.get(range.clone()).unwrap_or(""),
                Line::New(line) => line,
            });
            text.push('\n');
        }
        std::fs::create_dir_all(&self.dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir)?;
        temp.write_all(text.as_bytes())?;
        // No fsync: the rename is atomic for other runs, and a file damaged by a crash is
        // only a slower next run, as damaged lines are ignored.
        temp.persist(&self.file).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A line to write back: one of the entries file as read, or a new one.
enum Line {
    Stored(std::ops::Range<usize>),
    New(String),
}

/// The entries file as read: its text, and each intact entry by path with where its line
/// is in the text.
#[derive(Default)]
pub struct Stored {
    text: String,
    entries: HashMap<String, Slot>,
}

/// One stored entry, until the run takes it, and where its line is in the text.
struct Slot {
    entry: Mutex<Option<Entry>>,
    line: std::ops::Range<usize>,
}

impl Stored {
    /// Reads the entries file; a missing, foreign or damaged file or line counts as no
    /// entry.
    fn load(path: &Path) -> Stored {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Stored::default();
        };
        let mut entries = HashMap::new();
        let mut lines = text.split_inclusive('\n');
        let mut start = 0;
        let mut next_line = || {
            let raw = lines.next()?;
            let at = start;
            start += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            Some((at..at + line.len(), line))
        };
        if next_line().map(|(_, line)| line) != Some(FORMAT) {
            return Stored::default();
        }
        let lines: Vec<_> = std::iter::from_fn(next_line).collect();
        // Checking and reading the entries is most of a warm run's own work: in parallel.
        let read: Vec<_> = lines
            .into_par_iter()
            .filter_map(|(range, line)| {
                let (hash, payload) = line.split_once(' ')?;
                if hex(&Sha256::digest(payload.as_bytes())) != hash {
                    return None;
                }
                let entry = serde_json::from_str::<Entry>(payload).ok()?;
                Some((entry, range))
            })
            .collect();
        for (entry, line) in read {
            let path = entry.path.clone();
            let entry = Mutex::new(Some(entry));
            entries.insert(path, Slot { entry, line });
        }
        Stored { text, entries }
    }
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

/// What the cache knows of a file it has read: its stamp from before the read, the hash
/// of its text and its key.
pub struct FileText {
    pub stamp: Option<Stamp>,
    pub hash: String,
    pub key: String,
}

/// One file's entry.
#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: String,
    /// The hash of the file's text ([`text_hash`]), from which the key was made.
    text_hash: String,
    /// The file's stamp when it was read, and when the run that read it started.
    stamp: Option<Stamp>,
    read_at: Option<Stamp>,
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
    fn restore(self, own: &Arc<str>) -> Option<Finding> {
        let meta = rules::by_id(&self.rule)?.meta();
        Some(Finding {
            rule: meta.id,
            severity: Severity::parse(&self.severity)?,
            location: self.location.restore(own),
            message: self.message,
            help: self.help,
            labels: self
                .labels
                .into_iter()
                .map(|(location, message)| Label {
                    location: location.restore(own),
                    message,
                })
                .collect(),
            references: meta.references,
            fingerprint: self.fingerprint,
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
