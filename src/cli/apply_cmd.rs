//! `iamform apply`: make the accounts match the manifests, or execute a saved plan.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use iamform::apply::{ApplyEvent, ApplyOptions};
use iamform::render;

use super::apply_progress::ApplyProgress;
use super::backend_args::{AccountArgs, BackendArgs, LockArgs, ReadArgs};
use super::interrupt::Interrupt;
use super::verbose::{self, Timings};
use super::{Cli, CliError, CliResult, Outcome, Ui, workflow};

/// Unread accounts named in the warning after an incomplete apply.
const UNREAD_NAMED: usize = 10;

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
    /// How many changes may run at once, across all accounts.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub parallelism: u32,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Allow changes that delete or lock out the principal iamform runs as.
    #[arg(long)]
    pub allow_self_lockout: bool,
    #[command(flatten)]
    pub only: AccountArgs,
    /// Same as `--color never` (kept for existing scripts).
    #[arg(long, hide = true)]
    pub no_color: bool,
}

/// Runs `iamform apply`. A Ctrl-C while changes run stops it gently (`interrupt`).
pub fn run(cli: &Cli, ui: &Ui, args: &ApplyArgs, interrupt: &Interrupt) -> CliResult {
    // Refuse before reading anything: without a terminal nobody can confirm, and a
    // saved plan was reviewed when it was made.
    if args.plan.is_none() && !args.auto_approve && !std::io::stdin().is_terminal() {
        return Err(anyhow!(
            "stdin is not a terminal, so the changes cannot be confirmed; nothing was read \
             or changed. Review them with `iamform plan`, then re-run apply with \
             --auto-approve (or apply a plan saved with `iamform plan --out`)"
        )
        .into());
    }
    let dir = workflow::manifest_dir(cli, None);
    // With --state, the lock is held from before the read until the result is written
    // (from before the organization's read, for a project with `organization:`).
    let lazy =
        workflow::LazyBackend::new(|| args.backend.open_for_writing(ui, args.lock.timeout()));
    let timings = Timings::default();
    // Loading includes the organization's read, for a project with `organization:`.
    let loaded = timings.time("load", || {
        workflow::load_manifests(ui, &dir, &args.only.accounts, Some(&lazy))
    })?;
    let selected = workflow::selected_accounts(&loaded.desired);
    let credential_users = workflow::credential_users(&loaded.desired);
    let backend = lazy.into_backend()?;
    let (plan, callers) = match &args.plan {
        Some(path) => {
            let plan = workflow::read_saved_plan(path)?;
            iamform::plan::check_plan_accounts(&plan, &selected)
                .with_context(|| format!("refusing to apply {}", path.display()))?;
            // Only the accounts the plan read: an account it could not read has no
            // changes in it, and each account read must be as it was.
            let reads: Vec<_> = workflow::managed_reads(&loaded.desired)
                .into_iter()
                .filter(|(config, _)| plan.accounts.iter().any(|a| a.account.name == config.name))
                .collect();
            let read = timings.time("read", || {
                let mut read = workflow::read_accounts(
                    backend.as_ref(),
                    &reads,
                    &credential_users,
                    args.read.parallelism(),
                )
                .complete()
                .with_context(|| {
                    format!("refusing to apply {}; nothing was applied", path.display())
                })?;
                workflow::read_identity_centers(backend.as_ref(), &loaded.desired, &mut read)?;
                anyhow::Ok(read)
            })?;
            iamform::plan::check_plan_fresh(&plan, &read.iam).with_context(|| {
                format!("refusing to apply {}; nothing was applied", path.display())
            })?;
            // A targeted or incomplete plan is applied as saved, no more: say so before
            // anything runs.
            for warning in [
                render::targeting_warning(&plan),
                render::incomplete_warning(&plan),
            ]
            .into_iter()
            .flatten()
            {
                ui.println(format_args!("Warning: {warning}\n"));
            }
            ui.println(format_args!(
                "Applying the saved plan {} ({} change(s)).",
                path.display(),
                plan.changes.len()
            ));
            (plan, read.callers)
        }
        None => {
            let read = timings.time("read", || {
                let mut read = workflow::read_accounts(
                    backend.as_ref(),
                    &workflow::managed_reads(&loaded.desired),
                    &credential_users,
                    args.read.parallelism(),
                )
                .some()?;
                workflow::read_identity_centers(backend.as_ref(), &loaded.desired, &mut read)?;
                anyhow::Ok(read)
            })?;
            let plan = timings.time("plan", || workflow::build_plan(ui, &loaded, &read, &[]))?;
            let color = ui.stdout_color() && !args.no_color;
            timings.time("render", || {
                ui.print(render::text(&plan, &render::TextOptions { color }));
            });
            if plan.is_empty() {
                return Ok(Outcome::Success.unless_incomplete(plan.is_incomplete()));
            }
            if !args.auto_approve && !confirm(ui)? {
                ui.println("Apply cancelled; nothing was changed.");
                return Err(CliError::Reported);
            }
            (plan, read.callers)
        }
    };
    if plan.is_empty() {
        // A targeted plan without changes says nothing about the rest of the manifests.
        ui.println(match plan.targeting {
            Some(_) => "No changes to the targets; nothing was applied.",
            None if plan.is_incomplete() => "No changes to the accounts read; nothing was applied.",
            None => "No changes. Your accounts match the manifests.",
        });
        return Ok(Outcome::Success.unless_incomplete(plan.is_incomplete()));
    }
    // From here until the result is saved and reported, a first Ctrl-C lets the calls
    // in flight finish and starts no more changes.
    let (_gentle, stop) = interrupt.gently();
    let options = ApplyOptions {
        parallelism: args.parallelism as usize,
        account_parallelism: args.read.parallelism(),
        allow_self_lockout: args.allow_self_lockout,
        callers,
        accounts: selected.into_iter().cloned().collect(),
        stop,
        ..ApplyOptions::default()
    };
    let mut lines = ApplyProgress::for_plan(&plan);
    let mut progress = |event: ApplyEvent| {
        if let Some(line) = lines.line(&event) {
            ui.println(line);
        }
    };
    let report = timings.time("apply", || {
        iamform::apply::execute(&plan, backend.as_ref(), &options, &mut progress)
    })?;
    // Flush even after failures: the changes that succeeded are real and must be recorded.
    backend.flush().context("cannot save the result")?;
    ui.println(report.summary());
    if let Some(targeting) = &plan.targeting {
        ui.println(format_args!(
            "Warning: applied changes may be incomplete: this plan was limited with --target \
             and left out {} other change(s); run `iamform plan` to see what remains.",
            targeting.left_out
        ));
    }
    verbose::print(ui, cli.verbose, Some(backend.as_ref()), &timings);
    if options.stop.is_stopped() {
        return Err(CliError::Interrupted(match report.not_started.len() {
            0 => "after every change had run".to_string(),
            n => format!("{n} change(s) not started; run `iamform plan` to see what remains"),
        }));
    }
    if plan.is_incomplete() {
        // Named up to a few: the plan above listed them all.
        let mut unread: Vec<&str> = plan
            .incomplete
            .iter()
            .take(UNREAD_NAMED)
            .map(|u| u.account.name.as_str())
            .collect();
        let more = plan.incomplete.len().saturating_sub(UNREAD_NAMED);
        let more = format!("{more} more");
        if plan.incomplete.len() > UNREAD_NAMED {
            unread.push(&more);
        }
        ui.println(format_args!(
            "Warning: applied to the accounts read only; {} could not be read, and {} \
             change(s) that depend on them were held back. Run `iamform plan` once they \
             can be read.",
            unread.join(", "),
            plan.held_back.len()
        ));
    }
    // A failed change is reported by its progress line and the summary.
    if report.is_success() {
        Ok(Outcome::Success.unless_incomplete(plan.is_incomplete()))
    } else {
        Err(CliError::Reported)
    }
}

/// Asks y/N on the terminal.
fn confirm(ui: &Ui) -> anyhow::Result<bool> {
    ui.print("Apply these changes? Only 'yes' or 'y' is accepted: ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "yes"))
}
