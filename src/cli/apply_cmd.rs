//! `iamform apply`: make the accounts match the manifests, or execute a saved plan.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use iamform::apply::{ApplyEvent, ApplyOptions};
use iamform::input_file::{STATE_LIMIT, read_text};
use iamform::plan::Plan;
use iamform::render;

use super::apply_progress::ApplyProgress;
use super::backend_args::{BackendArgs, LockArgs};
use super::{Cli, EXIT_ERROR, workflow};

/// Arguments of `iamform apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// A plan saved by `iamform plan --out`; refused if the accounts changed since.
    #[arg(value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub backend: BackendArgs,
    #[command(flatten)]
    pub lock: LockArgs,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(long)]
    pub auto_approve: bool,
    /// How many changes may run at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub parallelism: u32,
    /// Allow changes that delete or lock out the principal iamform runs as.
    #[arg(long)]
    pub allow_self_lockout: bool,
    /// Only these accounts (repeatable).
    #[arg(long = "account", value_name = "NAME")]
    pub accounts: Vec<String>,
    /// Never color the output.
    #[arg(long)]
    pub no_color: bool,
}

/// Runs `iamform apply`.
pub fn run(cli: &Cli, args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    // Refuse before reading anything: without a terminal nobody can confirm, and a
    // saved plan was reviewed when it was made.
    if args.plan.is_none() && !args.auto_approve && !std::io::stdin().is_terminal() {
        bail!(
            "stdin is not a terminal, so the changes cannot be confirmed; nothing was read \
             or changed. Review them with `iamform plan`, then re-run apply with \
             --auto-approve (or apply a plan saved with `iamform plan --out`)"
        );
    }
    let dir = workflow::manifest_dir(cli, None);
    let loaded = match workflow::load_manifests(&dir, &args.accounts) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let selected = workflow::selected_accounts(&loaded.desired);
    // With --state, the lock is held from before the read until the result is written.
    let backend = args.backend.open_for_writing(args.lock.timeout())?;
    let (plan, callers) = match &args.plan {
        Some(path) => {
            let plan = read_saved_plan(path)?;
            iamform::plan::check_plan_accounts(&plan, &selected)
                .with_context(|| format!("refusing to apply {}", path.display()))?;
            let read = workflow::read_accounts(backend.as_ref(), &selected)?;
            iamform::plan::check_plan_fresh(&plan, &read.iam).with_context(|| {
                format!("refusing to apply {}; nothing was applied", path.display())
            })?;
            println!(
                "Applying the saved plan {} ({} change(s)).",
                path.display(),
                plan.changes.len()
            );
            (plan, read.callers)
        }
        None => {
            let read = workflow::read_accounts(backend.as_ref(), &selected)?;
            let plan = match workflow::build_plan(&loaded, &read.iam) {
                Ok(plan) => plan,
                Err(code) => return Ok(code),
            };
            let color = workflow::use_color(args.no_color);
            print!("{}", render::text(&plan, &render::TextOptions { color }));
            if plan.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            if !args.auto_approve && !confirm()? {
                println!("Apply cancelled; nothing was changed.");
                return Ok(ExitCode::from(EXIT_ERROR));
            }
            (plan, read.callers)
        }
    };
    if plan.is_empty() {
        println!("No changes. Your accounts match the manifests.");
        return Ok(ExitCode::SUCCESS);
    }
    let options = ApplyOptions {
        parallelism: args.parallelism as usize,
        allow_self_lockout: args.allow_self_lockout,
        callers,
        accounts: selected.into_iter().cloned().collect(),
        ..ApplyOptions::default()
    };
    let mut lines = ApplyProgress::for_plan(&plan);
    let mut progress = |event: ApplyEvent| {
        if let Some(line) = lines.line(&event) {
            println!("{line}");
        }
    };
    let report = iamform::apply::execute(&plan, backend.as_ref(), &options, &mut progress)?;
    // Flush even after failures: the changes that succeeded are real and must be recorded.
    backend.flush().context("cannot save the result")?;
    println!("{}", report.summary());
    if cli.verbose {
        super::verbose::print_api_calls(backend.as_ref());
    }
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}

/// Reads a plan saved by `iamform plan --out`; JSON errors name the file, line and column.
fn read_saved_plan(path: &Path) -> anyhow::Result<Plan> {
    let text = read_text(path, STATE_LIMIT)
        .map_err(|e| anyhow!("cannot read the plan {}: {}", path.display(), e.reason()))?;
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        anyhow!(
            "{}:{}:{}: not an iamform plan: {message}; save one with `iamform plan --out`",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Asks y/N on the terminal.
fn confirm() -> anyhow::Result<bool> {
    print!("Apply these changes? Only 'yes' or 'y' is accepted: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "yes"))
}
