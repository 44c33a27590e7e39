//! `iamform plan`: what would change to make the accounts match the manifests.

use std::path::PathBuf;

use anyhow::Context as _;
use iamform::plan::{Plan, Target};
use iamform::render;

use super::backend_args::{AccountArgs, BackendArgs, ReadArgs};
use super::verbose::{self, Timings};
use super::{Cli, CliResult, Outcome, Ui, exit, workflow};

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
    #[command(flatten)]
    pub output: PlanOutputArgs,
    /// Also save the plan as JSON, for `iamform apply PLAN.json`.
    #[arg(long, value_name = "PLAN.json")]
    pub out: Option<PathBuf>,
    /// Exit 0 when there are no changes, 2 when there are, 1 on error (and 3, as
    /// always, when some accounts could not be read).
    #[arg(long)]
    pub detailed_exitcode: bool,
    #[command(flatten)]
    pub only: AccountArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Plan only this entity and the changes it needs first (repeatable): KIND/NAME in
    /// every account, or ACCOUNT:KIND/NAME; KIND is policy, group, user, role,
    /// instance-profile, oidc-provider, saml-provider, account-settings or permission-set.
    /// To recover from mistakes or stage a rollout; the plan says what it leaves out.
    #[arg(long = "target", value_name = "KIND/NAME")]
    pub targets: Vec<Target>,
}

/// How a plan is shown: shared by `plan` and `show`.
#[derive(Debug, clap::Args)]
pub struct PlanOutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlanFormat,
    /// Same as `--color never` (kept for existing scripts).
    #[arg(long, hide = true)]
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
pub fn run(cli: &Cli, ui: &Ui, args: &PlanArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let lazy = workflow::LazyBackend::new(|| args.backend.open(ui));
    let timings = Timings::default();
    // Loading includes the organization's read, for a project with `organization:`.
    let loaded = timings.time("load", || {
        workflow::load_manifests(ui, &dir, &args.only.accounts, Some(&lazy))
    })?;
    let backend = lazy.into_backend()?;
    let read = timings.time("read", || {
        let mut read = workflow::read_accounts(
            backend.as_ref(),
            &workflow::managed_reads(&loaded.desired),
            &workflow::credential_users(&loaded.desired),
            args.read.parallelism(),
        )
        .some()?;
        workflow::read_identity_centers(backend.as_ref(), &loaded.desired, &mut read)?;
        anyhow::Ok(read)
    })?;
    let plan = timings.time("plan", || {
        workflow::build_plan(ui, &loaded, &read, &args.targets)
    })?;
    timings.time("render", || args.output.show(ui, &plan));
    if let Some(out) = &args.out {
        // Replaced whole, so a Ctrl-C or a crash never leaves half a plan to apply.
        workflow::write_output(out, render::json(&plan).as_bytes())
            .with_context(|| format!("cannot write the plan to {}", out.display()))?;
        // stderr, so that `--format json` output on stdout stays one JSON document.
        ui.eprintln(format_args!(
            "Saved this plan to {}; `iamform apply {}` applies exactly these changes, \
             and refuses if the accounts change first.",
            out.display(),
            out.display()
        ));
    }
    verbose::print(ui, cli.verbose, Some(backend.as_ref()), &timings);
    let outcome = Outcome::attention_if(args.detailed_exitcode && !plan.is_empty())
        .unless_incomplete(plan.is_incomplete());
    exit::leave_unfreed((loaded, read, plan));
    Ok(outcome)
}

impl PlanOutputArgs {
    /// Prints `plan` in the chosen format. Text and Markdown open with a targeted or
    /// incomplete plan's warning; JSON carries them as `targeting` and `incomplete`, and
    /// stderr says them for whoever watches the terminal, keeping stdout one JSON
    /// document.
    pub fn show(&self, ui: &Ui, plan: &Plan) {
        ui.print(self.render(ui, plan));
        if self.format == PlanFormat::Json {
            let warnings = [
                render::targeting_warning(plan),
                render::incomplete_warning(plan),
            ];
            for warning in warnings.into_iter().flatten() {
                ui.eprintln(format_args!("warning: {warning}"));
            }
        }
    }

    /// `plan` in the chosen format.
    pub fn render(&self, ui: &Ui, plan: &Plan) -> String {
        match self.format {
            PlanFormat::Text => render::text(
                plan,
                &render::TextOptions {
                    color: ui.stdout_color() && !self.no_color,
                },
            ),
            PlanFormat::Markdown => render::markdown_with(
                plan,
                &render::MarkdownOptions {
                    max_chars: self.markdown_max_chars,
                },
            ),
            PlanFormat::Json => render::json(plan),
        }
    }
}
