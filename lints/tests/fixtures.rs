//! Every rule's fixture project, `testdata/rules/<rule-id>/`, fires exactly on the lines
//! marked `expect: <rule-id>`, and every rule has a fixture with at least one such line.
//! All rules run, as in a real run, and the fixture's own rule is compared.
//! Files that cannot hold comments (CSV, JSON, zip archives) list their expected lines in
//! a sidecar `<file>.expect`: one `<line> <rule-id>` a line, `#` starting a comment.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use phi_lint_lints::{rules, Settings, SourceFile, SourceKind};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/rules")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `(path, line)` of every marker naming `rule` in the files of `dir`.
fn markers(rule: &str, files: &[(String, String)]) -> BTreeSet<(String, u32)> {
    let mut out = BTreeSet::new();
    for (path, text) in files {
        if let Some(target) = path.strip_suffix(".expect") {
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (number, id) = line
                    .split_once(char::is_whitespace)
                    .unwrap_or_else(|| panic!("{path}: `{line}` is not `<line> <rule-id>`"));
                if id.trim() == rule {
                    let number: u32 = number
                        .parse()
                        .unwrap_or_else(|_| panic!("{path}: `{number}` is not a line number"));
                    out.insert((target.to_string(), number));
                }
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("expect:") else {
                continue;
            };
            let ids = line[at + "expect:".len()..]
                .trim_end_matches("-->")
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_end_matches("*/").to_string())
                .collect::<Vec<_>>();
            if ids.iter().any(|id| id == rule) {
                out.insert((path.clone(), i as u32 + 1));
            }
        }
    }
    out
}

#[test]
fn every_rule_fires_exactly_on_its_marked_lines() {
    let mut failures = Vec::new();
    for rule in rules::ALL {
        let id = rule.meta().id;
        let dir = testdata().join(id);
        if !dir.is_dir() {
            failures.push(format!("{id}: no fixture project at testdata/rules/{id}/"));
            continue;
        }
        let contents: Vec<(String, Vec<u8>)> = files_under(&dir)
            .into_iter()
            .map(|p| {
                let rel = p
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read(&p).unwrap())
            })
            .collect();
        let files: Vec<(String, String)> = contents
            .iter()
            .map(|(rel, bytes)| (rel.clone(), String::from_utf8_lossy(bytes).into_owned()))
            .collect();
        let expected = markers(id, &files);
        if expected.is_empty() {
            failures.push(format!(
                "{id}: the fixture marks no line with `expect: {id}`"
            ));
        }
        let parsed: Vec<SourceFile> = contents
            .iter()
            .filter_map(|(path, bytes)| {
                let kind = SourceKind::from_path(path)?;
                Some(SourceFile::from_bytes(
                    Arc::from(path.as_str()),
                    kind,
                    bytes.clone(),
                ))
            })
            .collect();
        let settings = fixture_settings(&dir);
        let actual: BTreeSet<(String, u32)> =
            phi_lint_lints::analysis::lint_files(&parsed, &settings, rules::ALL.to_vec())
                .iter()
                .filter(|f| f.rule == id)
                .map(|f| (f.location.path.to_string(), f.location.start.line))
                .collect();
        for missing in expected.difference(&actual) {
            failures.push(format!(
                "{id}: expected a finding at {}:{}",
                missing.0, missing.1
            ));
        }
        for extra in actual.difference(&expected) {
            failures.push(format!(
                "{id}: unexpected finding at {}:{}",
                extra.0, extra.1
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Fixtures run with default settings, plus `debug_sinks` and `baa_endpoints` read from an
/// optional `settings.txt` (`key = value` lines), for rules whose behaviour depends on them.
fn fixture_settings(dir: &Path) -> Settings {
    let mut settings = Settings::default();
    let Ok(text) = std::fs::read_to_string(dir.join("settings.txt")) else {
        return settings;
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().to_string();
        match key.trim() {
            "debug_sink" => settings.debug_sinks.push(value),
            "baa_endpoint" => settings.baa_endpoints.push(value),
            "session_timeout_minutes" => settings.session_timeout_minutes = value.parse().unwrap(),
            "phi_field" => settings.phi.fields.push(value),
            "not_phi_field" => settings.phi.not_fields.push(value),
            "phi_object" => settings.phi.objects.push(value),
            "not_phi_object" => settings.phi.not_objects.push(value),
            "phi_term" => settings.phi.terms.push(value),
            other => panic!("settings.txt: unknown key {other}"),
        }
    }
    settings
}

#[test]
fn every_rule_has_complete_docs_and_a_valid_id() {
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for rule in rules::ALL {
        let meta = rule.meta();
        let missing = phi_lint_lints::docs::missing_sections(meta);
        if !missing.is_empty() {
            failures.push(format!("{}: docs lack sections {missing:?}", meta.id));
        }
        let valid = meta.id.split('-').count() >= 2
            && meta
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            failures.push(format!(
                "{}: ids are kebab-case `<artifact>-<what>`",
                meta.id
            ));
        }
        if !seen.insert(meta.id) {
            failures.push(format!("{}: listed twice", meta.id));
        }
        if meta.summary.ends_with('.') {
            failures.push(format!("{}: the summary ends with a period", meta.id));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
