//! LWC templates, Aura markup and Visualforce, through the parser and every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "force-app/main/default/lwc/fuzz/fuzz.html",
    "force-app/main/default/aura/Fuzz/Fuzz.cmp",
    "force-app/main/default/pages/Fuzz.page",
    "force-app/main/default/components/Fuzz.component",
];

fuzz_target!(|data: &[u8]| {
    let (path, data) = phi_lint_fuzz::pick(PATHS, data);
    phi_lint_fuzz::check(path, data);
});
