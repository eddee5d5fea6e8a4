//! `remote-site-insecure`: callout endpoints reached over plain HTTP.

use phi_lint_grammars::metadata::{
    CspTrustedSite, ExternalDataSource, NamedCredential, RemoteSiteSetting, Text,
};

use crate::finding::Severity;
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct RemoteSiteInsecure;

pub static META: RuleMeta = RuleMeta {
    id: "remote-site-insecure",
    family: Family::Metadata,
    default_severity: Severity::Warning,
    references: &["164.312(e)(1)"],
    summary:
        "A remote site, named credential, CSP trusted site or external data source uses plain HTTP",
    kinds: &[
        SourceKind::RemoteSiteSetting,
        SourceKind::NamedCredential,
        SourceKind::CspTrustedSite,
        SourceKind::ExternalDataSource,
    ],
    docs: r#"
## What it does

Reports endpoints that data can travel to, or come from, unencrypted:

- an `http://` URL in a remote site setting (`url`), a named credential (`endpoint`, or a
  `namedCredentialParameters` entry of type `Url`), a CSP trusted site (`endpointUrl`) or
  an external data source (`endpoint`);
- a remote site setting with `<disableProtocolSecurity>true</disableProtocolSecurity>`,
  which lets callouts follow redirects from HTTPS to HTTP.

The finding sits on the element holding the URL or the flag. Inactive remote sites and
CSP trusted sites are skipped; endpoints through a named credential (`callout:Name`) are
checked on the credential.

## Why it matters

HIPAA 164.312(e)(1) asks for transmission security: ePHI sent over a network must be
protected from interception. A callout over HTTP sends whatever the code puts in it,
patient data included, in clear text, and lets anyone on the path change the answer.

## Example

```xml
<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata">
    <disableProtocolSecurity>false</disableProtocolSecurity>
    <isActive>true</isActive>
    <url>http://labs.example.com</url>
</RemoteSiteSetting>
```

## Use instead

```xml
<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata">
    <disableProtocolSecurity>false</disableProtocolSecurity>
    <isActive>true</isActive>
    <url>https://labs.example.com</url>
</RemoteSiteSetting>
```

## Configuration

None.

## Known problems

Endpoints built in Apex at run time, and URLs in custom metadata or custom settings, are
not seen. Plain HTTP to a host that never receives PHI is reported all the same.
"#,
};

fn is_http(url: &Text) -> bool {
    url.value
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}

impl Rule for RemoteSiteInsecure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let Some(doc) = cx.file.xml() else { return };
        let root = &doc.root;
        let name = cx.file.stem().to_string();
        let (what, urls, no_protocol_security): (&str, Vec<Text>, Option<Text>) = match cx.file.kind
        {
            SourceKind::RemoteSiteSetting => {
                let site = RemoteSiteSetting::from_element(root);
                if !site.is_active {
                    return;
                }
                let disabled = site.disable_protocol_security.filter(|d| d.is("true"));
                ("Remote site", site.url.into_iter().collect(), disabled)
            }
            SourceKind::NamedCredential => (
                "Named credential",
                NamedCredential::from_element(root).urls,
                None,
            ),
            SourceKind::CspTrustedSite => {
                let site = CspTrustedSite::from_element(root);
                if !site.is_active {
                    return;
                }
                (
                    "CSP trusted site",
                    site.endpoint_url.into_iter().collect(),
                    None,
                )
            }
            SourceKind::ExternalDataSource => (
                "External data source",
                ExternalDataSource::from_element(root)
                    .endpoint
                    .into_iter()
                    .collect(),
                None,
            ),
            _ => return,
        };
        for url in urls.iter().filter(|u| is_http(u)) {
            let finding = cx
                .finding(
                    url.span.clone(),
                    format!(
                        "{what} `{name}` uses plain HTTP (`{}`), so whatever is sent to it, PHI included, travels unencrypted",
                        url.value
                    ),
                )
                .with_help("use an `https://` URL; ask the provider for TLS if it has none");
            cx.push(finding);
        }
        if let Some(flag) = no_protocol_security {
            let finding = cx
                .finding(
                    flag.span,
                    format!(
                        "{what} `{name}` disables protocol security, so callouts may follow redirects from HTTPS to plain HTTP and send PHI unencrypted"
                    ),
                )
                .with_help("set `<disableProtocolSecurity>` to `false`");
            cx.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    fn lines(path: &str, text: &str) -> Vec<u32> {
        check("remote-site-insecure", &[(path, text)])
    }

    #[test]
    fn fires_on_http_and_disabled_protocol_security() {
        let site = "force-app/main/default/remoteSiteSettings/Labs.remoteSite-meta.xml";
        assert_eq!(
            lines(site, "<RemoteSiteSetting>\n<disableProtocolSecurity>true</disableProtocolSecurity>\n<url>HTTP://labs.example.com</url>\n</RemoteSiteSetting>"),
            [2, 3]
        );
        assert!(lines(site, "<RemoteSiteSetting>\n<isActive>false</isActive>\n<url>http://labs.example.com</url>\n</RemoteSiteSetting>").is_empty());
        assert!(lines(
            site,
            "<RemoteSiteSetting>\n<url>https://labs.example.com</url>\n</RemoteSiteSetting>"
        )
        .is_empty());
    }

    #[test]
    fn reads_named_credential_parameters() {
        let text = "<NamedCredential>\n<namedCredentialParameters>\n<parameterName>Url</parameterName>\n<parameterType>Url</parameterType>\n<parameterValue>http://ehr.example.com</parameterValue>\n</namedCredentialParameters>\n</NamedCredential>";
        assert_eq!(
            lines(
                "force-app/main/default/namedCredentials/Ehr.namedCredential-meta.xml",
                text
            ),
            [5]
        );
    }
}
