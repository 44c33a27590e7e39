//! Command-line interface. Thin: parse, call the library, write through [`Ui`], and
//! turn how the command ended into the exit code in one place ([`exit`]).

mod accounts_cmd;
mod apply_cmd;
mod apply_progress;
mod audit_cmd;
mod backend_args;
mod can_cmd;
mod clock;
mod completions_cmd;
mod diagnostics_output;
mod exit;
mod fmt_cmd;
mod graph_cmd;
mod import_cmd;
mod interrupt;
mod lazy_backend;
mod lint_cmd;
mod plan_cmd;
mod policy_cmd;
#[cfg(test)]
mod reference;
mod schema_cmd;
mod show_cmd;
mod simulate_cmd;
mod state_cmd;
mod ui;
mod validate_cmd;
mod verbose;
mod workflow;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use exit::{CliError, CliResult, Outcome};
pub use ui::Ui;

/// AWS IAM as code: validate, plan and apply IAM from YAML manifests.
#[derive(Debug, Parser)]
#[command(
    name = "iamform",
    version,
    about,
    max_term_width = 100,
    after_help = "Environment: IAMFORM_NOW=2027-01-01T00:00:00Z sets the clock `expires:` entries are decided at, for tests and reproducible CI runs (default: the system clock)."
)]
pub struct Cli {
    /// Run as if started in DIR (the manifest directory).
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
    /// Print more (API call counts, timings).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to color the output (`auto` honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ui::ColorArg,
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manifests: syntax, unknown keys, names, references, sizes, cycles.
    Validate(validate_cmd::ValidateArgs),
    /// Rewrite manifests in the layout `iamform import` writes, keeping comments (`--check`
    /// for CI: write nothing, exit 2 when a file would change).
    Fmt(fmt_cmd::FmtArgs),
    /// Show what would change to make the accounts match the manifests.
    Plan(plan_cmd::PlanArgs),
    /// Make the accounts match the manifests (or a saved plan).
    Apply(apply_cmd::ApplyArgs),
    /// Show a plan saved by `plan --out` again, in any format (nothing is read or changed).
    Show(show_cmd::ShowArgs),
    /// Draw the manifests' entities and their dependencies, or a saved plan's changes
    /// (Graphviz dot or Mermaid).
    Graph(graph_cmd::GraphArgs),
    /// Policy document tools.
    #[command(subcommand)]
    Policy(policy_cmd::PolicyCommand),
    /// Write the JSON Schema of manifests (for editors and yaml-language-server).
    Schema(schema_cmd::SchemaArgs),
    /// Record the live state of the accounts in a state file (`state pull`).
    #[command(subcommand)]
    State(state_cmd::StateCommand),
    /// List the accounts the project governs, declared and discovered in AWS Organizations,
    /// with OU paths, states and tags (to write `accounts:` selectors).
    Accounts(accounts_cmd::AccountsArgs),
    /// Write manifests for the IAM an account already holds.
    Import(import_cmd::ImportArgs),
    /// Report the accounts' security status and what the manifests would fix.
    Audit(audit_cmd::AuditArgs),
    /// Tell whether a user or role may perform an action, from the manifests alone.
    Can(can_cmd::CanArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions_cmd::CompletionsArgs),
    /// Print the man page (roff), or write every command's page with `--out-dir`.
    Man(completions_cmd::ManArgs),
}

/// Entry point called by `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // `--help` and `--version` go to stdout and succeed; usage errors exit 1
            // (clap would say 2, which `plan --detailed-exitcode` uses for "changes").
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::ERROR
            } else {
                exit::SUCCESS
            });
        }
    };
    let ui = Ui::new(cli.color);
    let result = interrupt::handling_interrupts(&ui, |interrupt| run(&cli, &ui, interrupt));
    let (code, message) = exit::exit_code(&result);
    if let Some(message) = message {
        ui.eprintln(message);
    }
    ExitCode::from(code)
}

fn run(cli: &Cli, ui: &Ui, interrupt: &interrupt::Interrupt) -> CliResult {
    match &cli.command {
        Command::Validate(args) => validate_cmd::run(cli, ui, args),
        Command::Fmt(args) => fmt_cmd::run(cli, ui, args),
        Command::Plan(args) => plan_cmd::run(cli, ui, args),
        Command::Apply(args) => apply_cmd::run(cli, ui, args, interrupt),
        Command::Show(args) => show_cmd::run(ui, args),
        Command::Graph(args) => graph_cmd::run(cli, ui, args),
        Command::Policy(cmd) => policy_cmd::run(cli, ui, cmd),
        Command::Schema(args) => schema_cmd::run(ui, args),
        Command::State(cmd) => state_cmd::run(cli, ui, cmd),
        Command::Import(args) => import_cmd::run(cli, ui, args),
        Command::Accounts(args) => accounts_cmd::run(cli, ui, args),
        Command::Audit(args) => audit_cmd::run(cli, ui, args),
        Command::Can(args) => can_cmd::run(cli, ui, args),
        Command::Completions(args) => completions_cmd::completions(ui, args),
        Command::Man(args) => completions_cmd::man(ui, args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
