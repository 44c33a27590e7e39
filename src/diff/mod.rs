//! Desired against actual: the typed [`Change`]s that make an account match its manifests.
//!
//! Per account and entity kind: an entity only in the manifests is created bare and then
//! given its attachments, inline policies, memberships and profile roles as changes of
//! their own; one in both is updated in place, or replaced when IAM cannot change what
//! differs (a role's, policy's or instance profile's path, a policy's description); one
//! only in the account is pruned or ignored according to [`crate::model::Scope`].
//! Entities iamform does not own are never changed: a delete or replace that would need
//! to change one is held back with a warning.
//!
//! Tags are compared for users, roles, customer-managed policies and instance profiles
//! (the AWS backend reads the last two's tags for the entities the manifests define).

mod account_context;
mod account_diff;
mod broken_trust;
mod change;
mod change_display;
mod document_equivalence;
mod group_diff;
mod holder_index;
mod identity_center_change;
mod identity_center_diff;
mod ignored_entity;
mod instance_profile_diff;
mod policy_diff;
mod principal_parts;
mod provider_diff;
mod role_diff;
mod settings_diff;
mod tag_delta;
mod user_credentials;
mod user_diff;

/// Fixtures and scenario tests of the whole diff (shared with `graph` and `plan` tests).
#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeMap;

pub use broken_trust::{BrokenTrust, BrokenTrustOutcome, find_broken_trust, is_unique_id};
pub use change::{AccountKey, Action, Change, ChangeClass, FieldChange};
pub use identity_center_change::{AccountLabel, IcAction, bare as bare_permission_set};
pub use ignored_entity::IgnoredEntity;
pub use settings_diff::ACCOUNT_SETTINGS_NAME;
pub use tag_delta::{TagDelta, TagValueChange};

use crate::model::{AccountIam, DesiredState, ExpiryTarget};

/// Everything the diff found, before ordering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffResult {
    /// Changes, grouped by account and kind (not yet in dependency order).
    pub changes: Vec<Change>,
    /// Entities found in the accounts that are left alone.
    pub ignored: Vec<IgnoredEntity>,
    /// Things a reviewer should know, e.g. a delete held back.
    pub warnings: Vec<String>,
}

/// Compares every declared account's desired IAM with what was read from it. An account
/// missing from `actual` is treated as empty.
pub fn compute(desired: &DesiredState, actual: &BTreeMap<String, AccountIam>) -> DiffResult {
    let mut result = DiffResult::default();
    for (name, account) in &desired.accounts {
        let empty;
        let read = match actual.get(name) {
            Some(read) => read,
            None => {
                empty =
                    AccountIam::in_partition(account.config.id.clone(), account.config.partition);
                &empty
            }
        };
        let key = AccountKey {
            name: name.clone(),
            id: account.config.id.clone(),
            partition: account.config.partition,
        };
        let expired = desired
            .expiries
            .expired
            .iter()
            .filter(|e| &e.account == name)
            .filter_map(|e| match &e.target {
                ExpiryTarget::Entity { entity } => Some(entity.clone()),
                _ => None,
            })
            .collect();
        let scope = &desired.project.scope;
        let names: BTreeMap<&str, &str> = desired
            .project
            .accounts
            .iter()
            .map(|(name, a)| (a.id.as_str(), name.as_str()))
            .collect();
        let ic = identity_center_diff::diff_identity_center(
            &key,
            account.iam.identity_center.as_ref(),
            read.identity_center.as_ref(),
            &names,
        );
        let out = account_diff::diff_account(key, &account.iam, read, scope, expired);
        result.changes.extend(ic);
        result.changes.extend(out.changes);
        result.ignored.extend(out.ignored);
        result.warnings.extend(out.warnings);
    }
    let broken = broken_trust::find_broken_trust(desired, actual);
    result
        .warnings
        .extend(broken.iter().map(ToString::to_string));
    result
}
