//! `iamform schema`.

use std::process::ExitCode;

use super::Cli;

/// Arguments of `iamform schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {}

/// Runs `iamform schema`.
pub fn run(_cli: &Cli, _args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`iamform schema` is being built")
}
