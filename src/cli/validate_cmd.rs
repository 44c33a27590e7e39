//! `iamform validate`.

use std::path::PathBuf;

use iamform::backend::Backend as _;
use iamform::backend::state_file::StateFileBackend;
use iamform::diagnostic::Severity;
use iamform::manifest;
use iamform::model::OrganizationConfig;
use iamform::policy::DataVersions;
use iamform::render::diagnostics::{DiagnosticsReport, OverrideRecord, overrides_text};

use super::diagnostics_output::SnippetSource;
use super::{Cli, CliError, CliResult, Outcome, Ui};

/// Output formats of `validate` and `policy lint`'s diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnosticsFormat {
    /// Each problem with its source line, then a summary line.
    Text,
    /// One JSON document (schemas/diagnostics.schema.json).
    Json,
}

/// Arguments of `iamform validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Manifest directory (default: `-C DIR`, else the current directory).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiagnosticsFormat,
    /// Take the AWS Organization's accounts from this state file (`state pull` records
    /// them), for a project with `organization:`; without it only the accounts
    /// `iamform.yaml` declares are known.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Also list, for each account's copy of an entity defined with `accounts:`, every
    /// field an `overrides:` entry set, its value and where that override writes it.
    #[arg(long)]
    pub explain_overrides: bool,
}

/// Runs `iamform validate`: prints every diagnostic, then a summary line.
pub fn run(cli: &Cli, ui: &Ui, args: &ValidateArgs) -> CliResult {
    let dir = args
        .dir
        .clone()
        .or_else(|| cli.dir.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let recorded = match &args.state {
        Some(path) => Some(StateFileBackend::open(path)?),
        None => None,
    };
    let read = |config: &OrganizationConfig, with_tags: bool| {
        let backend = recorded.as_ref().expect("called only with a state file");
        backend
            .read_organization(config, with_tags)
            .map_err(|e| e.to_string())
    };
    let reader: Option<manifest::OrganizationReader<'_>> = match &recorded {
        Some(_) => Some(&read),
        None => None,
    };
    let mut report =
        manifest::check_with(&dir, super::clock::now().map_err(CliError::Failed)?, reader);
    if let Some(state) = &report.state {
        // Policy lint (what IAM rejects is an error; unknown actions, which IAM accepts, and
        // security findings are warnings) and the
        // checks `plan` runs on the manifests alone, so validate and plan agree: both
        // only read the state, so they run side by side.
        let (lint, order) = iamform::parallel::join(
            || iamform::access::lint_state(state),
            || iamform::plan::check_desired(state),
        );
        report.diagnostics.0.extend(lint);
        if let Err(plan_errors) = order {
            report.diagnostics.0.extend(plan_errors.0);
        }
        report.diagnostics.sort();
    }
    let (errors, warnings) = (
        report.diagnostics.count(Severity::Error),
        report.diagnostics.count(Severity::Warning),
    );
    let aws_data = DataVersions::bundled();
    if args.format == DiagnosticsFormat::Json {
        let overrides = args
            .explain_overrides
            .then(|| report.overridden.iter().map(OverrideRecord::of).collect());
        let json = DiagnosticsReport {
            aws_data: Some(aws_data),
            overrides,
            ..DiagnosticsReport::new(&report.diagnostics.0)
        };
        ui.print(json.to_json());
        return if errors == 0 && report.state.is_some() {
            Ok(Outcome::Success)
        } else {
            Err(CliError::Reported)
        };
    }
    let source = SnippetSource::of(&report.diagnostics.0);
    for text in source.render_all(&report.diagnostics.0, ui.stdout_color()) {
        ui.println(text);
    }
    if args.explain_overrides && report.state.is_some() {
        ui.print(overrides_text(&report.overridden));
    }
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
            // Said only when there are some, so projects without them read as before.
            let providers = total(|a| a.oidc_providers.len() + a.saml_providers.len());
            let providers = if providers > 0 {
                format!(", {providers} identity providers")
            } else {
                String::new()
            };
            ui.println(format_args!(
                "ok: {} accounts, {} users, {} groups, {} roles, {} policies, {} instance profiles{providers}{warning_note}",
                state.accounts.len(),
                total(|a| a.users.len()),
                total(|a| a.groups.len()),
                total(|a| a.roles.len()),
                total(|a| a.policies.len()),
                total(|a| a.instance_profiles.len()),
            ));
            ui.println(format_args!("checked against AWS data: {aws_data}"));
            Ok(Outcome::Success)
        }
        _ => {
            ui.println(format_args!("{errors} error(s){warning_note}"));
            Err(CliError::Reported)
        }
    }
}
