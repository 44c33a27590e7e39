//! `iamform accounts`: the accounts the project governs, declared and discovered in AWS
//! Organizations, with their OU paths, states and tags (to write selectors).

use iamform::render;

use super::backend_args::BackendArgs;
use super::{Cli, CliError, CliResult, Outcome, Ui, diagnostics_output, workflow};

/// Output formats of `iamform accounts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccountsFormat {
    /// An aligned table.
    Text,
    /// JSON following `schemas/accounts.schema.json`.
    Json,
}

/// Arguments of `iamform accounts`.
#[derive(Debug, clap::Args)]
pub struct AccountsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: AccountsFormat,
    #[command(flatten)]
    pub backend: BackendArgs,
}

/// Runs `iamform accounts`: reads the organization with its tags (the manifests may not
/// need them, but selectors written next may).
pub fn run(cli: &Cli, ui: &Ui, args: &AccountsArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let lazy = workflow::LazyBackend::new(|| args.backend.open(ui));
    let read = |config: &iamform::model::OrganizationConfig, _: bool| {
        let backend = lazy.get().map_err(|e| format!("{e:#}"))?;
        backend
            .read_organization(config, true)
            .map_err(|e| e.to_string())
    };
    let report = iamform::manifest::check_with(
        &dir,
        super::clock::now().map_err(CliError::Failed)?,
        Some(&read),
    );
    if !report.diagnostics.0.is_empty() {
        diagnostics_output::print(ui, &report.diagnostics);
    }
    let Some(desired) = report.state else {
        return Err(CliError::Reported);
    };
    let accounts = render::accounts_report(&desired.project);
    ui.print(match args.format {
        AccountsFormat::Text => render::accounts_text(&accounts),
        AccountsFormat::Json => render::accounts_json(&accounts),
    });
    Ok(Outcome::Success)
}
