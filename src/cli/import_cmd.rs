//! `iamform import`: write manifests for what an account already holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use iamform::arn::{Arn, Partition};
use iamform::backend::{Backend, BackendError, IdentityCenterScope, ReadScope};
use iamform::import::{
    GENERATED_MARK, ImportedFile, PROJECT_FILE, import_account, is_later_part, project_config,
};
use iamform::input_file::{MANIFEST_LIMIT, read_text};
use iamform::model::{AccountConfig, Project};

use super::backend_args::{BackendArgs, ReadArgs};
use super::verbose::{self, Timings};
use super::{Cli, CliResult, Outcome, Ui, workflow};

/// Account name used when no `iamform.yaml` names the account.
const DEFAULT_ACCOUNT_NAME: &str = "main";

/// Arguments of `iamform import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub backend: BackendArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Only these accounts of iamform.yaml (repeatable); without iamform.yaml, the name
    /// to give the imported account (default `main`).
    #[arg(long = "account", value_name = "NAME")]
    pub accounts: Vec<String>,
    /// Account id to import when there is no iamform.yaml (default: the only account of
    /// the state file, or the account of the AWS credentials).
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,
    /// Where to write the manifests (default: the manifest directory).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `iamform import`.
pub fn run(cli: &Cli, ui: &Ui, args: &ImportArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let out = args.out.clone().unwrap_or_else(|| dir.clone());
    let backend = args.backend.open(ui)?;
    let (project, accounts) = if dir.join(PROJECT_FILE).is_file() {
        let desired = workflow::load_desired(ui, &dir, &args.accounts, None)?;
        let accounts = desired
            .accounts
            .values()
            .map(|a| a.config.clone())
            .collect();
        (desired.project, accounts)
    } else {
        let account = unconfigured_account(args, backend.as_ref())?;
        let mut project = Project::default();
        project
            .accounts
            .insert(account.name.clone(), account.clone());
        (project, vec![account])
    };
    // Import writes every entity AWS does not reserve, tags included.
    let refs: Vec<_> = accounts
        .iter()
        .map(|a| (a, ReadScope::everything()))
        .collect();
    let timings = Timings::default();
    let mut actual = timings.time("read", || {
        workflow::read_accounts(
            backend.as_ref(),
            &refs,
            &Default::default(),
            args.read.parallelism(),
        )
        .complete()
    })?;
    timings.time("read", || {
        identity_center_to_import(ui, backend.as_ref(), &accounts, &mut actual.iam)
    });
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    if !project.default_tags.is_empty() {
        ui.eprintln(
            "warning: iamform.yaml sets default_tags; entities without them will show tag changes",
        );
    }
    let nested = accounts.len() > 1;
    let imports: Vec<_> = timings.time("render", || {
        accounts
            .iter()
            .map(|a| {
                let target = if nested {
                    out.join(&a.name)
                } else {
                    out.clone()
                };
                (
                    a,
                    target,
                    import_account(&actual.iam[&a.name], &a.name, &project),
                )
            })
            .collect()
    });
    // Hand-written manifests are never overwritten; files of an earlier import are.
    for (_, target, import) in &imports {
        for file in &import.files {
            let path = target.join(&file.name);
            // A metadata file cannot carry the mark: an identical one is a file import wrote.
            if std::fs::read_to_string(&path)
                .is_ok_and(|t| !t.starts_with(GENERATED_MARK) && t != file.text)
            {
                return Err(anyhow!(
                    "{} exists and was not written by `iamform import`; choose another --out",
                    path.display()
                )
                .into());
            }
        }
    }
    for (account, target, import) in &imports {
        std::fs::create_dir_all(target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        for file in &import.files {
            let path = target.join(&file.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            write(&path, &file.text)?;
        }
        remove_stale_parts(ui, target, &import.files)?;
        let names: Vec<&str> = import.files.iter().map(|f| f.name.as_str()).collect();
        ui.eprintln(format_args!(
            "account {}: wrote {} to {}",
            account.name,
            if names.is_empty() {
                "nothing".to_string()
            } else {
                names.join(", ")
            },
            target.display()
        ));
        for skipped in &import.skipped {
            ui.eprintln(format_args!("  skipped {skipped}: reserved by AWS"));
        }
        for role in &import.raw_trust {
            ui.eprintln(format_args!(
                "  role {role}: trust policy kept as assume_role_policy (no exact `trust:` form)"
            ));
        }
    }
    let config = out.join(PROJECT_FILE);
    if !config.exists() {
        write(&config, &project_config(&accounts))?;
        ui.eprintln(format_args!("wrote {}", config.display()));
    }
    verbose::print(ui, cli.verbose, Some(backend.as_ref()), &timings);
    Ok(Outcome::Success)
}

fn partition_of(arn: &str) -> Partition {
    Arn::parse(arn).map(|a| a.partition).unwrap_or_default()
}

/// Removes the later parts (`users-3.yaml`) an earlier import wrote into `target` and
/// this one did not (the account shrank): left in place, they would define their
/// entities a second time. Files not written by an import are kept.
fn remove_stale_parts(ui: &Ui, target: &Path, written: &[ImportedFile]) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(target) else {
        return Ok(());
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let kept = written.iter().any(|f| f.name == name);
            (is_later_part(&name) && !kept).then(|| entry.path())
        })
        .collect();
    stale.sort();
    for path in stale {
        if read_text(&path, MANIFEST_LIMIT).is_ok_and(|t| t.starts_with(GENERATED_MARK)) {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            ui.eprintln(format_args!(
                "removed {}: a part of an earlier import",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Reads each account's IAM Identity Center whole (every permission set, assignments in
/// the imported accounts), for the backends that read it apart from the account. A
/// project has one `identity_center` section, so only the first account whose instance
/// holds permission sets keeps it; an account without an instance has none, and one
/// whose instance cannot be read is said and imported without it.
fn identity_center_to_import(
    ui: &Ui,
    backend: &dyn Backend,
    accounts: &[AccountConfig],
    iam: &mut BTreeMap<String, iamform::model::AccountIam>,
) {
    let scope = IdentityCenterScope {
        all_permission_sets: true,
        account_ids: accounts.iter().map(|a| a.id.clone()).collect(),
        ..IdentityCenterScope::default()
    };
    let mut holder: Option<&str> = None;
    for account in accounts {
        let Some(read) = iam.get_mut(&account.name) else {
            continue;
        };
        match backend.read_identity_center(account, &scope) {
            Ok(Some(found)) => read.identity_center = Some(found),
            Ok(None) => {}
            Err(BackendError::NoSuchEntity(_)) => read.identity_center = None,
            Err(e) => {
                ui.eprintln(format_args!(
                    "warning: account {}: IAM Identity Center not imported: {e}",
                    account.name
                ));
                read.identity_center = None;
            }
        }
        let holds_sets = read
            .identity_center
            .as_ref()
            .is_some_and(|ic| !ic.permission_sets.is_empty());
        match holder {
            Some(first) if holds_sets => {
                ui.eprintln(format_args!(
                    "warning: account {}: IAM Identity Center not imported: a project has one \
                     identity_center section, imported from account {first}",
                    account.name
                ));
                read.identity_center = None;
            }
            None if holds_sets => holder = Some(&account.name),
            _ => {}
        }
    }
}

/// Writes one file whole (a Ctrl-C leaves it as it was or complete).
fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    workflow::write_output(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The account to import when no iamform.yaml declares one.
fn unconfigured_account(args: &ImportArgs, backend: &dyn Backend) -> anyhow::Result<AccountConfig> {
    let name = match &args.accounts[..] {
        [] => DEFAULT_ACCOUNT_NAME.to_string(),
        [one] => one.clone(),
        _ => bail!("without iamform.yaml, import one account at a time (one --account NAME)"),
    };
    let mut account = AccountConfig {
        name,
        ..AccountConfig::default()
    };
    // The partition comes from what is read: the recorded account, or the caller's ARN.
    // A state file's backend lists its accounts (the file is not parsed a second time).
    let recorded = backend.recorded_accounts()?;
    (account.id, account.partition) = match (&args.account_id, recorded) {
        // Declare other partitions in iamform.yaml: no extra call is made to find it.
        (Some(id), None) => (id.clone(), Partition::default()),
        (Some(id), Some(recorded)) => {
            let partition = recorded.iter().find(|(r, _)| r == id).map(|(_, p)| *p);
            (id.clone(), partition.unwrap_or_default())
        }
        (None, Some(recorded)) => match &recorded[..] {
            [(one, partition)] => (one.clone(), *partition),
            _ => bail!(
                "{} holds {} accounts; choose one with --account-id",
                args.backend
                    .state
                    .as_deref()
                    .map_or_else(|| "the state file".into(), |p| p.display().to_string()),
                recorded.len()
            ),
        },
        (None, None) => match backend.caller_identity(&account)? {
            Some(caller) => (caller.account_id.clone(), partition_of(&caller.arn)),
            None => bail!("cannot tell which account to import; pass --account-id"),
        },
    };
    if !iamform::arn::is_account_id(&account.id) {
        bail!("--account-id {} is not a 12-digit account id", account.id);
    }
    Ok(account)
}
