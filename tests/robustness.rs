//! Hostile input: a project full of broken files, built here so that git and editors
//! cannot repair them, must end in findings and messages, never in a panic, a hang or an
//! out-of-memory abort; and the good files' findings must still come out, at the right
//! line and column. Also: output is byte-identical whatever the thread count.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{repo, stderr, stdout};

/// Long enough for a debug build on a busy CI machine; a hang is far longer.
const DEADLINE: Duration = Duration::from_secs(300);

const CLASSES: &str = "force-app/main/default/classes";
const FIELDS: &str = "force-app/main/default/objects/Patient__c/fields";
const LWC: &str = "force-app/main/default/lwc";

/// Copies the committed good files of `testdata/hostile` into `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Deterministic junk: a linear congruential generator, so that the test is repeatable.
fn junk(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

/// A class whose third line writes a PHI field to the debug log, at column 22.
fn leaky_class(name: &str, newline: &str) -> String {
    [
        format!("public with sharing class {name} {{"),
        "    public static void show(Patient__c patient) {".to_string(),
        "        System.debug(patient.SSN__c);".to_string(),
        "    }".to_string(),
        "}".to_string(),
        String::new(),
    ]
    .join(newline)
}

/// Builds the project in `root` and returns the paths of the broken files, each of which
/// must end in a `parse-error` finding or a "skipped" message.
fn build_hostile_project(root: &Path) -> Vec<String> {
    copy_dir(&repo().join("testdata/hostile"), root);
    let mut broken = Vec::new();
    let mut add = |rel: String, bytes: Vec<u8>| {
        write(root, &rel, bytes);
        broken.push(rel);
    };

    // Not text at all.
    add(format!("{CLASSES}/Binary.cls"), junk(64 * 1024));
    add(
        format!("{CLASSES}/Latin1.cls"),
        b"public class Latin1 { String s = 'caf\xe9'; }".to_vec(),
    );
    add(
        format!("{CLASSES}/Nul.cls"),
        b"public class Nul {\0\0\0 void f() {} }".to_vec(),
    );
    add(format!("{LWC}/junk/junk.js"), junk(4096));

    // Broken XML.
    let field = std::fs::read_to_string(root.join(FIELDS).join("SSN__c.field-meta.xml")).unwrap();
    add(
        format!("{FIELDS}/Truncated__c.field-meta.xml"),
        field.as_bytes()[..field.len() / 2].to_vec(),
    );
    add(
        format!("{FIELDS}/Mismatched__c.field-meta.xml"),
        b"<?xml version=\"1.0\"?>\n<CustomField><fullName>Mismatched__c</label></CustomField>\n"
            .to_vec(),
    );
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str(
        "]>\n<CustomField><fullName>Bomb__c</fullName><label>&lol9;</label></CustomField>\n",
    );
    // Well-formed, and harmless: entities are never expanded, so it is simply read.
    write(root, &format!("{FIELDS}/Bomb__c.field-meta.xml"), bomb);

    // Deep nesting, in every language.
    let deep = 100_000;
    add(
        format!("{FIELDS}/Deep__c.field-meta.xml"),
        format!("<CustomField>{}", "<a>".repeat(deep)).into_bytes(),
    );
    // Valid Apex, but too deep to lint without overflowing the stack.
    add(
        format!("{CLASSES}/Deep.cls"),
        format!(
            "public class Deep {{ void f() {{ Integer x = {}1{}; }} }}",
            "(".repeat(deep),
            ")".repeat(deep)
        )
        .into_bytes(),
    );
    add(
        format!("{CLASSES}/DeepBlocks.cls"),
        format!(
            "public class DeepBlocks {{ void f() {} }}",
            "{".repeat(deep)
        )
        .into_bytes(),
    );
    // A flat text whose tree is 100,000 levels deep: rules read expressions recursively.
    add(
        format!("{CLASSES}/Concat.cls"),
        format!(
            "public class Concat {{ static void f(Patient__c p) {{ System.debug({}p.SSN__c); }} }}",
            "'a' + ".repeat(deep)
        )
        .into_bytes(),
    );
    // Just within the limit: checked in full, on the worker threads' stacks.
    write(
        root,
        &format!("{CLASSES}/Concat1900.cls"),
        format!(
            "public class Concat1900 {{\n static void f(Patient__c p) {{\n  System.debug({}p.SSN__c);\n }}\n}}\n",
            "'a' + ".repeat(1_900)
        ),
    );
    add(
        format!("{LWC}/deep/deep.html"),
        format!("<template>{}</template>", "<div>".repeat(deep)).into_bytes(),
    );
    add(
        format!("{LWC}/deep/deep.js"),
        format!("export default {};", "[".repeat(deep)).into_bytes(),
    );

    // Size: one 5 MB line, and a file over the 10 MB default limit.
    let mut long = format!(
        "public class LongLine {{\n    String s = '{}';\n",
        "a".repeat(5 << 20)
    );
    long.push_str("    public static void show(Patient__c patient) {\n");
    long.push_str("        System.debug(patient.SSN__c);\n    }\n}\n");
    write(root, &format!("{CLASSES}/LongLine.cls"), long);
    add(
        format!("{CLASSES}/Huge.cls"),
        format!("// {}\n", "x".repeat(20 << 20)).into_bytes(),
    );

    // Empty files.
    // An empty Apex file is valid, with nothing in it to check; an empty XML file lacks
    // its root element.
    write(root, &format!("{CLASSES}/Empty.cls"), "");
    add(format!("{FIELDS}/Empty__c.field-meta.xml"), Vec::new());

    // Encodings and line endings that are fine: these must be linted, not reported.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(leaky_class("Bom", "\n").into_bytes());
    write(root, &format!("{CLASSES}/Bom.cls"), bom);
    write(
        root,
        &format!("{CLASSES}/Crlf.cls"),
        leaky_class("Crlf", "\r\n"),
    );
    write(
        root,
        &format!("{CLASSES}/My Class.cls"),
        leaky_class("MyClass", "\n"),
    );
    write(
        root,
        &format!("{CLASSES}/Pätiënt Ñame.cls"),
        leaky_class("Patient", "\n"),
    );

    // Links and special files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::{symlink, PermissionsExt};
        symlink("..", root.join(CLASSES).join("loop")).unwrap();
        broken.push(format!("{CLASSES}/loop"));
        symlink("Missing.cls", root.join(CLASSES).join("Dangling.cls")).unwrap();
        broken.push(format!("{CLASSES}/Dangling.cls"));
        let fifo = root.join(CLASSES).join("Pipe.cls");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            broken.push(format!("{CLASSES}/Pipe.cls"));
        }
        let secret = root.join(CLASSES).join("Secret.cls");
        std::fs::write(&secret, leaky_class("Secret", "\n")).unwrap();
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads any file; the case only means something for other users.
        if std::fs::read(&secret).is_err() {
            broken.push(format!("{CLASSES}/Secret.cls"));
        } else {
            std::fs::remove_file(&secret).unwrap();
        }
    }
    broken
}

/// Every path under `dir` with its size and modification time, links not followed.
fn tree_state(dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut state = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            }
            state.push((entry.path(), meta.len(), meta.modified().ok()));
        }
    }
    state.sort();
    state
}

/// Runs the binary, killing it when it overruns the deadline, which fails the test.
fn run_with_deadline(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-lint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the phi-lint binary runs");
    // Read the pipes on threads, so that a full pipe cannot stall the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).map(|_| buf)
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut buf).map(|_| buf)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("phi-lint {args:?} still ran after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap().unwrap(),
        stderr: err.join().unwrap().unwrap(),
    }
}

fn hostile() -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hostile project ü");
    let broken = build_hostile_project(&root);
    (dir, root, broken)
}

#[test]
fn hostile_input_ends_in_findings_and_messages() {
    let (_dir, root, broken) = hostile();
    let before = tree_state(&root);
    let output = run_with_deadline(
        &root,
        &["check", ".", "--format", "json", "--verbose", "-j", "2"],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        tree_state(&root) == before,
        "the run wrote into the project"
    );

    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let at = |rule: &str, path: &str| -> Vec<(u64, u64)> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule && f["path"] == path)
            .map(|f| {
                (
                    f["start"]["line"].as_u64().unwrap(),
                    f["start"]["column"].as_u64().unwrap(),
                )
            })
            .collect()
    };

    for rel in &broken {
        let reported = !at("parse-error", rel).is_empty();
        let skipped = err
            .lines()
            .any(|l| l.contains("skipped") && l.contains(rel.as_str()));
        assert!(
            reported || skipped,
            "{rel}: neither a parse-error finding nor a message\n{err}"
        );
    }
    let huge = findings
        .iter()
        .find(|f| f["path"] == format!("{CLASSES}/Huge.cls"))
        .expect("the huge file is reported");
    assert!(
        huge["message"].as_str().unwrap().contains("max-file-size"),
        "{huge}"
    );

    // The good files, whatever their encoding, line endings or names.
    for name in ["Good", "Bom", "Crlf", "My Class", "Pätiënt Ñame"] {
        let rel = format!("{CLASSES}/{name}.cls");
        assert_eq!(at("apex-phi-in-debug", &rel), [(3, 22)], "{rel}");
        assert!(at("parse-error", &rel).is_empty(), "{rel}");
    }
    assert_eq!(
        at("apex-phi-in-debug", &format!("{CLASSES}/LongLine.cls")),
        [(4, 22)]
    );
    let concat = at("apex-phi-in-debug", &format!("{CLASSES}/Concat1900.cls"));
    assert_eq!(concat.len(), 1, "{concat:?}");
    assert_eq!(
        at("a11y-missing-label", &format!("{LWC}/intake/intake.html")),
        [(2, 5)]
    );
    assert_eq!(
        at(
            "field-phi-unencrypted",
            &format!("{FIELDS}/SSN__c.field-meta.xml")
        ),
        [(3, 5)]
    );
}

#[test]
fn the_size_limit_can_be_set_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("testdata/hostile"), dir.path());
    let args = [
        "check",
        ".",
        "--format",
        "concise",
        "--max-file-size",
        "100",
    ];
    let output = run_with_deadline(dir.path(), &args);
    let out = stdout(&output);
    assert!(out.contains("Good.cls:1:1: warning[parse-error]"), "{out}");
    assert!(out.contains("over the limit of 100"), "{out}");
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let (_dir, root, _) = hostile();
    let clinic = repo().join("testdata/clinic");
    for (dir, formats) in [
        (clinic.as_path(), &["json", "sarif", "human"][..]),
        (root.as_path(), &["json"][..]),
    ] {
        for format in formats {
            let mut outputs = Vec::new();
            // Cold runs at each thread count, then runs that reuse the cache.
            for (jobs, cache) in [
                ("1", "--no-cache"),
                ("2", "--no-cache"),
                ("8", "--no-cache"),
                ("1", "--verbose"),
                ("8", "--verbose"),
                ("2", "--verbose"),
            ] {
                let args = ["check", ".", "--format", format, "--jobs", jobs, cache];
                let output = run_with_deadline(dir, &args);
                assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
                outputs.push((jobs, output.stdout));
            }
            for (jobs, out) in &outputs[1..] {
                assert!(
                    *out == outputs[0].1,
                    "{format} output with --jobs {jobs} differs from --jobs 1 in {}",
                    dir.display()
                );
            }
        }
    }
}
