//! A small element tree over quick-xml's events, keeping the byte span of every element and
//! of its text, so that a finding can point at the `<sharingModel>` line that causes it.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Metadata files are shallow; anything deeper than this is not metadata and would only
/// cost stack and time.
pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct XmlElement {
    /// The local name, without a namespace prefix.
    pub name: String,
    /// From the `<` of the start tag to the `>` of the end tag.
    pub span: Range<usize>,
    /// The element's own text (not its descendants'), entities resolved, trimmed.
    pub text: String,
    /// Where the trimmed text stands, or the start tag when there is no text.
    pub text_span: Range<usize>,
    pub children: Vec<XmlElement>,
}

impl XmlElement {
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&XmlElement> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child called `name`, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlElement> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child called `name`, when it has any.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }
}

/// An XML comment: `<!-- text -->`.
#[derive(Debug, Clone)]
pub struct XmlComment {
    pub span: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct XmlDocument {
    pub root: XmlElement,
    pub comments: Vec<XmlComment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads a whole document. Entities other than XML's five and character references are
/// kept as written: a DTD is never expanded, so entity bombs cost nothing.
pub fn parse(text: &str) -> Result<XmlDocument, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    let mut comments = Vec::new();

    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| XmlError {
            offset: reader.error_position() as usize,
            message: e.to_string(),
        })?;
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) | Event::Empty(tag) if root.is_some() && stack.is_empty() => {
                let _ = tag;
                return Err(XmlError {
                    offset: start,
                    message: "a second root element; a document has exactly one".into(),
                });
            }
            Event::Start(tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError {
                        offset: start,
                        message: format!("elements nested deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(element(tag.local_name().into_inner(), start..end));
            }
            Event::Empty(tag) => {
                let el = element(tag.local_name().into_inner(), start..end);
                attach(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                if let Some(mut el) = stack.pop() {
                    el.span.end = end;
                    finish_text(&mut el);
                    attach(&mut stack, &mut root, el);
                }
            }
            Event::Text(t) => {
                let raw = t.decode().unwrap_or_default();
                push_text(&mut stack, &raw, start);
            }
            Event::CData(t) => {
                let raw = t.decode().unwrap_or_default();
                push_text(&mut stack, &raw, start + "<![CDATA[".len());
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap_or_default();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*name {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => format!("&{other};"),
                    },
                };
                push_text(&mut stack, &resolved, start);
            }
            Event::Comment(c) => comments.push(XmlComment {
                span: start..end,
                text: c.decode().unwrap_or_default().trim().to_string(),
            }),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }

    if let Some(open) = stack.last() {
        return Err(XmlError {
            offset: text.len(),
            message: format!("the document ends before `<{}>` is closed", open.name),
        });
    }
    match root {
        Some(root) => Ok(XmlDocument { root, comments }),
        None => Err(XmlError {
            offset: 0,
            message: "no root element".into(),
        }),
    }
}

fn element(name: &[u8], span: Range<usize>) -> XmlElement {
    XmlElement {
        name: String::from_utf8_lossy(name).into_owned(),
        text_span: span.clone(),
        span,
        ..XmlElement::default()
    }
}

fn attach(stack: &mut [XmlElement], root: &mut Option<XmlElement>, el: XmlElement) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

/// Appends a piece of text to the open element. The text span is widened to cover the
/// non-blank pieces; trimming happens once, when the element closes.
fn push_text(stack: &mut [XmlElement], piece: &str, offset: usize) {
    let Some(el) = stack.last_mut() else { return };
    let Some(lead) = piece.find(|c: char| !c.is_whitespace()) else {
        el.text.push_str(piece);
        return;
    };
    let tail = piece.len() - piece.trim_end().len();
    let (from, to) = (offset + lead, offset + piece.len() - tail);
    if el.text.trim().is_empty() {
        el.text_span = from..to;
    } else {
        el.text_span.end = to;
    }
    el.text.push_str(piece);
}

fn finish_text(el: &mut XmlElement) {
    let trimmed = el.text.trim();
    if trimmed.len() != el.text.len() {
        el.text = trimmed.to_string();
    }
    if el.text.is_empty() {
        el.text_span = el.span.start..el.span.start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_and_text() {
        let text =
            "<?xml version=\"1.0\"?>\n<A xmlns=\"x\">\n  <b>  one &amp; two </b>\n  <c/>\n</A>\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.root.name, "A");
        let b = doc.root.child("b").unwrap();
        assert_eq!(b.text, "one & two");
        assert_eq!(&text[b.span.clone()], "<b>  one &amp; two </b>");
        assert_eq!(&text[b.text_span.clone()], "one &amp; two");
        assert!(doc.root.child("c").unwrap().text.is_empty());
    }

    #[test]
    fn reports_broken_documents() {
        assert!(parse("<A><b></A>").is_err());
        assert!(parse("<A><b>").unwrap_err().message.contains("closed"));
        assert!(parse("").is_err());
        let deep = "<a>".repeat(100_000);
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
    }

    #[test]
    fn does_not_expand_entities() {
        let bomb =
            "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";
        assert_eq!(parse(bomb).unwrap().root.text, "&b;");
    }
}
