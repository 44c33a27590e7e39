//! `iamform validate`.

use std::path::PathBuf;

use iamform::diagnostic::Severity;
use iamform::manifest;

use super::diagnostics_output::SnippetSource;
use super::{Cli, CliError, CliResult, Outcome, Ui};

/// Arguments of `iamform validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Manifest directory (default: `-C DIR`, else the current directory).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `iamform validate`: prints every diagnostic, then a summary line.
pub fn run(cli: &Cli, ui: &Ui, args: &ValidateArgs) -> CliResult {
    let dir = args
        .dir
        .clone()
        .or_else(|| cli.dir.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut report = manifest::check(&dir);
    if let Some(state) = &report.state {
        // Policy lint: unknown actions are errors, security findings warnings.
        report
            .diagnostics
            .0
            .extend(iamform::access::lint_state(state));
        // The checks `plan` runs on the manifests alone, so validate and plan agree.
        if let Err(plan_errors) = iamform::plan::check_desired(state) {
            report.diagnostics.0.extend(plan_errors.0);
        }
        report.diagnostics.sort();
    }
    let source = SnippetSource::default();
    for diagnostic in &report.diagnostics.0 {
        ui.println(source.render(diagnostic));
    }
    let count = |s: Severity| {
        report
            .diagnostics
            .0
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let warning_note = if warnings > 0 {
        format!(", {warnings} warning(s)")
    } else {
        String::new()
    };
    match &report.state {
        Some(state) if errors == 0 => {
            let accounts = state.accounts.values().map(|a| &a.iam);
            let total = |f: fn(&iamform::model::AccountIam) -> usize| {
                accounts.clone().map(f).sum::<usize>()
            };
            ui.println(format_args!(
                "ok: {} accounts, {} users, {} groups, {} roles, {} policies, {} instance profiles{warning_note}",
                state.accounts.len(),
                total(|a| a.users.len()),
                total(|a| a.groups.len()),
                total(|a| a.roles.len()),
                total(|a| a.policies.len()),
                total(|a| a.instance_profiles.len()),
            ));
            Ok(Outcome::Success)
        }
        _ => {
            ui.println(format_args!("{errors} error(s){warning_note}"));
            Err(CliError::Reported)
        }
    }
}
