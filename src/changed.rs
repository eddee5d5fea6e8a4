//! `--changed-since REF`: the lines added or changed since a git revision, from
//! `git diff`, so that a pull request is judged on what it touches.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use phi_lint_lints::Finding;

/// Changed lines, by path relative to the project root.
pub struct ChangedLines {
    lines: HashMap<String, HashSet<u32>>,
    /// Files git does not track yet: every line counts as changed.
    whole: HashSet<String>,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("--changed-since needs git, which could not be run: {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git {} failed: {}", args.join(" "), err.trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

impl ChangedLines {
    /// The lines changed in the working tree since `reference`, for the project at `root`.
    pub fn since(root: &Path, reference: &str) -> Result<ChangedLines, String> {
        let toplevel = git(root, &["rev-parse", "--show-toplevel"])?;
        let toplevel = Path::new(toplevel.trim());
        let commit = format!("{reference}^{{commit}}");
        git(root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
            format!("--changed-since: `{reference}` is not a commit in this repository")
        })?;
        let diff = git(
            root,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--unified=0",
                "--no-renames",
                reference,
                "--",
            ],
        )?;
        let untracked = git(
            root,
            &["ls-files", "--others", "--exclude-standard", "--full-name"],
        )?;

        // git prints paths relative to the top level; the report uses the project root.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let toplevel = toplevel
            .canonicalize()
            .unwrap_or_else(|_| toplevel.to_path_buf());
        let relative = |p: &str| -> Option<String> {
            let absolute = toplevel.join(p);
            absolute
                .strip_prefix(&root)
                .ok()
                .map(|r| crate::discover::relative(Path::new(""), r))
        };

        let mut lines: HashMap<String, HashSet<u32>> = HashMap::new();
        let mut current: Option<String> = None;
        for line in diff.lines() {
            if let Some(path) = line.strip_prefix("+++ ") {
                current = path.strip_prefix("b/").and_then(relative);
            } else if let Some(hunk) = line.strip_prefix("@@ ") {
                let (Some(path), Some(range)) = (&current, hunk.split(' ').nth(1)) else {
                    continue;
                };
                let range = range.trim_start_matches('+');
                let (start, count) = match range.split_once(',') {
                    Some((s, c)) => (s.parse::<u32>().unwrap_or(0), c.parse::<u32>().unwrap_or(0)),
                    None => (range.parse::<u32>().unwrap_or(0), 1),
                };
                lines
                    .entry(path.clone())
                    .or_default()
                    .extend(start..start + count);
            }
        }
        let whole = untracked.lines().filter_map(relative).collect();
        Ok(ChangedLines { lines, whole })
    }

    /// Whether any line of the finding's primary span was added or changed.
    pub fn touches(&self, finding: &Finding) -> bool {
        let path = finding.location.path.as_ref();
        if self.whole.contains(path) {
            return true;
        }
        let Some(lines) = self.lines.get(path) else {
            return false;
        };
        (finding.location.start.line..=finding.location.end.line).any(|l| lines.contains(&l))
    }
}
