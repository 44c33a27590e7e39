//! `iamform plan`: what would change to make the accounts match the manifests.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use iamform::render;

use super::backend_args::BackendArgs;
use super::{Cli, workflow};

/// Output formats of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// For terminals.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// Stable JSON (schemas/plan.schema.json).
    Json,
}

/// Arguments of `iamform plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub backend: BackendArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlanFormat,
    /// Also save the plan as JSON, for `iamform apply PLAN.json`.
    #[arg(long, value_name = "PLAN.json")]
    pub out: Option<PathBuf>,
    /// Exit 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Only these accounts (repeatable).
    #[arg(long = "account", value_name = "NAME")]
    pub accounts: Vec<String>,
    /// Never color the output.
    #[arg(long)]
    pub no_color: bool,
    /// Most characters of `--format markdown` output (GitHub refuses longer comments;
    /// set another forge's limit here). What does not fit is left out and counted.
    #[arg(
        long,
        value_name = "N",
        default_value_t = render::GITHUB_COMMENT_LIMIT,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new()
            .range(render::MIN_MARKDOWN_CHARS as u64..)
    )]
    pub markdown_max_chars: usize,
}

/// Runs `iamform plan`.
pub fn run(cli: &Cli, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let dir = workflow::manifest_dir(cli, None);
    let loaded = match workflow::load_manifests(&dir, &args.accounts) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let backend = args.backend.open()?;
    let read = workflow::read_accounts(
        backend.as_ref(),
        &workflow::selected_accounts(&loaded.desired),
    )?;
    let plan = match workflow::build_plan(&loaded, &read.iam) {
        Ok(plan) => plan,
        Err(code) => return Ok(code),
    };
    let text = match args.format {
        PlanFormat::Text => render::text(
            &plan,
            &render::TextOptions {
                color: workflow::use_color(args.no_color),
            },
        ),
        PlanFormat::Markdown => render::markdown_with(
            &plan,
            &render::MarkdownOptions {
                max_chars: args.markdown_max_chars,
            },
        ),
        PlanFormat::Json => render::json(&plan),
    };
    print!("{text}");
    if let Some(out) = &args.out {
        std::fs::write(out, render::json(&plan))
            .with_context(|| format!("cannot write the plan to {}", out.display()))?;
        // stderr, so that `--format json` output on stdout stays one JSON document.
        eprintln!(
            "Saved this plan to {}; `iamform apply {}` applies exactly these changes, \
             and refuses if the accounts change first.",
            out.display(),
            out.display()
        );
    }
    if cli.verbose {
        super::verbose::print_api_calls(backend.as_ref());
    }
    Ok(if args.detailed_exitcode && !plan.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
