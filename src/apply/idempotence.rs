//! Recognising a change whose effect is already in place, so a re-run after a crash
//! converges instead of failing on what the first run did.

use crate::backend::{Backend, BackendError, ReadScope};
use crate::diff::{Action, Change};
use crate::model::{AccountConfig, AccountIam, Entity, PolicyDocument};

use super::ApplyOptions;

/// Why the error means the change is already in effect, or `None` when it does not.
pub fn already_present(
    change: &Change,
    error: &BackendError,
    backend: &dyn Backend,
    options: &ApplyOptions,
) -> Option<String> {
    match (&change.action, error) {
        (Action::Delete { .. }, BackendError::NoSuchEntity(_)) => {
            Some(format!("{} is already gone", change.target))
        }
        (
            Action::DetachPolicy { .. }
            | Action::RemoveUserFromGroup { .. }
            | Action::DeleteInlinePolicy { .. }
            | Action::RemoveRoleFromInstanceProfile { .. }
            | Action::DeletePermissionsBoundary { .. }
            | Action::DeleteLoginProfile
            | Action::DeleteAccessKey { .. },
            BackendError::NoSuchEntity(_),
        ) => Some("already removed".to_string()),
        (Action::Create { entity }, BackendError::EntityAlreadyExists(_)) => {
            let account = read(change, backend, options)?;
            existing_matches(&account, entity)
                .then(|| format!("{} already exists as wanted", change.target))
        }
        (Action::AddRoleToInstanceProfile { role }, BackendError::EntityAlreadyExists(_)) => {
            let account = read(change, backend, options)?;
            let profile = account.instance_profiles.get(&change.target.name)?;
            profile
                .roles
                .contains(role)
                .then(|| format!("role {role} is already in it"))
        }
        _ => None,
    }
}

fn read(change: &Change, backend: &dyn Backend, options: &ApplyOptions) -> Option<AccountIam> {
    let config = options
        .accounts
        .iter()
        .find(|a| a.id == change.account.id)
        .cloned()
        .unwrap_or_else(|| AccountConfig {
            name: change.account.name.clone(),
            id: change.account.id.clone(),
            partition: change.account.partition,
            ..AccountConfig::default()
        });
    // Only the entity in question: its tags are one call, the account's are one each.
    let scope = ReadScope::only([change.target.clone()]);
    backend.read_account_within(&config, &scope).ok()
}

/// True when the account holds `wanted` as a create would have made it. Documents are
/// compared in their normalized form (`crate::policy::normalize`), so spellings IAM
/// treats alike match.
fn existing_matches(account: &AccountIam, wanted: &Entity) -> bool {
    let name = wanted.entity_ref().name;
    let existing = match wanted {
        Entity::User(_) => account.users.get(&name).cloned().map(Entity::User),
        Entity::Group(_) => account.groups.get(&name).cloned().map(Entity::Group),
        Entity::Role(_) => account.roles.get(&name).cloned().map(Entity::Role),
        Entity::Policy(_) => account.policies.get(&name).cloned().map(Entity::Policy),
        Entity::InstanceProfile(_) => account
            .instance_profiles
            .get(&name)
            .cloned()
            .map(Entity::InstanceProfile),
        Entity::OidcProvider(_) => account
            .oidc_providers
            .get(&name)
            .cloned()
            .map(Entity::OidcProvider),
        Entity::SamlProvider(_) => account
            .saml_providers
            .get(&name)
            .cloned()
            .map(Entity::SamlProvider),
    };
    existing.is_some_and(|e| bare(e) == bare(wanted.clone()))
}

/// What a create sets: everything but IAM metadata and the parts later changes add.
fn bare(entity: Entity) -> Entity {
    match entity {
        Entity::User(mut u) => {
            u.meta = Default::default();
            u.managed_policies.clear();
            u.inline_policies.clear();
            u.groups.clear();
            // Credentials are neither set by a create nor the same thing on both sides.
            u.credential_rules = Default::default();
            u.credential_state = None;
            Entity::User(u)
        }
        Entity::Group(mut g) => {
            g.meta = Default::default();
            g.managed_policies.clear();
            g.inline_policies.clear();
            Entity::Group(g)
        }
        Entity::Role(mut r) => {
            r.meta = Default::default();
            r.managed_policies.clear();
            r.inline_policies.clear();
            r.trust_policy = normalized(r.trust_policy);
            Entity::Role(r)
        }
        Entity::Policy(mut p) => {
            p.meta = Default::default();
            p.versions.clear();
            p.document = normalized(p.document);
            Entity::Policy(p)
        }
        Entity::InstanceProfile(mut p) => {
            p.meta = Default::default();
            p.roles.clear();
            Entity::InstanceProfile(p)
        }
        Entity::OidcProvider(mut p) => {
            p.meta = Default::default();
            Entity::OidcProvider(p)
        }
        Entity::SamlProvider(mut p) => {
            p.meta = Default::default();
            p.metadata = p.metadata.map(|m| m.trim().to_string());
            Entity::SamlProvider(p)
        }
    }
}

/// The normalized form of a document, or the document itself when it does not parse.
fn normalized(doc: PolicyDocument) -> PolicyDocument {
    match crate::policy::normalize(&doc.0) {
        Ok(v) => PolicyDocument(v),
        Err(_) => doc,
    }
}
