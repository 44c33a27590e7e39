//! `iamform audit`: the accounts' security status, and what the manifests would fix.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use iamform::audit::{self, ManifestView};
use iamform::backend::audit_record::RecordedAudit;
use iamform::backend::aws::{AwsBackend, AwsOptions};
use iamform::backend::{AuditSource, Backend};
use iamform::import::PROJECT_FILE;
use iamform::model::{AccountConfig, AccountIam, Scope};

use super::backend_args::ReadArgs;
use super::verbose::{self, Timings};
use super::{Cli, CliResult, Outcome, Ui, workflow};

/// Account name used when no `iamform.yaml` names the account.
const DEFAULT_ACCOUNT_NAME: &str = "main";

/// Output formats of an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// For terminals.
    Text,
    /// For an issue or a pull-request comment.
    Markdown,
    /// A JSON list with one report per account.
    Json,
}

/// Arguments of `iamform audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Only these accounts of iamform.yaml (repeatable); without iamform.yaml, the name
    /// to report the account under (default `main`).
    #[arg(long = "account", value_name = "NAME")]
    pub accounts: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: AuditFormat,
    /// Use a recorded audit file (credential report, access advisor…) instead of AWS.
    /// (`--recorded` is its old name.)
    #[arg(long, alias = "recorded", value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Account id to audit when there is no iamform.yaml (default: the only recorded
    /// account, or the account of the AWS credentials).
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,
    /// AWS profile for the base credentials (accounts may name their own).
    #[arg(
        long,
        env = "AWS_PROFILE",
        hide_env_values = true,
        value_name = "NAME",
        conflicts_with = "state"
    )]
    pub profile: Option<String>,
    /// AWS region for STS (IAM is global).
    #[arg(
        long,
        env = "AWS_REGION",
        hide_env_values = true,
        value_name = "REGION",
        conflicts_with = "state"
    )]
    pub region: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// One account to audit and, when manifests exist, what they want in it.
struct Target {
    config: AccountConfig,
    desired: Option<AccountIam>,
}

/// Runs `iamform audit`.
pub fn run(cli: &Cli, ui: &Ui, args: &AuditArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let (targets, scope) = if dir.join(PROJECT_FILE).is_file() {
        let desired = workflow::load_desired(ui, &dir, &args.accounts, None)?;
        let targets = desired
            .accounts
            .values()
            .map(|a| Target {
                config: a.config.clone(),
                desired: Some(a.iam.clone()),
            })
            .collect();
        (targets, desired.project.scope)
    } else {
        (Vec::new(), Scope::default())
    };
    let recorded = match &args.state {
        Some(path) => Some(
            RecordedAudit::open(path)
                .with_context(|| format!("cannot use audit record {}", path.display()))?,
        ),
        None => None,
    };
    let aws = match &recorded {
        Some(_) => None,
        None => Some(
            AwsBackend::new(AwsOptions {
                profile: args.profile.clone(),
                region: args.region.clone(),
                ..AwsOptions::default()
            })
            .context("cannot set up AWS clients")?,
        ),
    };
    let source: &dyn AuditSource = match (&recorded, &aws) {
        (Some(r), _) => r,
        (None, Some(a)) => a,
        (None, None) => return Err(anyhow::anyhow!("no audit data source").into()),
    };
    let targets = if targets.is_empty() {
        vec![Target {
            config: unconfigured_account(args, aws.as_ref())?,
            desired: None,
        }]
    } else {
        targets
    };
    let timings = Timings::default();
    // Accounts are read a few at once; the first failure, in account order, ends the
    // audit (a report missing an account would read as a clean one).
    let read = timings.time("read", || {
        iamform::parallel::map_bounded(&targets, args.read.parallelism(), |target| {
            let account = &target.config;
            if let Some(aws) = &aws {
                aws.verify_account(account)
                    .with_context(|| format!("account {}", account.name))?;
            }
            source.audit_data(account).with_context(|| {
                format!(
                    "account {} ({}): reading audit data failed",
                    account.name, account.id
                )
            })
        })
    });
    let mut reports = Vec::new();
    for (target, data) in targets.iter().zip(read) {
        let account = &target.config;
        let data = data?;
        let view = target.desired.as_ref().map(|desired| ManifestView {
            desired,
            scope: &scope,
        });
        let report = timings
            .time("check", || {
                audit::audit(&account.name, &data, view.as_ref())
            })
            .with_context(|| format!("account {} ({})", account.name, account.id))?;
        reports.push(report);
    }
    let out = timings.time("render", || match args.format {
        AuditFormat::Text => Ok(reports
            .iter()
            .map(iamform::render::audit::text)
            .collect::<Vec<_>>()
            .join("\n")),
        AuditFormat::Markdown => Ok(reports
            .iter()
            .map(iamform::render::audit::markdown)
            .collect::<Vec<_>>()
            .join("\n")),
        AuditFormat::Json => serde_json::to_string_pretty(&reports).map(|text| text + "\n"),
    })?;
    ui.print(out);
    let aws = aws.as_ref().map(|a| a as &dyn Backend);
    verbose::print(ui, cli.verbose, aws, &timings);
    Ok(Outcome::Success)
}

/// The account to audit when no iamform.yaml declares one.
fn unconfigured_account(
    args: &AuditArgs,
    aws: Option<&AwsBackend>,
) -> anyhow::Result<AccountConfig> {
    let name = match &args.accounts[..] {
        [] => DEFAULT_ACCOUNT_NAME.to_string(),
        [one] => one.clone(),
        _ => bail!("without iamform.yaml, audit one account at a time (one --account NAME)"),
    };
    let mut account = AccountConfig {
        name,
        id: args.account_id.clone().unwrap_or_default(),
        ..AccountConfig::default()
    };
    if account.id.is_empty() {
        account.id = match (&args.state, aws) {
            (Some(path), _) => {
                let ids = RecordedAudit::open(path)?.account_ids();
                match &ids[..] {
                    [one] => one.clone(),
                    _ => bail!(
                        "{} holds {} accounts; choose one with --account-id",
                        path.display(),
                        ids.len()
                    ),
                }
            }
            (None, Some(aws)) => match aws.caller_identity(&account)? {
                Some(caller) => caller.account_id,
                None => bail!("cannot tell which account to audit; pass --account-id"),
            },
            (None, None) => bail!("cannot tell which account to audit; pass --account-id"),
        };
    }
    if !iamform::arn::is_account_id(&account.id) {
        bail!("--account-id {} is not a 12-digit account id", account.id);
    }
    Ok(account)
}
