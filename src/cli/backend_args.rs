//! Where account state comes from: `--state FILE` (recorded, offline) or live AWS.

use std::path::PathBuf;

use anyhow::Context as _;
use iamform::backend::Backend;
use iamform::backend::aws::{AwsBackend, AwsOptions};
use iamform::backend::state_file::StateFileBackend;

/// Backend selection flags shared by `plan`, `apply` and `state pull`.
#[derive(Debug, Clone, clap::Args)]
pub struct BackendArgs {
    /// Use a recorded state file instead of AWS (offline; `apply` writes it back).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// AWS profile for the base credentials (accounts may name their own). Ignored with
    /// `--state`; not a conflict, because it usually comes from the environment.
    #[arg(long, env = "AWS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region for STS (IAM is global). Ignored with `--state`.
    #[arg(long, env = "AWS_REGION", value_name = "REGION")]
    pub region: Option<String>,
}

impl BackendArgs {
    /// Opens the chosen backend.
    pub fn open(&self) -> anyhow::Result<Box<dyn Backend>> {
        match &self.state {
            // The state-file error already names the file and the position in it.
            Some(path) => Ok(Box::new(StateFileBackend::open(path)?)),
            None => Ok(Box::new(
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
