//! `iamform apply`.

use std::process::ExitCode;

use super::Cli;

/// Arguments of `iamform apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {}

/// Runs `iamform apply`.
pub fn run(_cli: &Cli, _args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`iamform apply` is being built")
}
