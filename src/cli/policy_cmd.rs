//! `iamform policy …`: policy document tools.

use std::process::ExitCode;

use super::Cli;

/// Policy subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {}

/// Runs a policy subcommand.
pub fn run(_cli: &Cli, cmd: &PolicyCommand) -> anyhow::Result<ExitCode> {
    match *cmd {}
}
