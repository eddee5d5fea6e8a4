//! phi-lint: finds where PHI can leak, where HIPAA safeguards are missing and where
//! patient-facing components fail WCAG 2.2 AA, in a Salesforce SFDX project.

mod baseline;
mod cache;
mod changed;
mod config;
mod discover;
mod floor;
mod inventory;
mod output;
mod pipeline;
mod report;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use phi_lint_lints::{rules, Rule, Severity};

use config::{Config, FailOn, Level};
use report::{Format, ReportContext};

#[derive(Parser)]
#[command(
    name = "phi-lint",
    version,
    about = "A linter for Salesforce SFDX projects that hold protected health information"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint the project that holds PATH.
    Check(Box<CheckArgs>),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value = "table")]
        format: RulesFormat,
    },
    /// List every PHI object and field: why it is PHI, how it is protected, who can read
    /// it and which code uses it.
    Inventory {
        /// A file or folder of the project.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value = "markdown")]
        format: inventory::InventoryFormat,
        /// Write the inventory to FILE (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The configuration file; default: phi-lint.toml at the project root.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Write a commented phi-lint.toml at the root of the project that holds PATH.
    Init {
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Replace an existing phi-lint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as apex-phi-in-debug.
        rule: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Table,
    Json,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to report on; the whole project that holds them is modelled.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The configuration file; default: phi-lint.toml at the project root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Vec<String>,
    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// The lowest severity that makes the exit code 1: error, warning, note or never.
    #[arg(long, value_name = "LEVEL")]
    fail_on: Option<String>,
    /// Report only findings on lines added or changed since this git revision.
    #[arg(long, value_name = "GIT_REF")]
    changed_since: Option<String>,
    /// Report only findings that this baseline file does not accept.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in FILE as the baseline, and report nothing.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Worker threads; default: one per core.
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Skip files larger than this many bytes, with a `parse-error` finding; overrides
    /// `max-file-size` in phi-lint.toml (default: 10 MiB).
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
    /// Keep each file's findings in DIR and reuse them while nothing they depend on has
    /// changed; default: $XDG_CACHE_HOME/phi-lint or ~/.cache/phi-lint.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long, conflicts_with = "cache")]
    no_cache: bool,
    /// Benchmark floor: only read and parse every file, then print how many and how
    /// many bytes (docs/performance.md).
    #[arg(long, hide = true)]
    parse_only: bool,
    /// Print only the findings.
    #[arg(long, short)]
    quiet: bool,
    /// Say on stderr what was skipped and why, and how long the run took.
    #[arg(long, short)]
    verbose: bool,
}

/// An error that ends the run with exit code 2.
enum Failure {
    Usage(String),
    Config(Box<config::ConfigError>),
}

/// A run allocates and frees millions of small blocks (syntax trees, strings of
/// findings) on every thread; mimalloc does that faster than the system allocator, and
/// tree-sitter is given it too. See docs/performance.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // SAFETY: no tree-sitter object exists yet, so none can be freed by an allocator other
    // than the one that allocated it.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Inventory {
            path,
            format,
            output,
            config,
        } => run_inventory(&path, format, output.as_deref(), config.as_deref()),
        Command::Init { path, force } => init(&path, force),
        Command::Rules { format } => {
            print!("{}", rules_listing(format));
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => match rules::by_id(&rule) {
            Some(rule) => {
                print!("{}", phi_lint_lints::docs::rule_page(rule.meta()));
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Failure::Usage(format!(
                "unknown rule `{rule}`; `phi-lint rules` lists them"
            ))),
        },
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("phi-lint: error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Config(error)) => {
            eprintln!("{:?}", miette::Report::new(*error));
            ExitCode::from(2)
        }
    }
}

fn rules_listing(format: RulesFormat) -> String {
    match format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "family": m.family.name(),
                        "default_severity": m.default_severity,
                        "references": m.references,
                        "summary": m.summary,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        RulesFormat::Table => {
            let width = rules::ALL
                .iter()
                .map(|r| r.meta().id.len())
                .max()
                .unwrap_or(0);
            let mut out = String::new();
            for r in rules::ALL {
                let m = r.meta();
                out.push_str(&format!(
                    "{:width$}  {:13}  {:7}  {}\n",
                    m.id,
                    m.family.name(),
                    m.default_severity.as_str(),
                    m.summary
                ));
            }
            out
        }
    }
}

/// The rules a run uses: the config's and the command line's selection, less ignored ones
/// and ones turned off everywhere.
fn selected_rules(args: &CheckArgs, config: &Config) -> Result<Vec<&'static dyn Rule>, Failure> {
    for id in args.select.iter().chain(&args.ignore) {
        if rules::by_id(id).is_none() {
            return Err(Failure::Usage(format!(
                "unknown rule `{id}`; `phi-lint rules` lists them"
            )));
        }
    }
    let select: Option<&[String]> = if args.select.is_empty() {
        config.select.as_deref()
    } else {
        Some(&args.select)
    };
    Ok(rules::ALL
        .iter()
        .copied()
        .filter(|r| {
            let id = r.meta().id;
            select.is_none_or(|s| s.is_empty() || s.iter().any(|x| x == id))
                && !args.ignore.iter().chain(&config.ignore).any(|x| x == id)
                && config.levels.get(id) != Some(&Level::Off)
        })
        .collect())
}

/// `phi-lint init`: a starter configuration with every key explained.
fn init(path: &Path, force: bool) -> Result<ExitCode, Failure> {
    let start = path
        .canonicalize()
        .map_err(|e| Failure::Usage(format!("cannot open {}: {e}", path.display())))?;
    let root = discover::find_root(&start).ok_or_else(|| {
        Failure::Usage(format!(
            "no sfdx-project.json at or above {}; run init inside an SFDX project",
            path.display()
        ))
    })?;
    let target = root.join(config::FILE_NAME);
    if target.exists() && !force {
        return Err(Failure::Usage(format!(
            "{} exists; pass --force to replace it",
            target.display()
        )));
    }
    output::write_atomically(&target, config::STARTER)
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", target.display())))?;
    eprintln!("phi-lint: wrote {}", target.display());
    Ok(ExitCode::SUCCESS)
}

/// The configuration for a run on `path`: the named file, or the project's own.
fn load_config(path: &Path, named: Option<&Path>) -> Result<Config, Failure> {
    let root = discover::find_root(&path.canonicalize().unwrap_or(path.to_path_buf()));
    match (named, &root) {
        (Some(file), _) => Config::load(file).map_err(Failure::Config),
        (None, Some(root)) if root.join(config::FILE_NAME).is_file() => {
            Config::load(&root.join(config::FILE_NAME)).map_err(Failure::Config)
        }
        _ => Ok(Config::default()),
    }
}

fn run_inventory(
    path: &Path,
    format: inventory::InventoryFormat,
    output: Option<&Path>,
    config: Option<&Path>,
) -> Result<ExitCode, Failure> {
    if !path.exists() {
        return Err(Failure::Usage(format!("{} does not exist", path.display())));
    }
    let config = load_config(path, config)?;
    let discovery = discover::discover(path, &config).map_err(Failure::Usage)?;
    let name = discover::project_name(&discovery.root);
    let inventory = inventory::build(&discovery, &config);
    let text = inventory::render(format, &inventory, &name);
    output::emit(output, &text)
        .map_err(|e| Failure::Usage(format!("cannot write the inventory: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let first = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    for path in &args.paths {
        if !path.exists() {
            return Err(Failure::Usage(format!("{} does not exist", path.display())));
        }
    }
    let mut config = load_config(&first, args.config.as_deref())?;
    if let Some(bytes) = args.max_file_size {
        config.max_file_size = bytes;
    }
    let fail_on = match &args.fail_on {
        Some(text) => FailOn::parse(text).ok_or_else(|| {
            Failure::Usage(format!(
                "--fail-on takes error, warning, note or never, not `{text}`"
            ))
        })?,
        None => config.fail_on.unwrap_or(FailOn::At(Severity::Warning)),
    };
    let selected = selected_rules(&args, &config)?;

    let discovery = discover::discover(&first, &config).map_err(Failure::Usage)?;
    if args.verbose {
        if !discovery.sfdx {
            eprintln!(
                "phi-lint: no sfdx-project.json at or above {}; checking every file under {}",
                first.display(),
                discovery.root.display()
            );
        }
        for (path, why) in &discovery.skipped {
            eprintln!("phi-lint: skipped {}: {why}", path.display());
        }
    }
    let report_paths: Vec<Arc<str>> = args
        .paths
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .map(|p| Arc::from(discover::relative(&discovery.root, &p)))
        .collect();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        // Rules read expressions recursively; trees are capped at 2,000 levels
        // (grammars::syntax::MAX_TREE_DEPTH), and this leaves each level room to spare.
        .stack_size(16 << 20)
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start worker threads: {e}")))?;
    if args.parse_only {
        let floor = pool.install(|| floor::parse_only(&discovery, &config));
        println!("parsed {} files, {} bytes", floor.files, floor.bytes);
        return Ok(ExitCode::SUCCESS);
    }
    let cache = if args.no_cache {
        None
    } else {
        cache::Cache::new(args.cache.as_deref(), &discovery.root)
    };
    let outcome =
        pool.install(|| pipeline::run(&discovery, &config, selected.clone(), cache.as_ref()));
    if let Some(error) = &outcome.cache_error {
        eprintln!("phi-lint: warning: {error}");
    }
    let mut findings = pipeline::filter(outcome.findings, &config, &report_paths);
    if let Some(reference) = &args.changed_since {
        let changed =
            changed::ChangedLines::since(&discovery.root, reference).map_err(Failure::Usage)?;
        findings.retain(|f| changed.touches(f));
    }
    if let Some(path) = &args.write_baseline {
        output::write_atomically(path, &baseline::write(&findings))
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?;
        if !args.quiet {
            eprintln!(
                "phi-lint: recorded {} findings in {}; run with --baseline {} to report only new ones",
                findings.len(),
                path.display(),
                path.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.baseline {
        findings = baseline::read(path)
            .map_err(Failure::Usage)?
            .filter(findings);
    }

    let color = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let cx = ReportContext {
        root: &discovery.root,
        cwd: std::env::current_dir().unwrap_or_default(),
        files_checked: outcome.files_checked,
        rules: &selected,
        color,
    };
    let mut text = report::render(args.format, &findings, &cx);
    if args.quiet && args.format == Format::Human {
        // The summary is the last line; a quiet run shows only the findings.
        let trimmed = text.trim_end_matches('\n');
        let cut = trimmed.rfind('\n').map_or(0, |i| i + 1);
        text.truncate(cut);
    }
    output::emit(args.output.as_deref(), &text).map_err(|e| {
        let target = args.output.as_deref().unwrap_or(Path::new("stdout"));
        Failure::Usage(format!("cannot write {}: {e}", target.display()))
    })?;
    if args.verbose {
        eprintln!(
            "phi-lint: checked {} files with {} rules in {:.2?}",
            outcome.files_checked,
            selected.len(),
            started.elapsed()
        );
        if let Some(cache) = &cache {
            eprintln!(
                "phi-lint: {} files answered from the cache in {}",
                outcome.cached,
                cache.dir().display()
            );
        }
    }
    if args.output.is_some() && !args.quiet && args.format != Format::Human {
        eprintln!("{}", report::summary(&findings, outcome.files_checked));
    }

    let failing = match fail_on {
        FailOn::Never => false,
        FailOn::At(level) => findings.iter().any(|f| f.severity >= level),
    };
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
