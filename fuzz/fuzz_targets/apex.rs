//! Apex classes, triggers and anonymous Apex, through the parser and every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "force-app/main/default/classes/Fuzz.cls",
    "force-app/main/default/triggers/Fuzz.trigger",
    "scripts/apex/fuzz.apex",
];

fuzz_target!(|data: &[u8]| {
    let (path, data) = phi_lint_fuzz::pick(PATHS, data);
    phi_lint_fuzz::check(path, data);
});
