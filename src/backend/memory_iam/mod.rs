//! An in-memory IAM that applies [`Change`]s with IAM's own rules and errors: the engine
//! behind the `state_file` and `fake` backends.

mod account_settings;
mod credentials;
mod entity_ids;
mod entity_snapshot;
mod identity_center;
mod identity_providers;
mod lifecycle;
mod memberships;
mod naming;
mod policy_attachments;
mod policy_rules;
mod policy_versions;
mod trust_principals;

#[cfg(test)]
mod refused_change_tests;
#[cfg(test)]
mod sample;

use std::collections::BTreeMap;

pub use entity_ids::{id_prefix, rfc3339};
pub use policy_versions::MAX_POLICY_VERSIONS;
pub use trust_principals::invalid_principal;

use crate::backend::BackendError;
use crate::diff::{Action, Change};
use crate::model::{AccountIam, Entity, EntityRef, PolicyDocument};
use entity_snapshot::{EntitySnapshot, entities_modified_by};

/// Accounts held in memory, changed only the way IAM would change them.
#[derive(Debug, Clone)]
pub struct MemoryIam {
    accounts: BTreeMap<String, AccountIam>,
    rng: fastrand::Rng,
}

impl Default for MemoryIam {
    fn default() -> MemoryIam {
        MemoryIam::new()
    }
}

impl MemoryIam {
    /// No accounts; ids are random.
    pub fn new() -> MemoryIam {
        MemoryIam::from_accounts(BTreeMap::new())
    }

    /// No accounts; ids come from a seeded generator, so runs repeat exactly.
    pub fn with_seed(seed: u64) -> MemoryIam {
        MemoryIam {
            accounts: BTreeMap::new(),
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// Starts from recorded accounts, keyed by account id.
    pub fn from_accounts(accounts: BTreeMap<String, AccountIam>) -> MemoryIam {
        MemoryIam {
            accounts,
            rng: fastrand::Rng::new(),
        }
    }

    /// All accounts, keyed by account id.
    pub fn accounts(&self) -> &BTreeMap<String, AccountIam> {
        &self.accounts
    }

    /// One account, if held.
    pub fn account(&self, account_id: &str) -> Option<&AccountIam> {
        self.accounts.get(account_id)
    }

    /// What a read of the account returns: its contents, or an empty account when none
    /// is held (a fresh account can be bootstrapped).
    pub fn read(&self, account_id: &str) -> AccountIam {
        self.accounts
            .get(account_id)
            .cloned()
            .unwrap_or_else(|| AccountIam::new(account_id))
    }

    /// Removes an account and returns it, if held: a reader that needs no copy.
    pub fn take(&mut self, account_id: &str) -> Option<AccountIam> {
        self.accounts.remove(account_id)
    }

    /// Adds or replaces an account.
    pub fn insert_account(&mut self, account: AccountIam) {
        self.accounts.insert(account.account_id.clone(), account);
    }

    /// Applies one change as IAM would, or fails with IAM's error and changes nothing.
    pub fn apply(&mut self, change: &Change) -> Result<(), BackendError> {
        self.apply_listing_changed(change).map(|_| ())
    }

    /// [`MemoryIam::apply`], returning the entities (by stored name) whose state the
    /// change altered; a no-op such as a repeated AddUserToGroup alters none.
    pub fn apply_listing_changed(
        &mut self,
        change: &Change,
    ) -> Result<Vec<EntityRef>, BackendError> {
        let id = &change.account.id;
        if let Some(trust) = trust_policy_set_by(&change.action) {
            let empty;
            let own = match self.accounts.get(id) {
                Some(account) => account,
                None => {
                    empty = AccountIam::in_partition(id, change.account.partition);
                    &empty
                }
            };
            trust_principals::check_principals_exist(trust, own, &self.accounts)?;
        }
        let was_held = self.accounts.contains_key(id);
        let account = self
            .accounts
            .entry(id.clone())
            .or_insert_with(|| AccountIam::in_partition(id, change.account.partition));
        // Copy only what the change can modify, so a failing step (the create of a
        // replace, a rejected field of an update) can be undone, as a rejected IAM call
        // leaves nothing behind, without copying the account.
        let before = EntitySnapshot::take(account, &entities_modified_by(change));
        match dispatch(account, change, &mut self.rng) {
            Ok(()) => Ok(before.changed(account)),
            Err(e) => {
                before.restore(account);
                if !was_held {
                    self.accounts.remove(id);
                }
                Err(e)
            }
        }
    }

    /// IAM's CreatePolicyVersion: fails with LimitExceeded when five versions exist.
    pub fn create_policy_version(
        &mut self,
        account_id: &str,
        policy_name: &str,
        document: &PolicyDocument,
        set_as_default: bool,
    ) -> Result<String, BackendError> {
        let account = self.account_mut(account_id, policy_name)?;
        policy_versions::create_version(account, policy_name, document, set_as_default)
    }

    /// IAM's DeletePolicyVersion: the default version cannot be deleted.
    pub fn delete_policy_version(
        &mut self,
        account_id: &str,
        policy_name: &str,
        version_id: &str,
    ) -> Result<(), BackendError> {
        let account = self.account_mut(account_id, policy_name)?;
        policy_versions::delete_version(account, policy_name, version_id)
    }

    /// IAM's DeletePolicy alone: refused while the policy is attached or has non-default
    /// versions (a `Delete` change removes those versions first).
    pub fn delete_policy(
        &mut self,
        account_id: &str,
        policy_name: &str,
    ) -> Result<(), BackendError> {
        let account = self.account_mut(account_id, policy_name)?;
        lifecycle::delete_policy(account, policy_name)
    }

    fn account_mut(
        &mut self,
        account_id: &str,
        name: &str,
    ) -> Result<&mut AccountIam, BackendError> {
        self.accounts.get_mut(account_id).ok_or_else(|| {
            BackendError::NoSuchEntity(format!("the policy `{name}` cannot be found"))
        })
    }
}

/// The trust policy a change would set, which IAM checks for resolvable principals.
fn trust_policy_set_by(action: &Action) -> Option<&PolicyDocument> {
    match action {
        Action::Create { entity } | Action::Replace { after: entity, .. } => {
            match entity.as_ref() {
                Entity::Role(role) => Some(&role.trust_policy),
                _ => None,
            }
        }
        Action::UpdateTrustPolicy { after, .. } => Some(after),
        _ => None,
    }
}

fn dispatch(
    account: &mut AccountIam,
    change: &Change,
    rng: &mut fastrand::Rng,
) -> Result<(), BackendError> {
    let target = &change.target;
    match &change.action {
        Action::Create { entity } => lifecycle::create(account, entity, rng),
        Action::Update { fields } => lifecycle::update(account, target, fields),
        Action::Replace { after, .. } => {
            lifecycle::delete(account, target)?;
            lifecycle::create(account, after, rng)
        }
        Action::Delete { .. } => lifecycle::delete(account, target),
        Action::AttachPolicy { policy_arn } => {
            policy_attachments::attach(account, target, policy_arn)
        }
        Action::DetachPolicy { policy_arn } => {
            policy_attachments::detach(account, target, policy_arn)
        }
        Action::PutInlinePolicy {
            policy_name, after, ..
        } => policy_attachments::put_inline(account, target, policy_name, after),
        Action::DeleteInlinePolicy { policy_name, .. } => {
            policy_attachments::delete_inline(account, target, policy_name)
        }
        Action::PutPermissionsBoundary { after, .. } => {
            policy_attachments::put_boundary(account, target, after)
        }
        Action::DeletePermissionsBoundary { .. } => {
            policy_attachments::delete_boundary(account, target)
        }
        Action::AddUserToGroup { group } => memberships::add_user_to_group(account, target, group),
        Action::RemoveUserFromGroup { group } => {
            memberships::remove_user_from_group(account, target, group)
        }
        Action::AddRoleToInstanceProfile { role } => {
            memberships::add_role_to_instance_profile(account, target, role)
        }
        Action::RemoveRoleFromInstanceProfile { role } => {
            memberships::remove_role_from_instance_profile(account, target, role)
        }
        Action::UpdateTrustPolicy { after, .. } => {
            lifecycle::update_trust_policy(account, target, after)
        }
        Action::UpdatePolicyDocument { after, .. } => {
            policy_versions::update_document(account, target, after)
        }
        Action::SetAccountAlias { after, .. } => account_settings::set_alias(account, after),
        Action::CreateServiceLinkedRole { service } => {
            account_settings::create_service_linked_role(account, service)
        }
        Action::DeleteServiceLinkedRole { role, .. } => {
            account_settings::delete_service_linked_role(account, role)
        }
        Action::SetPasswordPolicy { after, .. } => {
            account_settings::set_password_policy(account, after)
        }
        Action::IdentityCenter(ic) => identity_center::apply(account, &target.name, ic),
        Action::DeleteLoginProfile => credentials::delete_login_profile(account, target),
        Action::DeleteAccessKey { key_id, .. } => {
            credentials::delete_access_key(account, target, key_id)
        }
    }
}
