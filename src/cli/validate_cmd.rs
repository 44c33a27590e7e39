//! `iamform validate`.

use std::process::ExitCode;

use super::Cli;

/// Arguments of `iamform validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {}

/// Runs `iamform validate`.
pub fn run(_cli: &Cli, _args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`iamform validate` is being built")
}
