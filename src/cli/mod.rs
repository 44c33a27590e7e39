//! Command-line interface. Thin: parse, call the library, print, choose the exit code.

mod apply_cmd;
mod apply_progress;
mod audit_cmd;
mod backend_args;
mod can_cmd;
mod diagnostics_output;
mod import_cmd;
mod lint_cmd;
mod plan_cmd;
mod policy_cmd;
mod schema_cmd;
mod simulate_cmd;
mod state_cmd;
mod validate_cmd;
mod verbose;
mod workflow;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for "an error occurred".
pub const EXIT_ERROR: u8 = 1;

/// AWS IAM as code: validate, plan and apply IAM from YAML manifests.
#[derive(Debug, Parser)]
#[command(name = "iamform", version, about, max_term_width = 100)]
pub struct Cli {
    /// Run as if started in DIR (the manifest directory).
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
    /// Print more (API call counts, timings).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manifests: syntax, unknown keys, names, references, sizes, cycles.
    Validate(validate_cmd::ValidateArgs),
    /// Show what would change to make the accounts match the manifests.
    Plan(plan_cmd::PlanArgs),
    /// Make the accounts match the manifests (or a saved plan).
    Apply(apply_cmd::ApplyArgs),
    /// Policy document tools.
    #[command(subcommand)]
    Policy(policy_cmd::PolicyCommand),
    /// Write the JSON Schema of manifests (for editors and yaml-language-server).
    Schema(schema_cmd::SchemaArgs),
    /// Record the live state of the accounts in a state file (`state pull`).
    #[command(subcommand)]
    State(state_cmd::StateCommand),
    /// Write manifests for the IAM an account already holds.
    Import(import_cmd::ImportArgs),
    /// Report the accounts' security status and what the manifests would fix.
    Audit(audit_cmd::AuditArgs),
    /// Tell whether a user or role may perform an action, from the manifests alone.
    Can(can_cmd::CanArgs),
}

/// Entry point called by `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Validate(args) => validate_cmd::run(&cli, args),
        Command::Plan(args) => plan_cmd::run(&cli, args),
        Command::Apply(args) => apply_cmd::run(&cli, args),
        Command::Policy(cmd) => policy_cmd::run(&cli, cmd),
        Command::Schema(args) => schema_cmd::run(&cli, args),
        Command::State(cmd) => state_cmd::run(&cli, cmd),
        Command::Import(args) => import_cmd::run(&cli, args),
        Command::Audit(args) => audit_cmd::run(&cli, args),
        Command::Can(args) => can_cmd::run(&cli, args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
