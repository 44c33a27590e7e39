//! `iamform apply`: make the accounts match the manifests, or execute a saved plan.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use iamform::apply::{ApplyEvent, ApplyOptions};
use iamform::plan::Plan;
use iamform::render;

use super::backend_args::BackendArgs;
use super::{Cli, EXIT_ERROR, apply_progress, diagnostics_output, workflow};

/// Arguments of `iamform apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// A plan saved by `iamform plan --out`; refused if the accounts changed since.
    #[arg(value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub backend: BackendArgs,
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
    let dir = workflow::manifest_dir(cli, None);
    let desired = match workflow::load_desired(&dir, &args.accounts) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let backend = args.backend.open()?;
    let plan = match &args.plan {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read plan {}", path.display()))?;
            let plan: Plan = serde_json::from_str(&text)
                .with_context(|| format!("{} is not an iamform plan", path.display()))?;
            check_fresh(&plan, &desired, backend.as_ref())?;
            plan
        }
        None => {
            let configs: Vec<_> = desired.accounts.values().map(|a| &a.config).collect();
            let actual = workflow::read_accounts(backend.as_ref(), &configs)?;
            match iamform::plan::build(&desired, &actual) {
                Ok(plan) => plan,
                Err(diags) => {
                    diagnostics_output::print(&diags);
                    return Ok(ExitCode::from(EXIT_ERROR));
                }
            }
        }
    };
    if plan.is_empty() {
        println!("No changes. Your accounts match the manifests.");
        return Ok(ExitCode::SUCCESS);
    }
    if args.plan.is_none() {
        let color = workflow::use_color(args.no_color);
        print!("{}", render::text(&plan, &render::TextOptions { color }));
        if !args.auto_approve && !confirm()? {
            println!("Apply cancelled.");
            return Ok(ExitCode::from(EXIT_ERROR));
        }
    }
    let mut callers = Vec::new();
    for account in desired.accounts.values() {
        if let Some(caller) = backend.caller_identity(&account.config)? {
            callers.push(caller);
        }
    }
    let options = ApplyOptions {
        parallelism: args.parallelism as usize,
        allow_self_lockout: args.allow_self_lockout,
        callers,
        accounts: desired
            .accounts
            .values()
            .map(|a| a.config.clone())
            .collect(),
        ..ApplyOptions::default()
    };
    let total = plan.changes.len();
    let mut progress = |event: ApplyEvent| {
        if let Some(line) = apply_progress::line(&event, total) {
            println!("{line}");
        }
    };
    let report = iamform::apply::execute(&plan, backend.as_ref(), &options, &mut progress)?;
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

/// Refuses a saved plan whose accounts changed since it was made.
fn check_fresh(
    plan: &Plan,
    desired: &iamform::model::DesiredState,
    backend: &dyn iamform::backend::Backend,
) -> anyhow::Result<()> {
    for recorded in &plan.accounts {
        let Some(account) = desired.accounts.get(&recorded.account.name) else {
            bail!(
                "the plan covers account {} which the manifests no longer declare; run `iamform plan` again",
                recorded.account.name
            );
        };
        let actual = workflow::read_accounts(backend, &[&account.config])?;
        let now = iamform::plan::fingerprint(&actual[&recorded.account.name]);
        if now != recorded.fingerprint {
            bail!(
                "account {} ({}) changed since this plan was made (fingerprint {} is now {}); \
                 nothing was applied. Run `iamform plan` again and review the new plan",
                recorded.account.name,
                recorded.account.id,
                recorded.fingerprint,
                now
            );
        }
    }
    Ok(())
}

/// Asks y/N on a terminal; without one, apply needs `--auto-approve`.
fn confirm() -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!("stdin is not a terminal: review the plan above and re-run with --auto-approve");
    }
    print!("Apply these changes? Only 'yes' or 'y' is accepted: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "yes"))
}
