//! A managed user's credential declarations against its credentials as read: a console
//! password or access keys the manifest forbids are removed (changes that only take
//! access away), and what iamform will not fix itself (a missing password, a second
//! key, console access without MFA) is a note for the reviewer. Nothing here creates a
//! credential or sees a secret.

use super::Action;
use super::account_context::AccountContext;
use super::account_diff::AccountOutput;
use crate::model::{AccessKeyInfo, AccessKeyRule, EntityKind, User, UserCredentials};

/// Emits the credential changes and notes of user `d` (desired), whose credentials as
/// read are `read` (`None` for a user the plan creates, which has none yet).
pub(super) fn diff_credentials(
    ctx: &AccountContext<'_>,
    out: &mut AccountOutput,
    d: &User,
    read: Option<&UserCredentials>,
) {
    let rules = &d.credential_rules;
    if rules.is_empty() {
        return;
    }
    let none = UserCredentials::default();
    let have = read.unwrap_or(&none);
    let name = d.name.as_str();
    let who = format!("{}: user {name}", ctx.key.name);
    match rules.console_access {
        Some(false) if have.login_profile => {
            out.changes
                .push(ctx.change(EntityKind::User, name, Action::DeleteLoginProfile));
        }
        Some(true) if !have.login_profile => out.warnings.push(format!(
            "{who} has no console password, though its manifest says `console_access: true`; \
             iamform never creates passwords: set one in the IAM console or with \
             `aws iam create-login-profile`"
        )),
        _ => {}
    }
    let mut keys: Vec<&AccessKeyInfo> = have.access_keys.iter().collect();
    keys.sort_by(|a, b| a.id.cmp(&b.id));
    match rules.access_keys {
        Some(AccessKeyRule::None) => {
            for key in keys {
                out.changes.push(ctx.change(
                    EntityKind::User,
                    name,
                    Action::DeleteAccessKey {
                        key_id: key.id.clone(),
                        status: key.status.clone(),
                        created: key.created.clone(),
                    },
                ));
            }
        }
        Some(AccessKeyRule::MaxOne) if keys.len() > 1 => {
            let list: Vec<String> = keys.iter().map(|k| describe_key(k)).collect();
            out.warnings.push(format!(
                "{who} has {} access keys ({}), though its manifest says `access_keys: \
                 max_one`; delete the one no longer in use (iamform does not choose)",
                keys.len(),
                list.join(", ")
            ));
        }
        _ => {}
    }
    let keeps_console = have.login_profile && rules.console_access != Some(false);
    if rules.mfa_required_for_console && keeps_console && have.mfa_devices == 0 {
        out.warnings.push(format!(
            "{who} can sign in to the console without MFA, though its manifest says \
             `mfa_required_for_console: true`; the user should assign an MFA device"
        ));
    }
}

/// `AKIA… (Active, created 2024-01-02T03:04:05Z)`: an id and dates, never a secret.
fn describe_key(key: &AccessKeyInfo) -> String {
    match &key.created {
        Some(created) => format!("{} ({}, created {created})", key.id, key.status),
        None => format!("{} ({})", key.id, key.status),
    }
}
