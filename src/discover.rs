//! Finding the project and the files to check.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use phi_lint_lints::SourceKind;
use walkdir::WalkDir;

use crate::config::Config;

/// Folders never walked into, wherever they are.
const SKIPPED_FOLDERS: &[&str] = &[".git", ".sfdx", ".sf", "node_modules", ".localdevserver"];

/// A file to check.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Relative to the project root, with `/`.
    pub path: Arc<str>,
    pub absolute: PathBuf,
    pub kind: SourceKind,
}

/// The project: its root and the files in its package directories.
#[derive(Debug)]
pub struct Discovery {
    pub root: PathBuf,
    /// Whether the root holds an `sfdx-project.json`.
    pub sfdx: bool,
    pub files: Vec<Candidate>,
    /// Things passed over, for `--verbose`: a path and why.
    pub skipped: Vec<(PathBuf, String)>,
}

/// The nearest folder at or above `start` that holds an `sfdx-project.json`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        start.parent()?
    } else {
        start
    };
    start
        .ancestors()
        .find(|dir| dir.join("sfdx-project.json").is_file())
        .map(Path::to_path_buf)
}

/// Reads `packageDirectories` from `sfdx-project.json`; falls back to the root when the
/// file lists none.
fn package_directories(root: &Path) -> Result<Vec<PathBuf>, String> {
    let path = root.join("sfdx-project.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
    let dirs: Vec<PathBuf> = json
        .get("packageDirectories")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("path")?.as_str())
        // `./force-app/` and `force-app` are one folder.
        .map(|p| root.join(p).components().collect::<PathBuf>())
        .filter(|p| p.is_dir())
        .collect();
    Ok(if dirs.is_empty() {
        vec![root.to_path_buf()]
    } else {
        dirs
    })
}

/// Turns `.forceignore` (gitignore syntax) into globs relative to the root: the ignored
/// patterns and the re-included (`!`) ones.
pub fn forceignore(root: &Path) -> (GlobSet, GlobSet) {
    let mut ignored = GlobSetBuilder::new();
    let mut kept = GlobSetBuilder::new();
    if let Ok(text) = std::fs::read_to_string(root.join(".forceignore")) {
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (builder, pattern) = match line.strip_prefix('!') {
                Some(rest) => (&mut kept, rest),
                None => (&mut ignored, line),
            };
            let anchored = pattern.starts_with('/') || pattern.trim_end_matches('/').contains('/');
            let pattern = pattern.trim_start_matches('/').trim_end_matches('/');
            let base = if anchored || pattern.starts_with("**") {
                pattern.to_string()
            } else {
                format!("**/{pattern}")
            };
            for glob in [base.clone(), format!("{base}/**")] {
                if let Ok(glob) = Glob::new(&glob) {
                    builder.add(glob);
                }
            }
        }
    }
    (
        ignored.build().unwrap_or_else(|_| GlobSet::empty()),
        kept.build().unwrap_or_else(|_| GlobSet::empty()),
    )
}

/// Finds the project that holds `start` and the files to check in it: every file of its
/// package directories, then data and scripts anywhere in the repository (see
/// [`walk_for_data`]).
pub fn discover(start: &Path, config: &Config) -> Result<Discovery, String> {
    let start = start
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", start.display()))?;
    let (root, sfdx) = match find_root(&start) {
        Some(root) => (root, true),
        None if start.is_dir() => (start.clone(), false),
        None => (
            start.parent().map(Path::to_path_buf).unwrap_or_default(),
            false,
        ),
    };
    let dirs = if sfdx {
        package_directories(&root)?
    } else {
        vec![root.clone()]
    };
    let mut walk = Walk {
        root: &root,
        config,
        forceignore: forceignore(&root),
        files: Vec::new(),
        skipped: Vec::new(),
        seen: std::collections::HashSet::new(),
    };
    for dir in &dirs {
        walk.walk(dir, &[]);
    }
    // Data and scripts live anywhere: `data/`, `scripts/`, `.github/workflows/`,
    // `package.json`. The package directories were walked in full already.
    if !dirs.contains(&root) {
        walk.walk(&root, &dirs);
    }
    let Walk {
        mut files, skipped, ..
    } = walk;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Discovery {
        root,
        sfdx,
        files,
        skipped,
    })
}

/// Kinds looked for in the whole repository, not only in package directories: data,
/// scripts and anonymous Apex (`scripts/apex/*.apex`).
fn repository_wide(kind: SourceKind) -> bool {
    kind.is_data_or_script() || kind == SourceKind::ApexAnonymous
}

/// One discovery's state, shared by its walks so that no file is listed twice.
struct Walk<'a> {
    root: &'a Path,
    config: &'a Config,
    forceignore: (GlobSet, GlobSet),
    files: Vec<Candidate>,
    skipped: Vec<(PathBuf, String)>,
    seen: std::collections::HashSet<String>,
}

impl Walk<'_> {
    /// Walks `dir`. When `walked` lists folders walked already, this is the walk of the
    /// whole repository: it passes over those folders and keeps only data, scripts and
    /// anonymous Apex (and files that `data-paths` names).
    fn walk(&mut self, dir: &Path, walked: &[PathBuf]) {
        let data_only = !walked.is_empty();
        let walker = WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                !(e.file_type().is_dir()
                    && e.depth() > 0
                    && (SKIPPED_FOLDERS.contains(&e.file_name().to_string_lossy().as_ref())
                        || walked.iter().any(|w| w == e.path())))
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                    if !data_only {
                        self.skipped.push((path, format!("cannot be read: {e}")));
                    }
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = relative(self.root, entry.path());
            // A link to a folder is never entered (links can loop); say so when it could
            // hold sources, so that `-v` explains what was not checked.
            if entry.file_type().is_symlink() {
                let why = match std::fs::metadata(entry.path()) {
                    Ok(target) if target.is_dir() => {
                        Some("is a symbolic link to a folder; links are not followed".to_string())
                    }
                    Ok(_) => None,
                    Err(e) => Some(format!("is a symbolic link that leads nowhere ({e})")),
                };
                if let Some(why) = why {
                    self.skipped.push((entry.path().to_path_buf(), why));
                    continue;
                }
            }
            let kind = match SourceKind::from_path(&rel) {
                Some(kind) if data_only && !repository_wide(kind) => {
                    // Metadata and code count only inside package directories; a file
                    // named in `data-paths` is read as data wherever it is.
                    if !self.config.data_paths.is_match(&rel) || kind.is_metadata() {
                        continue;
                    }
                    SourceKind::DataFile
                }
                Some(kind) => kind,
                None if self.config.data_paths.is_match(&rel) => SourceKind::DataFile,
                None => continue,
            };
            if entry.file_type().is_symlink() {
                self.skipped.push((
                    entry.path().to_path_buf(),
                    "is a symbolic link; links are not followed".into(),
                ));
                continue;
            }
            if self.config.exclude.is_match(&rel) {
                self.skipped.push((
                    entry.path().to_path_buf(),
                    "excluded by the configuration".into(),
                ));
                continue;
            }
            if repository_wide(kind) && self.config.data_ignore.is_match(&rel) {
                self.skipped
                    .push((entry.path().to_path_buf(), "listed in `data-ignore`".into()));
                continue;
            }
            let (ignored, kept) = &self.forceignore;
            if ignored.is_match(&rel) && !kept.is_match(&rel) {
                self.skipped
                    .push((entry.path().to_path_buf(), "listed in .forceignore".into()));
                continue;
            }
            if self.seen.insert(rel.clone()) {
                self.files.push(Candidate {
                    path: Arc::from(rel),
                    absolute: entry.path().to_path_buf(),
                    kind,
                });
            }
        }
    }
}

/// The project's name: `name` in `sfdx-project.json`, else the root folder's name.
pub fn project_name(root: &Path) -> String {
    std::fs::read_to_string(root.join("sfdx-project.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json.get("name")?.as_str().map(str::to_string))
        .unwrap_or_else(|| {
            root.file_name().map_or_else(
                || "project".to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
}

/// `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // Where `/` is the separator, a clean UTF-8 path (what the walk gives) is already
    // written that way; only another is rebuilt from its components.
    if let Some(text) = rel
        .to_str()
        .filter(|t| std::path::MAIN_SEPARATOR == '/' && is_clean(t))
    {
        return text.to_string();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether joining the components of `path` with `/` gives `path` back: no empty, `.`
/// or trailing part, and not absolute.
fn is_clean(path: &str) -> bool {
    !path.starts_with('/') && path.split('/').all(|part| !part.is_empty() && part != ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for clean paths gives what joining the components does.
    #[test]
    fn relative_paths_are_joined_with_slashes() {
        let root = Path::new("/project");
        let joined = |path: &Path| {
            let rel = path.strip_prefix(root).unwrap_or(path);
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        };
        for path in [
            "/project/force-app/main/a.cls",
            "/project/force-app//main/./a.cls",
            "/project/force-app/main/",
            "/project/a b/é.cls",
            "/project/../x.cls",
            "/project",
            "/elsewhere/x.cls",
        ] {
            let path = Path::new(path);
            assert_eq!(relative(root, path), joined(path), "{}", path.display());
        }
        assert_eq!(
            relative(root, Path::new("/project/force-app/main/a.cls")),
            "force-app/main/a.cls"
        );
    }

    #[test]
    fn forceignore_patterns_match_like_git() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".forceignore"),
            "# comment\n**/jsconfig.json\n__tests__\n/force-app/main/default/classes/Legacy.cls\n!keep.cls\n",
        )
        .unwrap();
        let (ignored, kept) = forceignore(dir.path());
        assert!(ignored.is_match("force-app/lwc/a/__tests__/a.test.js"));
        assert!(ignored.is_match("force-app/main/default/classes/Legacy.cls"));
        assert!(!ignored.is_match("other/force-app/main/default/classes/Legacy.cls"));
        assert!(kept.is_match("x/keep.cls"));
    }

    #[test]
    fn data_and_scripts_are_found_outside_package_directories_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        std::fs::write(
            root.join("sfdx-project.json"),
            r#"{"packageDirectories":[{"path":"force-app"}]}"#,
        )
        .unwrap();
        write("force-app/main/default/classes/A.cls");
        write("force-app/main/default/staticresources/seed.resource");
        write("force-app/main/default/data/in-package.csv");
        write("data/Patient__c-plan.json");
        write("data/synthetic/patients.csv");
        write("scripts/export.sh");
        write("scripts/apex/export.apex");
        write("extracts/notes.txt");
        write(".github/workflows/ci.yml");
        write("node_modules/pkg/data/x.csv");
        write("other/classes/Stray.cls");
        write("package.json");
        let config = Config::parse(
            "phi-lint.toml",
            "data-ignore = [\"data/synthetic/**\"]\ndata-paths = [\"extracts/*.txt\"]\n",
        )
        .unwrap();
        let found = discover(root, &config).unwrap();
        let paths: Vec<&str> = found.files.iter().map(|c| &*c.path).collect();
        assert_eq!(
            paths,
            [
                ".github/workflows/ci.yml",
                "data/Patient__c-plan.json",
                "extracts/notes.txt",
                "force-app/main/default/classes/A.cls",
                "force-app/main/default/data/in-package.csv",
                "force-app/main/default/staticresources/seed.resource",
                "package.json",
                "scripts/apex/export.apex",
                "scripts/export.sh",
            ]
        );
        assert!(found
            .skipped
            .iter()
            .any(|(p, why)| p.ends_with("patients.csv") && why.contains("data-ignore")));
    }
}
