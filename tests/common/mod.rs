//! Running the built binary in tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `phi-lint` with `args` from the repository root, with colour off.
pub fn phi_lint(args: &[&str]) -> Output {
    phi_lint_in(&repo(), args)
}

pub fn phi_lint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phi-lint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // The default cache would be the user's own; tests keep theirs under target/.
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .expect("the phi-lint binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}
