//! `iamform plan`.

use std::process::ExitCode;

use super::Cli;

/// Arguments of `iamform plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {}

/// Runs `iamform plan`.
pub fn run(_cli: &Cli, _args: &PlanArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`iamform plan` is being built")
}
