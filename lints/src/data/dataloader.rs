//! Data Loader's `process-conf.xml`: Spring beans whose `configOverrideMap` entries
//! (`<entry key="..." value="..."/>`) say what each process does. The values live in
//! attributes, so this reads the tags itself rather than through the metadata reader.

use std::collections::HashMap;
use std::ops::Range;

/// One `<bean>` of a process configuration.
#[derive(Debug, Clone, Default)]
pub struct Process {
    /// The bean's `id`.
    pub id: String,
    /// `key` → (`value`, the value's span), XML entities resolved.
    pub entries: HashMap<String, (String, Range<usize>)>,
}

impl Process {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|(v, _)| v.as_str())
    }
}

/// The processes of a configuration, in file order.
pub fn processes(text: &str) -> Vec<Process> {
    let mut out: Vec<Process> = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('<') {
        let start = at + offset;
        let Some(len) = text[start..].find('>') else {
            break;
        };
        let tag = &text[start + 1..start + len];
        at = start + len + 1;
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match name {
            "bean" => out.push(Process {
                id: attribute(tag, start + 1, "id")
                    .map(|(v, _)| v)
                    .unwrap_or_default(),
                ..Process::default()
            }),
            "entry" => {
                let (Some(process), Some((key, _)), Some((value, span))) = (
                    out.last_mut(),
                    attribute(tag, start + 1, "key"),
                    attribute(tag, start + 1, "value"),
                ) else {
                    continue;
                };
                process.entries.entry(key).or_insert((value, span));
            }
            _ => {}
        }
    }
    out
}

/// The value of attribute `name` in `tag` (which starts at `base` in the file), with the
/// span of its raw text.
fn attribute(tag: &str, base: usize, name: &str) -> Option<(String, Range<usize>)> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value_start = tag.len() - rest.len() + 1;
        let len = tag[value_start..].find(quote)?;
        let raw = &tag[value_start..value_start + len];
        let value = raw
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        return Some((value, base + value_start..base + value_start + len));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_beans_and_their_entries() {
        let text = r#"<beans>
<bean id="extractPatients" class="com.salesforce.dataloader.process.ProcessRunner">
  <property name="configOverrideMap"><map>
    <entry key="process.operation" value="extract"/>
    <entry key="sfdc.extractionSOQL" value="SELECT SSN__c FROM Patient__c WHERE Name != &apos;x&apos;"/>
  </map></property>
</bean></beans>"#;
        let all = processes(text);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].id, "extractPatients");
        assert_eq!(all[0].get("process.operation"), Some("extract"));
        let (soql, span) = &all[0].entries["sfdc.extractionSOQL"];
        assert!(soql.ends_with("'x'"));
        assert!(text[span.clone()].starts_with("SELECT SSN__c"));
    }
}
