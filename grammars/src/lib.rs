//! Every source language phi-lint reads, and nothing about what it looks for.
//!
//! Apex (with inline SOQL), HTML-like markup (LWC templates, Aura components, Visualforce
//! pages) and JavaScript are parsed with tree-sitter; metadata XML is read with quick-xml
//! into a small element tree with byte spans, and from there into typed structs.

pub mod metadata;
pub mod source;
pub mod syntax;
pub mod xml;

pub use source::{LineIndex, Position};
pub use syntax::{Language, NodeExt, SyntaxError};
pub use xml::{XmlDocument, XmlElement, XmlError};
