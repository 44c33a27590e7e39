//! The steps `plan` and `apply` share: load manifests, read accounts, build the plan.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use iamform::access::EntityFinding;
use iamform::backend::{Backend, BackendError, CallerIdentity, IdentityCenterScope, ReadScope};
use iamform::diagnostic::{Diagnostics, Severity};
use iamform::diff::AccountKey;
use iamform::input_file::{STATE_LIMIT, read_text};
use iamform::model::{
    AccountConfig, AccountIam, CredentialRules, DesiredState, EntityKind, EntityRef,
    OrganizationConfig, is_reserved,
};
use iamform::plan::{Plan, Target, UnreadAccount};

pub use super::lazy_backend::LazyBackend;
use super::{Cli, CliError, Ui, diagnostics_output};

/// The manifest directory: `-C DIR`, or the current directory.
pub fn manifest_dir(cli: &Cli, positional: Option<&Path>) -> PathBuf {
    positional
        .map(Path::to_path_buf)
        .or_else(|| cli.dir.clone())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Validated manifests and the lint findings on their entities.
#[derive(Debug)]
pub struct LoadedManifests {
    /// The desired state of the selected accounts.
    pub desired: DesiredState,
    /// Lint findings over every declared account (warnings: errors stop loading), for
    /// the plan to show those on the entities it changes.
    pub findings: Vec<EntityFinding>,
}

/// Loads and validates the manifests, printing warnings and errors on stderr; errors
/// end the command (exit 1). The organization, when the project has one, is read
/// through `backend`; without one only the declared accounts are known.
pub fn load_desired(
    ui: &Ui,
    dir: &Path,
    only_accounts: &[String],
    backend: Option<&LazyBackend<'_>>,
) -> Result<DesiredState, CliError> {
    load_manifests(ui, dir, only_accounts, backend).map(|loaded| loaded.desired)
}

/// [`load_desired`], keeping the lint findings. Lint errors (unknown actions) stop here;
/// lint warnings are not printed: the plan shows those on the entities it changes.
pub fn load_manifests(
    ui: &Ui,
    dir: &Path,
    only_accounts: &[String],
    backend: Option<&LazyBackend<'_>>,
) -> Result<LoadedManifests, CliError> {
    let read = |config: &OrganizationConfig, with_tags: bool| {
        let backend = backend.expect("called only with a backend");
        let backend = backend.get().map_err(|e| format!("{e:#}"))?;
        backend
            .read_organization(config, with_tags)
            .map_err(|e| e.to_string())
    };
    let reader: Option<iamform::manifest::OrganizationReader<'_>> = match backend {
        Some(_) => Some(&read),
        None => None,
    };
    let report =
        iamform::manifest::check_with(dir, super::clock::now().map_err(CliError::Failed)?, reader);
    if !report.diagnostics.0.is_empty() {
        diagnostics_output::print(ui, &report.diagnostics);
    }
    let Some(mut desired) = report.state else {
        return Err(CliError::Reported);
    };

    let findings = iamform::access::lint_entities(&desired);
    // Copied only to be printed: thousands of warnings are the plan's to show.
    if findings
        .iter()
        .any(|f| f.diagnostic.severity == Severity::Error)
    {
        let mut lint = Diagnostics(findings.iter().map(|f| f.diagnostic.clone()).collect());
        lint.sort();
        diagnostics_output::print(ui, &lint);
        return Err(CliError::Reported);
    }
    if !only_accounts.is_empty() {
        for name in only_accounts {
            if !desired.accounts.contains_key(name) {
                let known: Vec<_> = desired.accounts.keys().cloned().collect();
                return Err(CliError::Failed(anyhow!(
                    "--account {name}: no such account in iamform.yaml (accounts: {})",
                    known.join(", ")
                )));
            }
        }
        // Say which trust crosses into a skipped account: its order is not in this plan.
        for dependency in iamform::graph::skipped_dependencies(&desired, only_accounts) {
            ui.eprintln(format_args!("note: {dependency}"));
        }
        desired
            .accounts
            .retain(|name, _| only_accounts.contains(name));
        let expiries = &mut desired.expiries;
        expiries
            .expired
            .retain(|e| only_accounts.contains(&e.account));
        expiries
            .in_force
            .retain(|e| only_accounts.contains(&e.account));
    }
    Ok(LoadedManifests { desired, findings })
}

/// What was read from the selected accounts.
#[derive(Debug)]
pub struct AccountsRead {
    /// Each account's IAM, by account name.
    pub iam: BTreeMap<String, AccountIam>,
    /// Who iamform acts as in each account, where the backend knows it.
    pub callers: Vec<CallerIdentity>,
    /// The accounts whose read failed, with why, in the order they were asked for.
    pub unread: Vec<UnreadAccount>,
}

impl AccountsRead {
    /// Every account read, as `iam` holds them (no callers known).
    pub fn of(iam: BTreeMap<String, AccountIam>) -> AccountsRead {
        AccountsRead {
            iam,
            callers: Vec::new(),
            unread: Vec::new(),
        }
    }

    /// Every account was read; else the errors (for commands whose result would be
    /// wrong without an account: `state pull`, `import`).
    pub fn complete(self) -> anyhow::Result<AccountsRead> {
        match self.unread.len() {
            0 => Ok(self),
            _ => Err(unread_error(&self.unread)),
        }
    }

    /// At least one account was read (or none was asked for); else the errors. A plan
    /// of the accounts read is worth having, a plan of none is not.
    pub fn some(self) -> anyhow::Result<AccountsRead> {
        if self.iam.is_empty() && !self.unread.is_empty() {
            return Err(unread_error(&self.unread));
        }
        Ok(self)
    }
}

/// One error for failed reads: the read's own sentence for one account, one line each
/// for several.
fn unread_error(unread: &[UnreadAccount]) -> anyhow::Error {
    match unread {
        [one] => anyhow!("{}", one.error),
        many => anyhow!(
            "{} accounts could not be read:\n{}",
            many.len(),
            many.iter()
                .map(|u| format!("  {}", u.error))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Users whose manifests declare credential rules, by account name then user name: the
/// only users whose credentials a read asks about.
pub type CredentialUsers = BTreeMap<String, BTreeMap<String, CredentialRules>>;

/// The users of `desired` that declare `console_access`, `access_keys` or
/// `mfa_required_for_console`.
pub fn credential_users(desired: &DesiredState) -> CredentialUsers {
    desired
        .accounts
        .iter()
        .map(|(name, account)| {
            let users = account
                .iam
                .users
                .iter()
                .filter(|(_, u)| !u.credential_rules.is_empty())
                .map(|(n, u)| (n.clone(), u.credential_rules.clone()))
                .collect();
            (name.clone(), users)
        })
        .collect()
}

/// Reads the accounts, at most `parallelism` at once, each after checking the
/// credentials reach the declared id; each with the [`ReadScope`] that says whose policy
/// and instance-profile tags to read, and with the credentials of the users
/// `credentials` names. A failed account (unreachable, denied, throttled past the
/// retries) is listed in [`AccountsRead::unread`] and does not stop the others.
pub fn read_accounts(
    backend: &dyn Backend,
    accounts: &[(&AccountConfig, ReadScope)],
    credentials: &CredentialUsers,
    parallelism: usize,
) -> AccountsRead {
    let results = iamform::parallel::map_bounded(accounts, parallelism, |(account, within)| {
        read_one(backend, account, within, credentials.get(&account.name))
    });
    let mut read = AccountsRead {
        iam: BTreeMap::new(),
        callers: Vec::new(),
        unread: Vec::new(),
    };
    for ((account, _), result) in accounts.iter().zip(results) {
        match result {
            Ok((iam, caller)) => {
                read.iam.insert(account.name.clone(), iam);
                read.callers.extend(caller);
            }
            Err(error) => read.unread.push(UnreadAccount {
                account: AccountKey {
                    name: account.name.clone(),
                    id: account.id.clone(),
                    partition: account.partition,
                },
                error: format!("{error:#}"),
            }),
        }
    }
    read
}

fn read_one(
    backend: &dyn Backend,
    account: &AccountConfig,
    within: &ReadScope,
    credential_users: Option<&BTreeMap<String, CredentialRules>>,
) -> anyhow::Result<(AccountIam, Option<CallerIdentity>)> {
    let caller = backend.caller_identity(account).map_err(|e| match e {
        // Says what happened and what to check, account included, in one sentence.
        BackendError::Credentials(message) => anyhow!(message),
        // Names the endpoint; several accounts may share it, so say which one was read.
        BackendError::Unreachable(message) => anyhow!("account {}: {message}", account.name),
        other => anyhow!(other).context(format!(
            "account {}: cannot determine the caller",
            account.name
        )),
    })?;
    if let Some(caller) = &caller
        && caller.account_id != account.id
    {
        bail!(
            "account {}: credentials reach account {} as {}, but iamform.yaml declares {}; \
             fix the account id, its profile or its assume_role",
            account.name,
            caller.account_id,
            caller.arn,
            account.id
        );
    }
    let mut iam = backend
        .read_account_within(account, within)
        .with_context(|| {
            format!(
                "account {} ({}): reading IAM failed",
                account.name, account.id
            )
        })?;
    iam.account_id = account.id.clone();
    // Only users the account holds and iamform may manage: a user the plan creates has
    // no credentials yet, and one on an AWS-reserved path is never changed.
    let users: BTreeMap<String, CredentialRules> = credential_users
        .into_iter()
        .flatten()
        .filter(|(name, _)| {
            iam.users.get(*name).is_some_and(|u| {
                !is_reserved(&EntityRef::new(EntityKind::User, name.as_str()), &u.path)
            })
        })
        .map(|(name, rules)| (name.clone(), rules.clone()))
        .collect();
    if !users.is_empty() {
        let read = backend.read_credentials(account, &users).with_context(|| {
            format!(
                "account {} ({}): reading users' credentials failed",
                account.name, account.id
            )
        })?;
        for (name, creds) in read {
            if let Some(user) = iam.users.get_mut(&name) {
                user.credential_state = Some(creds);
            }
        }
    }
    Ok((iam, caller))
}

/// Reads Identity Center in the account whose manifests declare it, for the backends
/// that read it apart from the account (AWS): the declared permission sets (all of
/// them with `prune: true`) and their assignments in the project's accounts.
pub fn read_identity_centers(
    backend: &dyn Backend,
    desired: &DesiredState,
    read: &mut AccountsRead,
) -> anyhow::Result<()> {
    let account_ids: Vec<String> = desired
        .project
        .accounts
        .values()
        .map(|a| a.id.clone())
        .collect();
    for (name, account) in &desired.accounts {
        let Some(ic) = &account.iam.identity_center else {
            continue;
        };
        // An account that could not be read is planned without changes anyway.
        if !read.iam.contains_key(name) {
            continue;
        }
        let scope = IdentityCenterScope {
            permission_sets: ic.permission_sets.keys().cloned().collect(),
            all_permission_sets: ic.prune,
            account_ids: account_ids.clone(),
            principals: ic.assignments.iter().map(|a| a.principal()).collect(),
        };
        let found = backend
            .read_identity_center(&account.config, &scope)
            .with_context(|| {
                format!(
                    "account {} ({}): reading IAM Identity Center failed",
                    name, account.config.id
                )
            })?;
        if let (Some(found), Some(iam)) = (found, read.iam.get_mut(name)) {
            iam.identity_center = Some(found);
        }
    }
    Ok(())
}

/// The account configs the manifests select (all, or those `--account` named).
pub fn selected_accounts(desired: &DesiredState) -> Vec<&AccountConfig> {
    desired.accounts.values().map(|a| &a.config).collect()
}

/// The selected accounts, each read for what a plan compares: the tags of the policies
/// and instance profiles its manifests define.
pub fn managed_reads(desired: &DesiredState) -> Vec<(&AccountConfig, ReadScope)> {
    desired
        .accounts
        .values()
        .map(|a| (&a.config, ReadScope::managed(&a.iam)))
        .collect()
}

/// Builds the plan of the accounts read, limited to `targets` and what they need when
/// there are any, with the lint findings on the entities it changes; unread accounts
/// make it incomplete. A target that names nothing is an
/// error (exit 1) before anything is planned; other errors are printed and end the
/// command (exit 1).
pub fn build_plan(
    ui: &Ui,
    loaded: &LoadedManifests,
    read: &AccountsRead,
    targets: &[Target],
) -> Result<Plan, CliError> {
    let actual = &read.iam;
    iamform::plan::check_targets(targets, &loaded.desired, actual)?;
    let mut plan = iamform::plan::build_partial(&loaded.desired, actual, targets, &read.unread)
        .map_err(|diags| {
            diagnostics_output::print(ui, &diags);
            CliError::Reported
        })?;
    iamform::plan::attach_findings(&mut plan, &loaded.findings);
    // Accounts the organization has but iamform does not govern: the reviewer should
    // know they were not planned.
    if let Some(organization) = &loaded.desired.project.organization {
        for account in &organization.left_out {
            plan.warnings.push(format!(
                "account {} ({}) is {} in the organization, so it is left out",
                account.name, account.id, account.status
            ));
        }
    }
    Ok(plan)
}

/// Reads a plan saved by `iamform plan --out`; JSON errors name the file, line and column.
pub fn read_saved_plan(path: &Path) -> anyhow::Result<Plan> {
    let text = read_text(path, STATE_LIMIT)
        .map_err(|e| anyhow!("cannot read the plan {}: {}", path.display(), e.reason()))?;
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        anyhow!(
            "{}:{}:{}: not an iamform plan: {message}; save one with `iamform plan --out`",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Writes an output file (`plan --out`, `import`, `schema --out`) whole: a new or regular
/// file is replaced atomically, so a Ctrl-C or a crash leaves the old file or the new
/// one, never half of one. Anything else (`/dev/stdout`, a pipe) is written in place,
/// as it cannot be replaced.
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => std::fs::write(path, bytes),
        _ => iamform::backend::state_file::write_atomically(path, bytes),
    }
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
