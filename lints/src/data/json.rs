//! A small JSON reader that keeps the byte span of every key and value, so that a finding
//! can point at the key of a PHI column. It is tolerant only in what it gives up on: a
//! document that is not JSON yields `None`, and nesting is capped.

use std::ops::Range;

/// Deeper documents are not data files anyone reads; stop before the stack suffers.
const MAX_DEPTH: usize = 128;

/// A JSON value with spans. Strings hold their decoded text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Object(Vec<Member>),
    Array(Vec<Json>),
    /// A string, a number, `true`, `false` or `null`, as text (numbers and literals as
    /// written), with the span of the value (inside the quotes for strings).
    Scalar {
        text: String,
        span: Range<usize>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    /// The key's text, inside its quotes.
    pub key_span: Range<usize>,
    pub value: Json,
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// Parses a whole document, or gives up.
pub fn parse(text: &str) -> Option<Json> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    reader.skip_space();
    let value = reader.value(0)?;
    reader.skip_space();
    (reader.at == reader.bytes.len()).then_some(value)
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match *self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Some(Json::Object(members));
                }
                loop {
                    self.skip_space();
                    let (key, key_span) = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    let value = self.value(depth + 1)?;
                    members.push(Member {
                        key,
                        key_span,
                        value,
                    });
                    if self.eat(b',') {
                        continue;
                    }
                    return self.eat(b'}').then_some(Json::Object(members));
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',') {
                        continue;
                    }
                    return self.eat(b']').then_some(Json::Array(items));
                }
            }
            b'"' => {
                let (text, span) = self.string()?;
                Some(Json::Scalar { text, span })
            }
            _ => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                {
                    self.at += 1;
                }
                (self.at > start).then(|| Json::Scalar {
                    text: self.text[start..self.at].to_string(),
                    span: start..self.at,
                })
            }
        }
    }

    /// A string at the cursor: its decoded text and the span inside its quotes.
    fn string(&mut self) -> Option<(String, Range<usize>)> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        let mut out = String::new();
        loop {
            let b = *self.bytes.get(self.at)?;
            match b {
                b'"' => {
                    let span = start..self.at;
                    self.at += 1;
                    return Some((out, span));
                }
                b'\\' => {
                    let escaped = *self.bytes.get(self.at + 1)?;
                    self.at += 2;
                    match escaped {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' | b'f' => out.push(' '),
                        b'u' => {
                            let hex = self.text.get(self.at..self.at + 4)?;
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            self.at += 4;
                        }
                        other => out.push(other as char),
                    }
                }
                _ => {
                    // Copy a whole UTF-8 character.
                    let ch = self.text.get(self.at..)?.chars().next()?;
                    out.push(ch);
                    self.at += ch.len_utf8();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = r#"{"records": [{"SSN__c": "123-45-6701", "Age": 42, "x": "a\"b"}]}"#;
        let doc = parse(text).unwrap();
        let Some(Json::Array(records)) = doc.get("records") else {
            panic!("records")
        };
        let Json::Object(members) = &records[0] else {
            panic!("object")
        };
        assert_eq!(&text[members[0].key_span.clone()], "SSN__c");
        let Json::Scalar { span, .. } = &members[0].value else {
            panic!("scalar")
        };
        assert_eq!(&text[span.clone()], "123-45-6701");
        assert_eq!(members[1].value.as_str(), Some("42"));
        assert_eq!(members[2].value.as_str(), Some("a\"b"));
    }

    #[test]
    fn gives_up_on_what_is_not_json() {
        assert!(parse("{\"a\": }").is_none());
        assert!(parse("[1, 2").is_none());
        assert!(parse(&"[".repeat(10_000)).is_none());
        assert!(parse("\"\\u12\"").is_none());
    }
}
