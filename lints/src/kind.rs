//! The kinds of source file phi-lint understands.

use phi_lint_grammars::Language;

/// What a file is, decided from its path. Rules subscribe to kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    ApexClass,
    ApexTrigger,
    /// Anonymous Apex scripts (`.apex`).
    ApexAnonymous,
    LwcTemplate,
    LwcScript,
    AuraMarkup,
    AuraScript,
    VisualforcePage,
    VisualforceComponent,
    /// `X.object-meta.xml`, or `X.object` in the Metadata API layout.
    CustomObject,
    CustomField,
    /// `X.permissionset-meta.xml`, `X.permissionset`, or any file of a decomposed
    /// permission set's folder (`permissionsets/X/objectSettings/Account.objectSettings-meta.xml`).
    PermissionSet,
    PermissionSetGroup,
    /// The permissions a permission set group takes away from its members.
    MutingPermissionSet,
    Profile,
    Settings,
    Flow,
    ConnectedApp,
    RemoteSiteSetting,
    NamedCredential,
    ExternalCredential,
    CspTrustedSite,
    ExternalDataSource,
    CustomSite,
    /// `staticresources/X.resource-meta.xml`: a static resource's content type.
    StaticResourceMeta,
    /// Data committed to the repository: any `.csv`/`.tsv`, and `.json`/`.xml` in a data or
    /// fixture folder or named as an `sf data tree` plan. Kept as text; rules parse it.
    DataFile,
    /// `staticresources/X.resource` (or `X.zip`, `X.json`, `X.csv`...): the content of a
    /// static resource, any bytes (often a zip archive). Kept as bytes.
    StaticResource,
    /// Shell, PowerShell and Windows batch scripts, Makefiles, `package.json`, CI workflow
    /// files. Kept as text.
    Script,
    /// A Data Loader `process-conf.xml` (Spring beans, not metadata). Kept as text.
    DataLoaderConfig,
}

/// Folder names that hold data rather than metadata or code: `data/`, `sample-data/`,
/// `seed/`, `fixtures/`...
fn is_data_folder(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "data",
        "sample-data",
        "sampledata",
        "sample_data",
        "seed",
        "seeds",
        "seed-data",
        "seeddata",
        "test-data",
        "testdata",
        "test_data",
        "fixtures",
        "fixture",
        "mock-data",
        "mockdata",
        "exports",
        "extracts",
    ];
    NAMES.contains(&name)
}

/// The kind of a data file or script at `lower` (a lower-case path), if it is one.
fn data_or_script_kind(lower: &str, folders: &[&str]) -> Option<SourceKind> {
    let name = folders.last().copied().unwrap_or(lower);
    let parents = &folders[..folders.len() - 1];
    if name == "process-conf.xml" {
        return Some(SourceKind::DataLoaderConfig);
    }
    // Source format names a static resource's content by its type: `X.resource`,
    // `X.zip`, `X.json`, `X.csv`; only those that can hold records are read.
    let resource_content = [".resource", ".zip", ".csv", ".tsv", ".json", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if parents.last() == Some(&"staticresources") && resource_content {
        return Some(SourceKind::StaticResource);
    }
    let is_ci = (parents.ends_with(&[".github", "workflows"])
        && (name.ends_with(".yml") || name.ends_with(".yaml")))
        || (parents.is_empty()
            && matches!(
                name,
                ".gitlab-ci.yml"
                    | "azure-pipelines.yml"
                    | "bitbucket-pipelines.yml"
                    | "jenkinsfile"
            ))
        || (parents == [".circleci"] && name == "config.yml");
    let is_script = [
        ".sh", ".bash", ".zsh", ".ps1", ".psm1", ".mk", ".bat", ".cmd",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
        || matches!(name, "makefile" | "gnumakefile" | "package.json");
    if is_ci || is_script {
        return Some(SourceKind::Script);
    }
    if name.ends_with(".csv") || name.ends_with(".tsv") {
        return Some(SourceKind::DataFile);
    }
    let in_data_folder = parents.iter().any(|f| is_data_folder(f));
    let plan = name.ends_with("-plan.json") || name.ends_with("_plan.json") || name == "plan.json";
    if name.ends_with(".json") && (in_data_folder || plan) {
        return Some(SourceKind::DataFile);
    }
    if name.ends_with(".xml") && !name.ends_with("-meta.xml") && in_data_folder {
        let bare = name.trim_end_matches(".xml");
        let metadata = METADATA_SUFFIXES.iter().any(|(s, _)| bare.ends_with(s));
        return (!metadata).then_some(SourceKind::DataFile);
    }
    None
}

/// Metadata suffixes, in the SFDX form without `-meta.xml`; the Metadata API format uses
/// the same suffix without it (`Patient__c.object`).
const METADATA_SUFFIXES: &[(&str, SourceKind)] = &[
    (".object", SourceKind::CustomObject),
    (".field", SourceKind::CustomField),
    (".permissionset", SourceKind::PermissionSet),
    (".permissionsetgroup", SourceKind::PermissionSetGroup),
    (".mutingpermissionset", SourceKind::MutingPermissionSet),
    (".profile", SourceKind::Profile),
    (".settings", SourceKind::Settings),
    (".flow", SourceKind::Flow),
    (".connectedapp", SourceKind::ConnectedApp),
    (".remotesite", SourceKind::RemoteSiteSetting),
    (".namedcredential", SourceKind::NamedCredential),
    (".externalcredential", SourceKind::ExternalCredential),
    (".csptrustedsite", SourceKind::CspTrustedSite),
    (".datasource", SourceKind::ExternalDataSource),
    (".site", SourceKind::CustomSite),
];

impl SourceKind {
    /// The kind of the file at `path` (relative, with `/`), or `None` for a file no rule
    /// reads. Suffixes are compared case-insensitively.
    pub fn from_path(path: &str) -> Option<SourceKind> {
        let lower = path.to_ascii_lowercase();
        let folders: Vec<&str> = lower.split('/').collect();
        let in_folder = |name: &str| folders[..folders.len() - 1].contains(&name);
        // Data and scripts first: a CSV next to a component's tests is still data.
        if let Some(kind) = data_or_script_kind(&lower, &folders) {
            return Some(kind);
        }
        if in_folder("__tests__") || in_folder("__mocks__") {
            return None;
        }
        let code = [
            (".cls", SourceKind::ApexClass),
            (".trigger", SourceKind::ApexTrigger),
            (".apex", SourceKind::ApexAnonymous),
            (".page", SourceKind::VisualforcePage),
            (".component", SourceKind::VisualforceComponent),
        ];
        if let Some(&(_, kind)) = code.iter().find(|(ext, _)| lower.ends_with(ext)) {
            return Some(kind);
        }
        if in_folder("lwc") {
            if lower.ends_with(".html") {
                return Some(SourceKind::LwcTemplate);
            }
            if lower.ends_with(".js") {
                return Some(SourceKind::LwcScript);
            }
        }
        if in_folder("aura") {
            if lower.ends_with(".cmp") || lower.ends_with(".app") {
                return Some(SourceKind::AuraMarkup);
            }
            if lower.ends_with(".js") {
                return Some(SourceKind::AuraScript);
            }
        }
        if let Some(kind) = decomposed_permission_set(&folders, &lower) {
            return Some(kind);
        }
        if in_folder("staticresources") && lower.ends_with(".resource-meta.xml") {
            return Some(SourceKind::StaticResourceMeta);
        }
        let bare = lower.strip_suffix("-meta.xml").unwrap_or(&lower);
        // Site.com sites (`siteDotComSites/X.site`) are binary archives, not `CustomSite`.
        if bare.ends_with(".site") && !in_folder("sites") {
            return None;
        }
        METADATA_SUFFIXES
            .iter()
            .find(|(suffix, _)| bare.ends_with(suffix))
            .map(|&(_, kind)| kind)
    }

    /// The tree-sitter language that parses this kind, if it is code or markup.
    pub fn language(self) -> Option<Language> {
        match self {
            SourceKind::ApexClass | SourceKind::ApexTrigger | SourceKind::ApexAnonymous => {
                Some(Language::Apex)
            }
            SourceKind::LwcTemplate
            | SourceKind::AuraMarkup
            | SourceKind::VisualforcePage
            | SourceKind::VisualforceComponent => Some(Language::Markup),
            SourceKind::LwcScript | SourceKind::AuraScript => Some(Language::JavaScript),
            _ => None,
        }
    }

    /// Whether this kind is metadata XML, read before any code so that the project model
    /// is complete when the rules run.
    pub fn is_metadata(self) -> bool {
        self.language().is_none() && !self.is_data_or_script()
    }

    /// Whether this kind is committed data or a script: neither code nor metadata, found
    /// anywhere in the repository (not only in package directories), read after the models
    /// are built.
    pub fn is_data_or_script(self) -> bool {
        matches!(
            self,
            SourceKind::DataFile
                | SourceKind::StaticResource
                | SourceKind::Script
                | SourceKind::DataLoaderConfig
        )
    }

    /// Whether files of this kind are kept as they are, without parsing: rules that read
    /// them parse them with the reader that fits (CSV, JSON, zip...).
    pub fn is_raw(self) -> bool {
        matches!(
            self,
            SourceKind::DataFile
                | SourceKind::StaticResource
                | SourceKind::Script
                | SourceKind::DataLoaderConfig
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            SourceKind::ApexClass => "Apex class",
            SourceKind::ApexTrigger => "Apex trigger",
            SourceKind::ApexAnonymous => "anonymous Apex",
            SourceKind::LwcTemplate => "LWC template",
            SourceKind::LwcScript => "LWC script",
            SourceKind::AuraMarkup => "Aura markup",
            SourceKind::AuraScript => "Aura script",
            SourceKind::VisualforcePage => "Visualforce page",
            SourceKind::VisualforceComponent => "Visualforce component",
            SourceKind::CustomObject => "object",
            SourceKind::CustomField => "field",
            SourceKind::PermissionSet => "permission set",
            SourceKind::PermissionSetGroup => "permission set group",
            SourceKind::MutingPermissionSet => "muting permission set",
            SourceKind::Profile => "profile",
            SourceKind::Settings => "settings",
            SourceKind::Flow => "flow",
            SourceKind::ConnectedApp => "connected app",
            SourceKind::RemoteSiteSetting => "remote site setting",
            SourceKind::NamedCredential => "named credential",
            SourceKind::ExternalCredential => "external credential",
            SourceKind::CspTrustedSite => "CSP trusted site",
            SourceKind::ExternalDataSource => "external data source",
            SourceKind::CustomSite => "site",
            SourceKind::StaticResourceMeta => "static resource metadata",
            SourceKind::DataFile => "data file",
            SourceKind::StaticResource => "static resource",
            SourceKind::Script => "script",
            SourceKind::DataLoaderConfig => "Data Loader configuration",
        }
    }
}

/// A file inside a decomposed permission set's folder, `permissionsets/<Name>/...`, which
/// the SFDX decomposition (and tools like it) split by category or by object.
fn decomposed_permission_set(folders: &[&str], lower: &str) -> Option<SourceKind> {
    let at = folders.iter().rposition(|f| *f == "permissionsets")?;
    let nested = folders.len() - at > 2;
    (nested && lower.ends_with("-meta.xml")).then_some(SourceKind::PermissionSet)
}

/// The name of the permission set a decomposed file belongs to: the folder right under
/// `permissionsets/`, as written. `None` for a file directly in `permissionsets/`.
pub fn decomposed_permission_set_name(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    let at = parts
        .iter()
        .rposition(|f| f.eq_ignore_ascii_case("permissionsets"))?;
    (parts.len() - at > 2).then(|| parts[at + 1])
}

#[cfg(test)]
mod tests {
    use super::SourceKind::{self, *};

    #[test]
    fn classifies_both_metadata_layouts_and_code() {
        let cases: &[(&str, Option<SourceKind>)] = &[
            ("force-app/main/default/classes/A.cls", Some(ApexClass)),
            ("force-app/main/default/classes/A.cls-meta.xml", None),
            (
                "force-app/main/default/lwc/portal/portal.html",
                Some(LwcTemplate),
            ),
            (
                "force-app/main/default/lwc/portal/portal.js",
                Some(LwcScript),
            ),
            (
                "force-app/main/default/lwc/portal/__tests__/portal.test.js",
                None,
            ),
            (
                "force-app/main/default/aura/Intake/Intake.cmp",
                Some(AuraMarkup),
            ),
            (
                "objects/Patient__c/fields/SSN__c.field-meta.xml",
                Some(CustomField),
            ),
            ("src/objects/Patient__c.object", Some(CustomObject)),
            ("src/profiles/Admin.profile", Some(Profile)),
            (
                "x/permissionsets/Care Team.permissionset-meta.xml",
                Some(PermissionSet),
            ),
            (
                "x/connectedApps/Portal.connectedApp-meta.xml",
                Some(ConnectedApp),
            ),
            ("x/settings/Security.settings-meta.xml", Some(Settings)),
            ("x/layouts/Patient__c-Layout.layout-meta.xml", None),
            (
                "x/permissionsets/Care/Care.permissionset-meta.xml",
                Some(PermissionSet),
            ),
            (
                "x/permissionsets/Care/objectSettings/Patient__c.objectSettings-meta.xml",
                Some(PermissionSet),
            ),
            (
                "x/permissionsets/Care/Care.userPermissions-meta.xml",
                Some(PermissionSet),
            ),
            (
                "x/mutingpermissionsets/NoExport.mutingpermissionset-meta.xml",
                Some(MutingPermissionSet),
            ),
            ("x/sites/Portal.site-meta.xml", Some(CustomSite)),
            ("src/siteDotComSites/Portal1.site", None),
            ("src/settings/Security.settings", Some(Settings)),
            (
                "x/staticresources/logo.resource-meta.xml",
                Some(StaticResourceMeta),
            ),
            ("x/staticresources/patients.resource", Some(StaticResource)),
            ("x/staticresources/Template.json", Some(StaticResource)),
            ("x/staticresources/logo.png", None),
            ("x/staticresources/Lib/data/x.json", Some(DataFile)),
            ("data/Patient__c-plan.json", Some(DataFile)),
            ("data/Patient__cs.json", Some(DataFile)),
            ("config/project-scratch-def.json", None),
            ("sfdx-project.json", None),
            ("scripts/extract.csv", Some(DataFile)),
            (
                "force-app/lwc/a/__tests__/data/patient.json",
                Some(DataFile),
            ),
            ("force-app/lwc/a/__tests__/data/a.test.js", None),
            ("scripts/export.sh", Some(Script)),
            ("scripts/export.ps1", Some(Script)),
            ("scripts/export.cmd", Some(Script)),
            ("Makefile", Some(Script)),
            ("package.json", Some(Script)),
            (".github/workflows/ci.yml", Some(Script)),
            (".gitlab-ci.yml", Some(Script)),
            ("dataloader/process-conf.xml", Some(DataLoaderConfig)),
            ("data/patients.xml", Some(DataFile)),
            ("data/objects/Patient__c.object", Some(CustomObject)),
            ("scripts/apex/export.apex", Some(ApexAnonymous)),
        ];
        for (path, kind) in cases {
            assert_eq!(SourceKind::from_path(path), *kind, "{path}");
        }
    }

    #[test]
    fn names_the_set_of_a_decomposed_file() {
        use super::decomposed_permission_set_name as name;
        assert_eq!(
            name("a/permissionsets/Care Team/objectSettings/X.objectSettings-meta.xml"),
            Some("Care Team")
        );
        assert_eq!(
            name("a/permissionsets/Care/Care.permissionset-meta.xml"),
            Some("Care")
        );
        assert_eq!(name("a/permissionsets/Care.permissionset-meta.xml"), None);
    }
}
