//! `session-timeout-too-long`: sessions that outlive the automatic-logoff window.

use phi_lint_grammars::metadata::SecuritySettings;

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct SessionTimeoutTooLong;

pub static META: RuleMeta = RuleMeta {
    id: "session-timeout-too-long",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(a)(2)(iii)"],
    summary:
        "Session settings keep idle sessions open too long, or do not log users out on timeout",
    kinds: &[SourceKind::Settings],
    docs: r#"
## What it does

Reads the `<sessionSettings>` of `settings/Security.settings-meta.xml` (or
`settings/Security.settings` in the Metadata API layout) and reports:

- a `sessionTimeout` longer than 30 minutes (`SixtyMinutes` and up), on that line;
- `forceLogoutOnSessionTimeout` set to `false`, on that line, or missing, on the
  `<sessionSettings>` line: without it an idle session only shows a warning dialog, and
  the page with the patient's data stays on screen.

## Why it matters

HIPAA 164.312(a)(2)(iii) asks for automatic logoff: an electronic session ends after a
set time of inactivity, so that an unattended workstation does not show ePHI. Most
healthcare organizations set 15 to 30 minutes; Salesforce's own default is two hours.

## Example

```xml
<SecuritySettings xmlns="http://soap.sforce.com/2006/04/metadata">
    <sessionSettings>
        <forceLogoutOnSessionTimeout>false</forceLogoutOnSessionTimeout>
        <sessionTimeout>TwoHours</sessionTimeout>
    </sessionSettings>
</SecuritySettings>
```

## Use instead

```xml
<SecuritySettings xmlns="http://soap.sforce.com/2006/04/metadata">
    <sessionSettings>
        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>
        <sessionTimeout>FifteenMinutes</sessionTimeout>
    </sessionSettings>
</SecuritySettings>
```

## Configuration

`session_timeout_minutes` in `phi-lint.toml` (default 30) is the longest timeout
accepted; Salesforce's values are 15, 30, 60, 90, 120, 240, 480, 720 and 1440 minutes.

## Known problems

Profiles can set their own session timeout, which overrides the org's; profile settings
are not checked yet. A `<sessionSettings>` without `sessionTimeout` is not reported,
since the org's value is unknown.
"#,
};

impl Rule for SessionTimeoutTooLong {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let Some(doc) = cx.file.xml() else { return };
        let Some(session) = SecuritySettings::from_element(&doc.root).and_then(|s| s.session)
        else {
            return;
        };
        let limit = cx.settings.session_timeout_minutes;
        if let (Some(minutes), Some(value)) = (session.timeout_minutes(), &session.session_timeout)
        {
            if minutes > limit {
                let finding = cx
                    .finding(
                        value.span.clone(),
                        format!(
                            "Session timeout `{}` keeps idle sessions, and the PHI on their screens, open for {minutes} minutes, longer than the {limit} allowed",
                            value.value
                        ),
                    )
                    .with_help(format!(
                        "set `<sessionTimeout>` to `FifteenMinutes`{}",
                        if limit >= 30 { " or `ThirtyMinutes`" } else { "" }
                    ));
                cx.push(finding);
            }
        }
        let force = &session.force_logout_on_session_timeout;
        if force.as_ref().is_some_and(|f| f.is("true")) {
            return;
        }
        let span = force
            .as_ref()
            .map_or(session.span.clone(), |f| f.span.clone());
        let what = if force.is_some() {
            "`forceLogoutOnSessionTimeout` is off"
        } else {
            "`forceLogoutOnSessionTimeout` is not set"
        };
        let finding = cx
            .finding(
                span,
                format!(
                    "{what}, so a timed-out session only shows a warning and leaves the page, PHI included, on screen"
                ),
            )
            .with_help("set `<forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>`");
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;
    use crate::testing::{check, check_with};

    const PATH: &str = "force-app/main/default/settings/Security.settings-meta.xml";

    fn settings(inner: &str) -> String {
        format!("<SecuritySettings>\n<sessionSettings>\n{inner}\n</sessionSettings>\n</SecuritySettings>")
    }

    #[test]
    fn fires_on_long_timeouts_and_no_forced_logout() {
        let text = settings("<forceLogoutOnSessionTimeout>false</forceLogoutOnSessionTimeout>\n<sessionTimeout>TwoHours</sessionTimeout>");
        assert_eq!(check("session-timeout-too-long", &[(PATH, &text)]), [3, 4]);
        let text = settings("<sessionTimeout>ThirtyMinutes</sessionTimeout>");
        assert_eq!(check("session-timeout-too-long", &[(PATH, &text)]), [2]);
    }

    #[test]
    fn honours_the_configured_limit() {
        let text = settings("<forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n<sessionTimeout>SixtyMinutes</sessionTimeout>");
        assert_eq!(check("session-timeout-too-long", &[(PATH, &text)]), [4]);
        let relaxed = Settings {
            session_timeout_minutes: 60,
            ..Settings::default()
        };
        assert!(check_with("session-timeout-too-long", &[(PATH, &text)], &relaxed).is_empty());
    }

    #[test]
    fn ignores_other_settings() {
        let text = "<PlatformEncryptionSettings>\n<sessionTimeout>TwoHours</sessionTimeout>\n</PlatformEncryptionSettings>";
        let path = "force-app/main/default/settings/PlatformEncryption.settings-meta.xml";
        assert!(check("session-timeout-too-long", &[(path, text)]).is_empty());
    }
}
