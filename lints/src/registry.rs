//! Rules, their metadata, and the engine that runs them: one walk of each syntax tree,
//! dispatched by node kind to every rule that asked for that kind.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use phi_lint_grammars::Language;
use tree_sitter::Node;

use crate::file::SourceFile;
use crate::finding::{Finding, Label, Location, Severity};
use crate::kind::SourceKind;
use crate::nodes::NodeTable;
use crate::phi::PhiModel;
use crate::project::Project;
use crate::settings::Settings;

/// The family of a rule, the first word of its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Apex,
    Metadata,
    Lwc,
    Accessibility,
    Data,
    Tool,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Apex => "apex",
            Family::Metadata => "metadata",
            Family::Lwc => "lwc",
            Family::Accessibility => "accessibility",
            Family::Data => "data",
            Family::Tool => "tool",
        }
    }
}

/// What a rule is, apart from what it checks.
#[derive(Debug)]
pub struct RuleMeta {
    /// The public id, `<artifact>-<what>` in kebab-case.
    pub id: &'static str,
    pub family: Family,
    pub default_severity: Severity,
    /// HIPAA Security Rule sections (`164.312(a)(1)`) or WCAG 2.2 success criteria
    /// (`WCAG 1.3.1`).
    pub references: &'static [&'static str],
    /// One sentence, for `phi-lint rules` and SARIF's short description.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why it matters / Example / Use instead /
    /// Configuration / Known problems.
    pub docs: &'static str,
    /// The kinds of file the rule reads.
    pub kinds: &'static [SourceKind],
}

/// A check. Rules never print: they push findings into the [`Context`].
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Named node kinds of the file's syntax tree that [`Rule::check_node`] wants to see.
    fn node_kinds(&self) -> &'static [&'static str] {
        &[]
    }

    /// Called for every node of a kind in [`Rule::node_kinds`], in source order.
    fn check_node(&self, _node: Node<'_>, _cx: &mut Context<'_>) {}

    /// Called once per file of a kind in [`RuleMeta::kinds`], before its nodes.
    fn check_file(&self, _cx: &mut Context<'_>) {}
}

/// What a rule sees while it checks one file, and where its findings go.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub project: &'a Project,
    pub phi: &'a PhiModel,
    pub settings: &'a Settings,
    rule: &'static RuleMeta,
    findings: Vec<Finding>,
    /// The file's syntax tree laid out flat.
    nodes: NodeTable<'a>,
    /// Facts about this file that several rules share (such as the PHI data flow of each
    /// Apex method), computed by the first rule that asks, keyed by their type.
    cache: RefCell<rustc_hash::FxHashMap<TypeId, Rc<dyn Any>>>,
}

impl<'a> Context<'a> {
    /// A finding of the current rule at `span` of the current file, with its default
    /// severity and references; add help and labels, then [`Context::push`] it.
    pub fn finding(&self, span: Range<usize>, message: impl Into<String>) -> Finding {
        self.finding_at(self.file.location(span), message)
    }

    /// Like [`Context::finding`], at a location that may be in another file.
    /// The message's first letter is capitalized, so that messages read as sentences
    /// even when they start with a rule's generated phrase.
    pub fn finding_at(&self, location: Location, message: impl Into<String>) -> Finding {
        let mut message: String = message.into();
        if let Some(first) = message.get(..1) {
            let upper = first.to_ascii_uppercase();
            message.replace_range(..1, &upper);
        }
        Finding {
            rule: self.rule.id,
            severity: self.rule.default_severity,
            location,
            message,
            help: None,
            labels: Vec::new(),
            references: self.rule.references,
            fingerprint: String::new(),
            masked: Vec::new(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// The fields declared in this file that the PHI model classifies as PHI, with the
    /// verdicts that say why.
    pub fn phi_fields_declared_here(
        &self,
    ) -> Vec<(&'a crate::project::FieldDecl, &'a crate::phi::Verdict)> {
        let (project, phi) = (self.project, self.phi);
        project
            .fields_in(&self.file.path)
            .map(|(index, field)| (field, phi.declared_field(index)))
            .filter(|(_, verdict)| verdict.phi)
            .collect()
    }

    /// Every named node of the file's syntax tree in source order, built once per file:
    /// empty for a file without a tree, and for a kind of file no running rule asks nodes
    /// of (only node rules, and what they call, read it).
    pub fn nodes(&self) -> &NodeTable<'a> {
        &self.nodes
    }

    /// The source text of a node of this file's tree.
    pub fn text(&self, node: Node<'_>) -> &'a str {
        self.file.slice(node.byte_range())
    }

    /// The file's shared fact of type `T`, made by `make` the first time any rule asks.
    /// Facts live as long as the file is being linted, so rules that need the same
    /// analysis (a method's data flow, the JavaScript PHI flow) compute it once per file,
    /// not once per rule. The type is the key: each analysis has a type of its own.
    pub fn cached<T: Any>(&self, make: impl FnOnce(&Context<'a>) -> T) -> Rc<T> {
        let key = TypeId::of::<T>();
        if let Some(found) = self.cache.borrow().get(&key) {
            if let Ok(fact) = Rc::clone(found).downcast::<T>() {
                return fact;
            }
        }
        let fact = Rc::new(make(self));
        self.cache
            .borrow_mut()
            .insert(key, Rc::clone(&fact) as Rc<dyn Any>);
        fact
    }
}

impl Finding {
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, location: Location, message: impl Into<String>) -> Finding {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    /// Marks byte ranges of the finding's file that no report may show (see
    /// [`Finding::masked`]).
    pub fn with_masked(mut self, ranges: impl IntoIterator<Item = Range<usize>>) -> Finding {
        self.masked.extend(ranges);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

/// The rules of one run, with their dispatch tables built once.
pub struct Linter {
    rules: Vec<&'static dyn Rule>,
    /// For each source kind: the rules with a file check, and, by node kind id, the rules
    /// with a node check.
    plans: HashMap<SourceKind, Plan>,
}

#[derive(Default)]
struct Plan {
    file_rules: Vec<usize>,
    node_rules: Vec<Vec<usize>>,
    /// Whether any rule wants nodes.
    walks: bool,
}

impl Linter {
    /// A linter running `rules` (normally a selection of [`crate::rules::ALL`]).
    pub fn new(rules: Vec<&'static dyn Rule>) -> Linter {
        let mut plans: HashMap<SourceKind, Plan> = HashMap::new();
        let mut kind_ids: HashMap<Language, tree_sitter::Language> = HashMap::new();
        for (index, rule) in rules.iter().enumerate() {
            for &kind in rule.meta().kinds {
                let plan = plans.entry(kind).or_default();
                plan.file_rules.push(index);
                let Some(language) = kind.language() else {
                    continue;
                };
                let ts = kind_ids
                    .entry(language)
                    .or_insert_with(|| language.ts_language());
                if plan.node_rules.is_empty() {
                    plan.node_rules = vec![Vec::new(); ts.node_kind_count()];
                }
                for name in rule.node_kinds() {
                    let id = ts.id_for_node_kind(name, true);
                    debug_assert!(
                        id != 0,
                        "{}: no named node kind {name} in {language:?}",
                        rule.meta().id
                    );
                    if id != 0 {
                        plan.node_rules[id as usize].push(index);
                    }
                }
            }
        }
        // A rule that names a kind twice is run once for it.
        for plan in plans.values_mut() {
            for list in &mut plan.node_rules {
                list.dedup();
            }
            plan.walks = plan.node_rules.iter().any(|list| !list.is_empty());
        }
        Linter { rules, plans }
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// The ids of the rules this linter runs.
    pub fn active_ids(&self) -> std::collections::HashSet<&'static str> {
        self.rules.iter().map(|r| r.meta().id).collect()
    }

    /// Runs every rule that reads `file`'s kind, and returns their findings.
    pub fn lint(
        &self,
        file: &SourceFile,
        project: &Project,
        phi: &PhiModel,
        settings: &Settings,
    ) -> Vec<Finding> {
        let Some(plan) = self.plans.get(&file.kind) else {
            return Vec::new();
        };
        let mut cx = Context {
            file,
            project,
            phi,
            settings,
            rule: self.rules[plan.file_rules[0]].meta(),
            findings: Vec::new(),
            nodes: match file.tree() {
                Some(tree) if plan.walks => NodeTable::of(tree),
                _ => NodeTable::default(),
            },
            cache: RefCell::default(),
        };
        for &index in &plan.file_rules {
            let rule = self.rules[index];
            cx.rule = rule.meta();
            rule.check_file(&mut cx);
        }
        if plan.walks {
            for index in 0..cx.nodes().len() {
                let (node, kind) = cx.nodes().get(index);
                let Some(rules) = plan.node_rules.get(kind as usize) else {
                    continue;
                };
                for &rule in rules {
                    let rule = self.rules[rule];
                    cx.rule = rule.meta();
                    rule.check_node(node, &mut cx);
                }
            }
        }
        cx.findings
    }
}
