//! Users' credentials, for the users whose manifest declares `console_access`,
//! `access_keys` or `mfa_required_for_console`, in few calls: the credential report
//! (GenerateCredentialReport and GetCredentialReport: one CSV for the whole account)
//! says who has a password, keys or MFA; only its positives are confirmed with per-user
//! calls (GetLoginProfile, ListAccessKeys, ListMFADevices), a few at a time, because
//! IAM serves a report up to four hours old and it has no key ids. A user the report
//! does not list (created since) is asked directly. Never reads a secret.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::account_session::AccountSession;
use super::audit_reads::credential_report;
use super::pagination::MAX_ITEMS;
use super::sdk_values::rfc3339;
use crate::backend::BackendError;
use crate::model::{AccessKeyInfo, CredentialRules, UserCredentials};

/// Per-user confirmations in flight at once: a burst IAM's rate limits take.
const CONCURRENT_USERS: usize = 8;

/// What the credential report says about one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReportRow {
    /// `password_enabled`.
    pub password: bool,
    /// `mfa_active`.
    pub mfa: bool,
    /// Either access key slot holds a key (active, or inactive with a rotation date).
    pub keys: bool,
}

/// The credentials of each user in `users` that the account holds.
pub(crate) async fn read_credentials(
    session: &AccountSession,
    users: &BTreeMap<String, CredentialRules>,
) -> Result<BTreeMap<String, UserCredentials>, BackendError> {
    if users.is_empty() {
        return Ok(BTreeMap::new());
    }
    let (_, text) = credential_report(session).await?;
    let rows = report_rows(&text)
        .map_err(|m| BackendError::ServiceFailure(format!("GetCredentialReport: {m}")))?;
    let limit = Arc::new(Semaphore::new(CONCURRENT_USERS));
    let mut tasks = JoinSet::new();
    for (name, rules) in users {
        let (session, limit) = (session.clone(), limit.clone());
        let (name, rules, row) = (name.clone(), rules.clone(), rows.get(name).copied());
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            let creds = user_credentials(&session, &name, &rules, row).await;
            (name, creds)
        });
    }
    let mut out = BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (name, creds) =
            joined.map_err(|e| BackendError::Other(format!("reading credentials failed: {e}")))?;
        out.insert(name, creds?);
    }
    Ok(out)
}

/// One user's credentials: the report's answer, confirmed where it may be stale.
async fn user_credentials(
    session: &AccountSession,
    name: &str,
    rules: &CredentialRules,
    row: Option<ReportRow>,
) -> Result<UserCredentials, BackendError> {
    let maybe = |reported: fn(&ReportRow) -> bool| row.as_ref().is_none_or(reported);
    let wants_console = rules.console_access.is_some() || rules.mfa_required_for_console;
    let login_profile = wants_console && maybe(|r| r.password) && {
        let call = session.reads.get_login_profile().user_name(name).send();
        match session.read("GetLoginProfile", call).await {
            Ok(_) => true,
            Err(BackendError::NoSuchEntity(_)) => false,
            Err(e) => return Err(e),
        }
    };
    let access_keys = if rules.access_keys.is_some() && maybe(|r| r.keys) {
        access_keys(session, name).await?
    } else {
        Vec::new()
    };
    let mfa_devices = if rules.mfa_required_for_console && login_profile {
        let call = session
            .reads
            .list_mfa_devices()
            .user_name(name)
            .max_items(MAX_ITEMS)
            .send();
        match session.read("ListMFADevices", call).await {
            Ok(out) => u32::try_from(out.mfa_devices().len()).unwrap_or(u32::MAX),
            Err(BackendError::NoSuchEntity(_)) => 0,
            Err(e) => return Err(e),
        }
    } else {
        u32::from(row.is_some_and(|r| r.mfa))
    };
    Ok(UserCredentials {
        login_profile,
        access_keys,
        mfa_devices,
    })
}

/// ListAccessKeys: ids, status and creation dates (a user holds at most two keys, so
/// one page). The secret is never returned by this call.
async fn access_keys(
    session: &AccountSession,
    name: &str,
) -> Result<Vec<AccessKeyInfo>, BackendError> {
    let call = session
        .reads
        .list_access_keys()
        .user_name(name)
        .max_items(MAX_ITEMS)
        .send();
    let out = match session.read("ListAccessKeys", call).await {
        Ok(out) => out,
        Err(BackendError::NoSuchEntity(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut keys: Vec<AccessKeyInfo> = out
        .access_key_metadata()
        .iter()
        .filter_map(|k| {
            Some(AccessKeyInfo {
                id: k.access_key_id()?.to_string(),
                status: k.status().map_or("Active", |s| s.as_str()).to_string(),
                created: rfc3339(k.create_date()),
            })
        })
        .collect();
    keys.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(keys)
}

/// The report's rows by user name; columns are found by header name.
pub(crate) fn report_rows(text: &str) -> Result<BTreeMap<String, ReportRow>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| format!("no `{name}` column"))
    };
    let user = column("user")?;
    let password = column("password_enabled")?;
    let mfa = column("mfa_active")?;
    let slots = [
        (
            column("access_key_1_active")?,
            column("access_key_1_last_rotated")?,
        ),
        (
            column("access_key_2_active")?,
            column("access_key_2_last_rotated")?,
        ),
    ];
    let mut rows = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
        let has_key = |(active, rotated): (usize, usize)| {
            cell(active) == "true" || !matches!(cell(rotated), "" | "N/A" | "not_supported")
        };
        rows.insert(
            cell(user).to_string(),
            ReportRow {
                password: cell(password) == "true",
                mfa: cell(mfa) == "true",
                keys: slots.into_iter().any(has_key),
            },
        );
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Columns as documented in
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
    const REPORT: &str = "\
user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111111111111:user/alice,2020-01-01T00:00:00+00:00,true,N/A,2020-01-01T00:00:00+00:00,N/A,false,false,2021-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::111111111111:user/bob,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    #[test]
    fn rows_say_who_has_a_password_keys_or_mfa() {
        let rows = report_rows(REPORT).unwrap();
        // An inactive key still exists: its rotation date says so.
        assert_eq!(
            rows["alice"],
            ReportRow {
                password: true,
                mfa: false,
                keys: true
            }
        );
        assert_eq!(
            rows["bob"],
            ReportRow {
                password: false,
                mfa: true,
                keys: false
            }
        );
    }

    #[test]
    fn a_report_without_a_needed_column_is_refused() {
        let err = report_rows("user,arn\nalice,arn:aws:iam::1:user/alice\n").unwrap_err();
        assert_eq!(err, "no `password_enabled` column");
    }
}
