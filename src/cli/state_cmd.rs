//! `iamform state pull`: record the live state of the manifests' accounts in a state
//! file, so `plan --state FILE` can later run offline against exactly what was read.

use std::path::PathBuf;

use anyhow::Context as _;
use iamform::backend::ReadScope;
use iamform::backend::state_file::{STATE_FORMAT_VERSION, StateFile, StateLock, write_atomically};

use super::backend_args::{AccountArgs, BackendArgs, LockArgs, ReadArgs, waiting_note};
use super::verbose::{self, Timings};
use super::{Cli, CliResult, Outcome, Ui, workflow};

/// State file subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum StateCommand {
    /// Read each account (live, or from another state file) and write a state file.
    Pull(PullArgs),
}

/// Arguments of `iamform state pull`.
#[derive(Debug, clap::Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub backend: BackendArgs,
    #[command(flatten)]
    pub only: AccountArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Where to write the state file (replaced as a whole, under its lock).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub lock: LockArgs,
}

/// Runs a state subcommand.
pub fn run(cli: &Cli, ui: &Ui, cmd: &StateCommand) -> CliResult {
    match cmd {
        StateCommand::Pull(args) => pull(cli, ui, args),
    }
}

fn pull(cli: &Cli, ui: &Ui, args: &PullArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let lazy = workflow::LazyBackend::new(|| args.backend.open(ui));
    let desired = workflow::load_desired(ui, &dir, &args.only.accounts, Some(&lazy))?;
    let backend = lazy.into_backend()?;
    // Everything a plan or an import made from the file needs: the manifests' entities
    // and those under the scope paths.
    let configs: Vec<_> = desired
        .accounts
        .values()
        .map(|a| {
            (
                &a.config,
                ReadScope::project(&desired.project.scope, &a.iam),
            )
        })
        .collect();
    let timings = Timings::default();
    let read = timings.time("read", || {
        // A state file missing an account would plan it from nothing: all or none.
        let mut read = workflow::read_accounts(
            backend.as_ref(),
            &configs,
            &workflow::credential_users(&desired),
            args.read.parallelism(),
        )
        .complete()?;
        workflow::read_identity_centers(backend.as_ref(), &desired, &mut read)?;
        anyhow::Ok(read)
    })?;
    let state = StateFile {
        format_version: STATE_FORMAT_VERSION,
        // The file is keyed by account id: that is what a state-file backend looks up.
        accounts: read
            .iam
            .into_values()
            .map(|iam| (iam.account_id.clone(), iam))
            .collect(),
        // With its tags, so selectors on tags work offline too.
        organization: match &desired.project.organization {
            Some(organization) => Some(
                backend
                    .read_organization(&organization.config, true)
                    .context("cannot read the organization")?,
            ),
            None => None,
        },
    };
    // Under the lock, so the pull never lands in the middle of an apply on that file.
    let timeout = args.lock.timeout();
    let _lock = StateLock::acquire(
        &args.out,
        timeout,
        &mut waiting_note(ui, &args.out, timeout),
    )?;
    timings.time("write", || {
        write_atomically(&args.out, state.to_pretty_json().as_bytes())
            .with_context(|| format!("cannot write {}", args.out.display()))
    })?;
    for (name, account) in &desired.accounts {
        let iam = &state.accounts[&account.config.id];
        ui.println(format_args!(
            "pulled account {name} ({}): {} entities",
            account.config.id,
            iam.entity_count()
        ));
    }
    ui.println(format_args!("wrote {}", args.out.display()));
    verbose::print(ui, cli.verbose, Some(backend.as_ref()), &timings);
    Ok(Outcome::Success)
}
