//! One run: read and parse every file once, build the models, lint, filter and sort.

use std::io::Read;
use std::sync::Arc;

use phi_lint_lints::analysis::{add_facts, facts_of, finish_file, is_fact_source, Facts};
use phi_lint_lints::{Finding, Linter, PhiModel, Project, Rule, SourceFile};
use rayon::prelude::*;

use crate::cache::{text_hash, Cache, FileText, Phase, Session, Stamp};
use crate::config::{Config, Level};
use crate::discover::{Candidate, Discovery};

/// What a run found.
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub files_checked: usize,
    /// How many code files were answered from the cache.
    pub cached: usize,
    /// Why the cache could not be written, if it could not.
    pub cache_error: Option<String>,
}

/// Reads a file as text (data files as bytes), or explains why it cannot be checked.
pub fn read_source(candidate: &Candidate, max_file_size: u64) -> SourceFile {
    let unreadable =
        |message| SourceFile::unreadable(candidate.path.clone(), candidate.kind, message);
    if candidate.kind.is_raw() {
        // Data and static resources may be binary (a zip) or in a legacy encoding.
        return match read_bytes(candidate, max_file_size) {
            Ok(bytes) => SourceFile::from_bytes(candidate.path.clone(), candidate.kind, bytes),
            Err(message) => unreadable(message),
        };
    }
    match read_text(candidate, max_file_size) {
        Ok(text) => SourceFile::parse(candidate.path.clone(), candidate.kind, text),
        Err(message) => unreadable(message),
    }
}

/// A file's text, or why it cannot be checked.
pub fn read_text(candidate: &Candidate, max_file_size: u64) -> Result<String, String> {
    String::from_utf8(read_bytes(candidate, max_file_size)?).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A plain file's bytes, within the size limit, or why they cannot be read.
fn read_bytes(candidate: &Candidate, max_file_size: u64) -> Result<Vec<u8>, String> {
    let size = match std::fs::metadata(&candidate.absolute) {
        // A named pipe or a device would block or never end; only plain files are read.
        Ok(meta) if !meta.is_file() => {
            return Err("is not a regular file (a pipe, socket or device)".into())
        }
        Ok(meta) => meta.len(),
        Err(e) => return Err(format!("cannot be read: {e}")),
    };
    if size > max_file_size {
        return Err(format!(
            "it is {size} bytes, over the limit of {max_file_size} (`max-file-size` in phi-lint.toml)"
        ));
    }
    // The size is known: reading through `take` spares the second look-up of it that
    // `fs::read` makes, and stops a file that grew past the limit since.
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(&candidate.absolute)
        .and_then(|file| file.take(max_file_size + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > max_file_size {
        return Err(format!(
            "it grew past the limit of {max_file_size} bytes while it was read"
        ));
    }
    Ok(bytes)
}

/// Lints one code file, or takes its findings and facts from the cache when nothing they
/// depend on has changed. Facts are asked for only in the phase that merges them.
fn check_code(
    candidate: &Candidate,
    max_file_size: u64,
    phase: Phase,
    session: Option<&Session>,
    lint: impl FnOnce(&SourceFile) -> Vec<Finding>,
) -> (Vec<Finding>, Facts) {
    if candidate.kind.is_raw() {
        // Data files are few and cheap to check: they are not cached.
        return (
            lint(&read_source(candidate, max_file_size)),
            Facts::default(),
        );
    }
    // Taken before the file is read, so that an edit made while it is read is seen next
    // time.
    let stamp = session.and_then(|_| Stamp::of(&candidate.absolute));
    if let (Some(session), Some(stamp)) = (session, stamp) {
        if let Some(hit) = session.get_unchanged(&candidate.path, phase, stamp) {
            return hit;
        }
    }
    let text = match read_text(candidate, max_file_size) {
        Ok(text) => text,
        Err(message) => {
            let file = SourceFile::unreadable(candidate.path.clone(), candidate.kind, message);
            return (lint(&file), Facts::default());
        }
    };
    let known = session.map(|session| {
        let hash = text_hash(&text);
        FileText {
            stamp,
            key: session.key(phase, &hash),
            hash,
        }
    });
    if let (Some(session), Some(known)) = (session, &known) {
        if let Some(hit) = session.get(&candidate.path, &known.key, Some(known)) {
            return hit;
        }
    }
    let file = SourceFile::parse(candidate.path.clone(), candidate.kind, text);
    let found = lint(&file);
    let facts = match phase {
        Phase::FactSource => facts_of(&file),
        Phase::Rest => Facts::default(),
    };
    if let (Some(session), Some(known)) = (session, &known) {
        session.put(&candidate.path, known, &found, &facts);
    }
    (found, facts)
}

/// The files of each phase of [`run`], in order: metadata, the code whose facts other
/// code needs, the rest.
pub fn phases(discovery: &Discovery) -> [Vec<&Candidate>; 3] {
    let (metadata, code): (Vec<&Candidate>, Vec<&Candidate>) =
        discovery.files.iter().partition(|c| c.kind.is_metadata());
    let (fact_sources, rest): (Vec<&Candidate>, Vec<&Candidate>) =
        code.into_iter().partition(|c| is_fact_source(c.kind));
    [metadata, fact_sources, rest]
}

/// Runs `rules` over the project found by discovery, in the phases of
/// `phi_lint_lints::analysis`: metadata first, then the files whose facts others need
/// (Apex, LWC templates), then everything else. Each code file is read, parsed, linted
/// and dropped within its phase, so only the models stay in memory.
///
/// With a cache, code files whose entries are fresh are not parsed at all.
pub fn run(
    discovery: &Discovery,
    config: &Config,
    rules: Vec<&'static dyn Rule>,
    cache: Option<&Cache>,
) -> Outcome {
    let settings = &config.settings;
    let max = config.max_file_size;
    let [metadata, fact_sources, rest] = phases(discovery);

    // 1. Metadata, so that the models are complete before any rule runs.
    let (metadata, stored) = rayon::join(
        || -> Vec<SourceFile> { metadata.par_iter().map(|c| read_source(c, max)).collect() },
        || cache.map(Cache::load),
    );
    let mut project = Project::build(&metadata);
    let phi = PhiModel::build(&project, &settings.phi);
    let linter = Linter::new(rules);
    let active = linter.active_ids();
    let mut ids: Vec<&str> = active.iter().copied().collect();
    ids.sort_unstable();
    let owned = cache
        .zip(stored)
        .map(|(c, stored)| c.session(config, &ids, &metadata, stored));
    let session = owned.as_ref();

    // 2. Apex and templates: linted, and asked for the facts that JavaScript rules need.
    let (mut findings, facts): (Vec<Vec<Finding>>, Vec<Facts>) = fact_sources
        .par_iter()
        .map(|c| {
            let lint = |file: &SourceFile| {
                finish_file(file, linter.lint(file, &project, &phi, settings), &active)
            };
            check_code(c, max, Phase::FactSource, session, lint)
        })
        .unzip();
    for one in facts {
        add_facts(&mut project, one);
    }

    // 3. Everything else, against the completed model.
    let project = &project;
    let lint =
        |file: &SourceFile| finish_file(file, linter.lint(file, project, &phi, settings), &active);
    findings.push(metadata.par_iter().flat_map_iter(lint).collect());
    drop(metadata);
    findings.push(
        rest.par_iter()
            .flat_map_iter(|c| check_code(c, max, Phase::Rest, session, lint).0)
            .collect(),
    );

    let cached = session.map_or(0, Session::hits);
    // A cache that cannot be written costs the next run time, never this run's result.
    let cache_error = owned
        .and_then(|s| s.save().err())
        .map(|e| format!("cannot write the cache: {e}"));
    Outcome {
        findings: findings.into_iter().flatten().collect(),
        files_checked: discovery.files.len(),
        cached,
        cache_error,
    }
}

/// Applies the configuration's levels and the paths the user asked about, and sorts.
pub fn filter(
    mut findings: Vec<Finding>,
    config: &Config,
    report_paths: &[Arc<str>],
) -> Vec<Finding> {
    findings.retain_mut(|f| {
        let in_scope = report_paths.is_empty()
            || report_paths.iter().any(|p| {
                p.is_empty()
                    || *f.location.path == **p
                    || f.location.path.starts_with(&format!("{p}/"))
            });
        if !in_scope {
            return false;
        }
        match config.level(f.rule, &f.location.path, f.severity) {
            Level::Off => false,
            Level::On(severity) => {
                f.severity = severity;
                true
            }
        }
    });
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}
