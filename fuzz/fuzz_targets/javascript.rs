//! LWC and Aura JavaScript, through the parser and every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "force-app/main/default/lwc/fuzz/fuzz.js",
    "force-app/main/default/aura/Fuzz/FuzzController.js",
];

fuzz_target!(|data: &[u8]| {
    let (path, data) = phi_lint_fuzz::pick(PATHS, data);
    phi_lint_fuzz::check(path, data);
});
