//! Where account state comes from: `--state FILE` (recorded, offline) or live AWS.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use iamform::backend::Backend;
use iamform::backend::aws::{AwsBackend, AwsOptions};
use iamform::backend::state_file::StateFileBackend;

use super::Ui;

/// Backend selection flags shared by `plan`, `apply` and `state pull`.
#[derive(Debug, Clone, clap::Args)]
pub struct BackendArgs {
    /// Use a recorded state file instead of AWS (offline; `apply` writes it back).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// AWS profile for the base credentials (accounts may name their own). Ignored with
    /// `--state`; not a conflict, because it usually comes from the environment.
    #[arg(long, env = "AWS_PROFILE", hide_env_values = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region for STS (IAM is global). Ignored with `--state`.
    #[arg(
        long,
        env = "AWS_REGION",
        hide_env_values = true,
        value_name = "REGION"
    )]
    pub region: Option<String>,
}

/// `--account NAME`, repeatable: the accounts of iamform.yaml a command works on.
#[derive(Debug, Clone, clap::Args)]
pub struct AccountArgs {
    /// Only these accounts of iamform.yaml (repeatable; default: all).
    #[arg(long = "account", value_name = "NAME")]
    pub accounts: Vec<String>,
}

/// `--account-parallelism`, shared by the commands that read accounts.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// How many accounts are read at once (each read is a few paged IAM calls, through
    /// its own credentials), and with `apply` how many are changed at once.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 8,
        value_parser = clap::value_parser!(u32).range(1..=64)
    )]
    pub account_parallelism: u32,
}

impl ReadArgs {
    /// The bound as a count.
    pub fn parallelism(&self) -> usize {
        self.account_parallelism as usize
    }
}

/// `--lock-timeout`, shared by the commands that write a state file.
#[derive(Debug, Clone, clap::Args)]
pub struct LockArgs {
    /// With a state file: how long to wait, in seconds, for another run that holds its
    /// lock (0: fail at once).
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub lock_timeout: u64,
}

impl LockArgs {
    /// The timeout as a duration.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.lock_timeout)
    }
}

impl BackendArgs {
    /// Opens the chosen backend to read; a state file is read without a lock.
    pub fn open(&self, ui: &Ui) -> anyhow::Result<Box<dyn Backend>> {
        self.open_with(ui, None)
    }

    /// Opens the chosen backend to change it: a state file is locked first (waiting up
    /// to `lock_timeout` for another run) and stays locked until the backend is dropped.
    pub fn open_for_writing(
        &self,
        ui: &Ui,
        lock_timeout: Duration,
    ) -> anyhow::Result<Box<dyn Backend>> {
        self.open_with(ui, Some(lock_timeout))
    }

    fn open_with(
        &self,
        ui: &Ui,
        lock_timeout: Option<Duration>,
    ) -> anyhow::Result<Box<dyn Backend>> {
        match (&self.state, lock_timeout) {
            // The state-file error already names the file and the position in it.
            (Some(path), None) => Ok(Box::new(StateFileBackend::open(path)?)),
            (Some(path), Some(timeout)) => Ok(Box::new(StateFileBackend::open_locked(
                path,
                timeout,
                &mut waiting_note(ui, path, timeout),
            )?)),
            (None, _) => Ok(Box::new(
                AwsBackend::new(AwsOptions {
                    profile: self.profile.clone(),
                    region: self.region.clone(),
                    ..AwsOptions::default()
                })
                .context("cannot set up AWS clients")?,
            )),
        }
    }
}

/// Says on stderr who holds the lock on `path` while this run waits for it.
pub fn waiting_note(ui: &Ui, path: &Path, timeout: Duration) -> impl FnMut(&str) {
    move |holder| {
        ui.eprintln(format_args!(
            "note: {} is locked by {holder}; waiting up to {} s for it (--lock-timeout)",
            path.display(),
            timeout.as_secs()
        ));
    }
}
