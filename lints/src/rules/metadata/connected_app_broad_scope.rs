//! `connected-app-broad-scope`: a connected app that asks for more OAuth scope than an
//! integration needs.

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct ConnectedAppBroadScope;

pub static META: RuleMeta = RuleMeta {
    id: "connected-app-broad-scope",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.502(b)", "164.312(a)(1)"],
    summary: "A connected app requests the Full OAuth scope, or API access with a refresh token",
    kinds: &[SourceKind::ConnectedApp],
    docs: r#"
## What it does

Reports a connected app whose `oauthConfig` requests:

- the `Full` scope (an error): a token that can do everything its user can, PHI
  included, on every channel;
- `Api` together with `RefreshToken` (or `OfflineAccess`) (a warning): a token with
  full API access that can be renewed without the user for as long as the refresh token
  lives.

The finding sits on the `<scopes>` line and names the app's scopes. Apps that only sign
users in (`OpenID`, `Profile`, `Email`) are quiet.

## Why it matters

The minimum-necessary standard (HIPAA 164.502(b)) applies to integrations too. A leaked
token with `Full` scope, or an API token that renews itself, reaches every patient record
its user can see, long after anyone remembers the integration.

## Example

```xml
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Scheduling Sync</label>
    <oauthConfig>
        <callbackUrl>https://sync.example.com/oauth</callbackUrl>
        <scopes>Full</scopes>
    </oauthConfig>
</ConnectedApp>
```

## Use instead

```xml
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Scheduling Sync</label>
    <oauthConfig>
        <callbackUrl>https://sync.example.com/oauth</callbackUrl>
        <isAdminApproved>true</isAdminApproved>
        <scopes>Api</scopes>
    </oauthConfig>
</ConnectedApp>
```

Request only what the integration uses; for unattended server integrations prefer the
JWT bearer or client credentials flow with an integration user whose permissions are
narrow, over a refresh token.

## Configuration

None. When an integration truly needs `Api` with `RefreshToken`, suppress the finding
with a reason, or put it in the baseline, and set a refresh token expiry policy.

## Known problems

Whether narrower scopes would do is a judgement about the integration; the rule reports
every `Api` + `RefreshToken` pair, except when `oauthPolicy/refreshTokenPolicy` is `zero`
(the refresh token expires at once). IP restrictions are not weighed.
"#,
};

impl Rule for ConnectedAppBroadScope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let Some(doc) = cx.file.xml() else { return };
        let app = phi_lint_grammars::metadata::ConnectedApp::from_element(&doc.root);
        let name = app
            .label
            .as_ref()
            .map_or_else(|| cx.file.stem().to_string(), |l| l.value.clone());
        let scopes: Vec<&str> = app.scopes.iter().map(|s| s.value.as_str()).collect();
        let listed = scopes.join(", ");
        if let Some(full) = app.scope("Full") {
            let finding = cx
                .finding(
                    full.span.clone(),
                    format!(
                        "Connected app `{name}` requests the `Full` OAuth scope (scopes: {listed}), which gives its tokens everything their user can reach, PHI included"
                    ),
                )
                .with_severity(Severity::Error)
                .with_help(
                    "request only the scopes the integration uses: `Api` for API access, \
                     `OpenID` and `Profile` for sign-in",
                );
            cx.push(finding);
            return;
        }
        let refresh = app.scope("RefreshToken").or(app.scope("OfflineAccess"));
        // A refresh token that expires at once cannot renew anything.
        let renews = app
            .refresh_token_policy
            .as_ref()
            .is_none_or(|p| !p.is("zero"));
        if let (Some(api), Some(_), true) = (app.scope("Api"), refresh, renews) {
            let lifetime = match &app.refresh_token_policy {
                Some(p) if p.is("infinite") => " that never expires",
                _ => "",
            };
            let refresh_name = if app.scope("RefreshToken").is_some() {
                "RefreshToken"
            } else {
                "OfflineAccess"
            };
            let finding = cx
                .finding(
                    api.span.clone(),
                    format!(
                        "Connected app `{name}` requests `Api` with `{refresh_name}` (scopes: {listed}), a self-renewing token{lifetime} with API access to all its user's data, PHI included"
                    ),
                )
                .with_help(
                    "drop `RefreshToken` if users are present, or use the JWT bearer or client \
                     credentials flow with a narrowly permissioned integration user",
                );
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    fn app(scopes: &str) -> String {
        format!("<ConnectedApp>\n<label>Sync</label>\n<oauthConfig>\n{scopes}\n</oauthConfig>\n</ConnectedApp>")
    }

    fn lines(text: &str) -> Vec<u32> {
        check(
            "connected-app-broad-scope",
            &[(
                "force-app/main/default/connectedApps/Sync.connectedApp-meta.xml",
                text,
            )],
        )
    }

    #[test]
    fn fires_on_full_and_api_with_refresh_token() {
        assert_eq!(
            lines(&app("<scopes>Api</scopes>\n<scopes>Full</scopes>")),
            [5]
        );
        assert_eq!(
            lines(&app("<scopes>RefreshToken</scopes>\n<scopes>Api</scopes>")),
            [5]
        );
    }

    #[test]
    fn quiet_on_narrow_scopes() {
        assert!(lines(&app(
            "<isAdminApproved>true</isAdminApproved>\n<scopes>OpenID</scopes>"
        ))
        .is_empty());
        assert!(lines(&app("<scopes>Api</scopes>\n<scopes>Web</scopes>")).is_empty());
        let expiring = "<ConnectedApp>\n<oauthConfig>\n<scopes>Api</scopes>\n<scopes>RefreshToken</scopes>\n</oauthConfig>\n<oauthPolicy><refreshTokenPolicy>zero</refreshTokenPolicy></oauthPolicy>\n</ConnectedApp>";
        assert!(lines(expiring).is_empty());
        assert!(lines("<ConnectedApp><label>Canvas</label></ConnectedApp>").is_empty());
    }
}
