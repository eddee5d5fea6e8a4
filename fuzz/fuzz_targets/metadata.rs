//! Every metadata reader, in both layouts: the first byte picks the kind of file, the
//! rest is its XML, read through the element tree, the typed reader, the project and PHI
//! models and every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "force-app/main/default/objects/Patient__c/fields/Fuzz__c.field-meta.xml",
    "force-app/main/default/objects/Fuzz__c/Fuzz__c.object-meta.xml",
    "src/objects/Fuzz__c.object",
    "force-app/main/default/permissionsets/Fuzz.permissionset-meta.xml",
    "force-app/main/default/permissionsets/Fuzz/objectSettings/Patient__c.objectSettings-meta.xml",
    "force-app/main/default/permissionsetgroups/Fuzz.permissionsetgroup-meta.xml",
    "force-app/main/default/mutingpermissionsets/Fuzz.mutingpermissionset-meta.xml",
    "force-app/main/default/profiles/Fuzz.profile-meta.xml",
    "src/profiles/Fuzz.profile",
    "force-app/main/default/settings/Security.settings-meta.xml",
    "force-app/main/default/flows/Fuzz.flow-meta.xml",
    "force-app/main/default/connectedApps/Fuzz.connectedApp-meta.xml",
    "force-app/main/default/remoteSiteSettings/Fuzz.remoteSite-meta.xml",
    "force-app/main/default/namedCredentials/Fuzz.namedCredential-meta.xml",
    "force-app/main/default/externalCredentials/Fuzz.externalCredential-meta.xml",
    "force-app/main/default/cspTrustedSites/Fuzz.cspTrustedSite-meta.xml",
    "force-app/main/default/dataSources/Fuzz.dataSource-meta.xml",
    "force-app/main/default/sites/Fuzz.site-meta.xml",
];

fuzz_target!(|data: &[u8]| {
    let (path, data) = phi_lint_fuzz::pick(PATHS, data);
    phi_lint_fuzz::check(path, data);
});
