//! The signatures of a project's Apex methods, read from parsed Apex classes, so that
//! JavaScript that imports `@salesforce/apex/Class.method` knows what the call returns.
//!
//! Only the top-level class's own methods are read: those are the ones a Lightning
//! component can import. The return type is kept as written, and as an sObject type when
//! it names one (`Patient__c`, `List<Patient__c>`, `Map<Id, Patient__c>`, `Patient__c[]`).

use phi_lint_grammars::NodeExt;
use tree_sitter::Node;

use crate::apex::ObjectType;
use crate::file::SourceFile;
use crate::finding::Location;
use crate::kind::SourceKind;
use crate::nodes::named_children;

/// One method of a top-level Apex class.
#[derive(Debug, Clone)]
pub struct ApexMethod {
    /// The class name as written.
    pub class: String,
    /// The method name as written.
    pub name: String,
    /// The return type as written, e.g. `List<Patient__c>`.
    pub return_type: String,
    /// The sObject type the method returns, when its return type names one; whether that
    /// object holds PHI is for the PHI model to say.
    pub returns: Option<ObjectType>,
    /// Whether the method carries `@AuraEnabled`, which Lightning components need.
    pub aura_enabled: bool,
    /// The method's name in its class file.
    pub location: Location,
}

impl ApexMethod {
    /// The key of [`crate::project::Project::apex_methods`]: `class.method`, lower-case.
    pub fn key(&self) -> String {
        method_key(&self.class, &self.name)
    }
}

/// `class.method` in lower case, as Apex names are case-insensitive.
pub fn method_key(class: &str, method: &str) -> String {
    format!("{class}.{method}").to_ascii_lowercase()
}

/// The methods of the top-level class of an Apex class file; nothing for other files.
pub fn apex_signatures(file: &SourceFile) -> Vec<ApexMethod> {
    let mut out = Vec::new();
    if file.kind != SourceKind::ApexClass {
        return out;
    }
    let Some(tree) = file.tree() else {
        return out;
    };
    let root = tree.root_node();
    for class in named_children(root) {
        if class.kind_name() != "class_declaration" {
            continue;
        }
        let (Some(class_name), Some(body)) = (class.field("name"), class.field("body")) else {
            continue;
        };
        let class_name = file.slice(class_name.byte_range());
        for method in named_children(body) {
            if method.kind_name() != "method_declaration" {
                continue;
            }
            let (Some(name), Some(ty)) = (method.field("name"), method.field("type")) else {
                continue;
            };
            out.push(ApexMethod {
                class: class_name.to_string(),
                name: file.slice(name.byte_range()).to_string(),
                return_type: file.slice(ty.byte_range()).to_string(),
                returns: object_type(file, ty),
                aura_enabled: is_aura_enabled(file, method),
                location: file.location(name.byte_range()),
            });
        }
    }
    out
}

fn is_aura_enabled(file: &SourceFile, method: Node<'_>) -> bool {
    let Some(modifiers) = named_children(method).find(|c| c.kind_name() == "modifiers") else {
        return false;
    };
    let found = named_children(modifiers).any(|m| {
        m.kind_name() == "annotation"
            && m.field("name").is_some_and(|n| {
                file.slice(n.byte_range())
                    .eq_ignore_ascii_case("AuraEnabled")
            })
    });
    found
}

/// The sObject type a return type names. Primitive and system types (`String`, `void`,
/// `Id`, `Object`) come back too: the PHI model does not take them for PHI objects.
fn object_type(file: &SourceFile, node: Node<'_>) -> Option<ObjectType> {
    match node.kind_name() {
        "type_identifier" => Some(ObjectType {
            object: file.slice(node.byte_range()).to_string(),
            collection: false,
        }),
        "array_type" => object_type(file, node.field("element")?).map(|t| ObjectType {
            collection: true,
            ..t
        }),
        "generic_type" => {
            let base = file.slice(node.named_child(0)?.byte_range());
            let is_collection = ["list", "set", "map"]
                .iter()
                .any(|c| base.eq_ignore_ascii_case(c));
            if !is_collection {
                return None;
            }
            let args = node.named_child(1)?;
            let element = args.named_child(args.named_child_count().checked_sub(1)?)?;
            let inner = object_type(file, element)?;
            Some(ObjectType {
                object: inner.object,
                collection: true,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn reads_top_level_methods_and_their_sobject_return_types() {
        let apex = r#"
public with sharing class PatientController {
    @AuraEnabled(cacheable=true)
    public static List<Patient__c> getPatients(String q) { return null; }
    @auraenabled
    public static Map<Id, Patient__c> byId() { return null; }
    public static Patient__c[] arr() { return null; }
    public static String name() { return null; }
    public class Inner { public Patient__c hidden() { return null; } }
}"#;
        let file = SourceFile::parse(
            Arc::from("classes/PatientController.cls"),
            SourceKind::ApexClass,
            apex.to_string(),
        );
        let methods = apex_signatures(&file);
        let summary: Vec<String> = methods
            .iter()
            .map(|m| {
                let returns = m
                    .returns
                    .as_ref()
                    .map(|t| format!("{}{}", t.object, if t.collection { "*" } else { "" }));
                format!(
                    "{} {} {returns:?} {}",
                    m.key(),
                    m.return_type,
                    m.aura_enabled
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "patientcontroller.getpatients List<Patient__c> Some(\"Patient__c*\") true",
                "patientcontroller.byid Map<Id, Patient__c> Some(\"Patient__c*\") true",
                "patientcontroller.arr Patient__c[] Some(\"Patient__c*\") false",
                "patientcontroller.name String Some(\"String\") false",
            ]
        );
    }
}
