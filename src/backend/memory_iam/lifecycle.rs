//! Creating, updating and deleting whole entities, with IAM's conflicts and limits.

use super::entity_ids::{new_meta, rfc3339_now};
use super::identity_providers;
use super::naming::{check_name, check_path, check_tags, existing_key, find_key, max_name_len};
use super::policy_attachments::resolve_policy;
use super::policy_rules::{
    DocumentUse, MANAGED_POLICY_MAX_CHARS, TRUST_POLICY_MAX_CHARS, check_shape, check_size,
};
use super::policy_versions::delete_version;
use crate::backend::BackendError;
use crate::diff::FieldChange;
use crate::model::{AccountIam, Entity, EntityKind, EntityRef, PolicyDocument, PolicyVersionMeta};

const MAX_DESCRIPTION: usize = 1000;

/// Creates `entity` bare (no attachments, inline policies, memberships or roles: those
/// are changes of their own) and fills in what IAM assigns.
pub fn create(
    account: &mut AccountIam,
    entity: &Entity,
    rng: &mut fastrand::Rng,
) -> Result<(), BackendError> {
    let target = entity.entity_ref();
    if !matches!(entity, Entity::OidcProvider(_)) {
        // An OIDC provider's name is its URL, which the name rules do not apply to.
        check_name(target.kind.noun(), &target.name, max_name_len(target.kind))?;
    }
    check_path(entity.path())?;
    if exists(account, &target) {
        return Err(BackendError::EntityAlreadyExists(format!(
            "a {} named `{}` already exists (IAM names ignore case)",
            target.kind.noun(),
            target.name
        )));
    }
    let meta = new_meta(
        rng,
        (account.partition, &account.account_id),
        target.kind,
        entity.path(),
        &target.name,
    );
    match entity {
        Entity::User(user) => {
            check_tags(&user.tags)?;
            if let Some(arn) = &user.permissions_boundary {
                resolve_policy(account, arn)?;
            }
            let mut user = user.clone();
            user.managed_policies.clear();
            user.inline_policies.clear();
            user.groups.clear();
            user.meta = meta;
            account.users.insert(user.name.clone(), user);
        }
        Entity::Group(group) => {
            let mut group = group.clone();
            group.managed_policies.clear();
            group.inline_policies.clear();
            group.meta = meta;
            account.groups.insert(group.name.clone(), group);
        }
        Entity::Role(role) => {
            check_description(role.description.as_deref())?;
            check_session_duration(role.max_session_duration)?;
            check_trust(&role.trust_policy)?;
            check_tags(&role.tags)?;
            if let Some(arn) = &role.permissions_boundary {
                resolve_policy(account, arn)?;
            }
            let mut role = role.clone();
            role.managed_policies.clear();
            role.inline_policies.clear();
            role.meta = meta;
            account.roles.insert(role.name.clone(), role);
        }
        Entity::Policy(policy) => {
            check_description(policy.description.as_deref())?;
            check_shape(&policy.document, DocumentUse::Identity)?;
            check_size(&policy.document, "the policy", MANAGED_POLICY_MAX_CHARS)?;
            check_tags(&policy.tags)?;
            let mut policy = policy.clone();
            policy.versions = vec![PolicyVersionMeta {
                version_id: "v1".into(),
                is_default: true,
                created: meta.created.clone(),
            }];
            policy.meta = meta;
            account.policies.insert(policy.name.clone(), policy);
        }
        Entity::InstanceProfile(profile) => {
            check_tags(&profile.tags)?;
            let mut profile = profile.clone();
            profile.roles.clear();
            profile.meta = meta;
            account
                .instance_profiles
                .insert(profile.name.clone(), profile);
        }
        Entity::OidcProvider(p) => identity_providers::create_oidc(account, p, meta)?,
        Entity::SamlProvider(p) => identity_providers::create_saml(account, p, meta)?,
    }
    Ok(())
}

/// Deletes the target, refusing with DeleteConflict while anything still depends on it.
/// A policy's non-default versions go first, as a delete of a managed policy must.
pub fn delete(account: &mut AccountIam, target: &EntityRef) -> Result<(), BackendError> {
    let conflict = |why: String| Err(BackendError::DeleteConflict(why));
    match target.kind {
        EntityKind::User => {
            let key = existing_key(&account.users, target.kind, &target.name)?;
            let user = &account.users[&key];
            if !user.groups.is_empty() {
                return conflict(format!("user `{key}` is still a member of groups"));
            }
            if !user.managed_policies.is_empty() || !user.inline_policies.is_empty() {
                return conflict(format!("user `{key}` still has policies"));
            }
            account.users.remove(&key);
        }
        EntityKind::Group => {
            let key = existing_key(&account.groups, target.kind, &target.name)?;
            if account.users.values().any(|u| u.groups.contains(&key)) {
                return conflict(format!("group `{key}` still has members"));
            }
            let group = &account.groups[&key];
            if !group.managed_policies.is_empty() || !group.inline_policies.is_empty() {
                return conflict(format!("group `{key}` still has policies"));
            }
            account.groups.remove(&key);
        }
        EntityKind::Role => {
            let key = existing_key(&account.roles, target.kind, &target.name)?;
            let role = &account.roles[&key];
            if !role.managed_policies.is_empty() || !role.inline_policies.is_empty() {
                return conflict(format!("role `{key}` still has policies"));
            }
            if account
                .instance_profiles
                .values()
                .any(|p| p.roles.contains(&key))
            {
                return conflict(format!("role `{key}` is still in an instance profile"));
            }
            account.roles.remove(&key);
        }
        EntityKind::Policy => {
            let key = existing_key(&account.policies, target.kind, &target.name)?;
            // A managed policy is deleted the way IAM requires: DeletePolicyVersion for
            // each non-default version, then DeletePolicy.
            let versions = account.policies[&key].versions.clone();
            if attachment_count(account, &key) == 0 {
                for version in versions.iter().filter(|v| !v.is_default) {
                    delete_version(account, &key, &version.version_id)?;
                }
            }
            delete_policy(account, &key)?;
        }
        EntityKind::InstanceProfile => {
            let key = existing_key(&account.instance_profiles, target.kind, &target.name)?;
            if !account.instance_profiles[&key].roles.is_empty() {
                return conflict(format!("instance profile `{key}` still holds a role"));
            }
            account.instance_profiles.remove(&key);
        }
        EntityKind::OidcProvider | EntityKind::SamlProvider => {
            identity_providers::delete(account, target)?;
        }
        EntityKind::AccountSettings => {
            return Err(BackendError::InvalidInput(
                "account settings cannot be deleted".into(),
            ));
        }
        EntityKind::PermissionSet => {
            return Err(BackendError::InvalidInput(
                "permission sets change through Identity Center changes".into(),
            ));
        }
    }
    Ok(())
}

/// Updates scalar fields in place; all fields are checked before any is written.
pub fn update(
    account: &mut AccountIam,
    target: &EntityRef,
    fields: &[FieldChange],
) -> Result<(), BackendError> {
    let (partition, account_id) = (account.partition, account.account_id.clone());
    match target.kind {
        EntityKind::User => {
            let key = existing_key(&account.users, target.kind, &target.name)?;
            let mut user = account.users[&key].clone();
            for field in fields {
                match field {
                    FieldChange::Path { after, .. } => {
                        check_path(after)?;
                        user.path = after.clone();
                        user.meta.arn = Some(crate::arn::iam_entity(
                            partition,
                            &account_id,
                            "user",
                            after,
                            &key,
                        ));
                    }
                    FieldChange::Tags { after, .. } => {
                        check_tags(after)?;
                        user.tags = after.clone();
                    }
                    other => return Err(not_updatable(target, other)),
                }
            }
            account.users.insert(key, user);
        }
        EntityKind::Group => {
            let key = existing_key(&account.groups, target.kind, &target.name)?;
            let mut group = account.groups[&key].clone();
            for field in fields {
                match field {
                    FieldChange::Path { after, .. } => {
                        check_path(after)?;
                        group.path = after.clone();
                        group.meta.arn = Some(crate::arn::iam_entity(
                            partition,
                            &account_id,
                            "group",
                            after,
                            &key,
                        ));
                    }
                    other => return Err(not_updatable(target, other)),
                }
            }
            account.groups.insert(key, group);
        }
        EntityKind::Role => {
            let key = existing_key(&account.roles, target.kind, &target.name)?;
            let mut role = account.roles[&key].clone();
            for field in fields {
                match field {
                    FieldChange::Description { after, .. } => {
                        check_description(after.as_deref())?;
                        role.description = after.clone();
                    }
                    FieldChange::MaxSessionDuration { after, .. } => {
                        check_session_duration(*after)?;
                        role.max_session_duration = *after;
                    }
                    FieldChange::Tags { after, .. } => {
                        check_tags(after)?;
                        role.tags = after.clone();
                    }
                    other => return Err(not_updatable(target, other)),
                }
            }
            account.roles.insert(key, role);
        }
        EntityKind::Policy => {
            let key = existing_key(&account.policies, target.kind, &target.name)?;
            let policy = account.policies.get_mut(&key).expect("key was just found");
            update_tags_only(&mut policy.tags, target, fields)?;
        }
        EntityKind::InstanceProfile => {
            let key = existing_key(&account.instance_profiles, target.kind, &target.name)?;
            let profile = account
                .instance_profiles
                .get_mut(&key)
                .expect("key was just found");
            update_tags_only(&mut profile.tags, target, fields)?;
        }
        EntityKind::OidcProvider | EntityKind::SamlProvider => {
            identity_providers::update(account, target, fields)?;
        }
        EntityKind::AccountSettings => {
            return Err(BackendError::InvalidInput(
                "account settings change through alias and password-policy changes".into(),
            ));
        }
        EntityKind::PermissionSet => {
            return Err(BackendError::InvalidInput(
                "permission sets change through Identity Center changes".into(),
            ));
        }
    }
    Ok(())
}

/// IAM's UpdateAssumeRolePolicy.
pub fn update_trust_policy(
    account: &mut AccountIam,
    target: &EntityRef,
    document: &PolicyDocument,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::Role {
        return Err(BackendError::InvalidInput(format!(
            "{target} has no trust policy"
        )));
    }
    let key = existing_key(&account.roles, target.kind, &target.name)?;
    check_trust(document)?;
    account
        .roles
        .get_mut(&key)
        .expect("key was just found")
        .trust_policy = document.clone();
    Ok(())
}

/// IAM's DeletePolicy: refused while the policy is attached or has non-default versions.
pub fn delete_policy(account: &mut AccountIam, name: &str) -> Result<(), BackendError> {
    let key = existing_key(&account.policies, EntityKind::Policy, name)?;
    if attachment_count(account, &key) > 0 {
        return Err(BackendError::DeleteConflict(format!(
            "policy `{key}` is still attached"
        )));
    }
    if account.policies[&key]
        .versions
        .iter()
        .any(|v| !v.is_default)
    {
        return Err(BackendError::DeleteConflict(format!(
            "policy `{key}` still has non-default versions"
        )));
    }
    account.policies.remove(&key);
    Ok(())
}

/// How many users, groups and roles have the customer-managed policy `key` attached.
fn attachment_count(account: &AccountIam, key: &str) -> usize {
    let policy = &account.policies[key];
    let arn = policy_arn(account, &policy.path, key);
    account
        .users
        .values()
        .filter(|u| u.managed_policies.contains(&arn))
        .count()
        + account
            .groups
            .values()
            .filter(|g| g.managed_policies.contains(&arn))
            .count()
        + account
            .roles
            .values()
            .filter(|r| r.managed_policies.contains(&arn))
            .count()
}

/// True when an entity of that kind exists under that name in any case.
pub fn exists(account: &AccountIam, target: &EntityRef) -> bool {
    match target.kind {
        EntityKind::User => find_key(&account.users, &target.name).is_some(),
        EntityKind::Group => find_key(&account.groups, &target.name).is_some(),
        EntityKind::Role => find_key(&account.roles, &target.name).is_some(),
        EntityKind::Policy => find_key(&account.policies, &target.name).is_some(),
        EntityKind::InstanceProfile => find_key(&account.instance_profiles, &target.name).is_some(),
        EntityKind::OidcProvider => find_key(&account.oidc_providers, &target.name).is_some(),
        EntityKind::SamlProvider => find_key(&account.saml_providers, &target.name).is_some(),
        EntityKind::AccountSettings => true,
        EntityKind::PermissionSet => account
            .identity_center
            .as_ref()
            .is_some_and(|ic| ic.permission_sets.contains_key(&target.name)),
    }
}

/// ARN of the customer-managed policy `name` at `path` in `account`.
pub fn policy_arn(account: &AccountIam, path: &str, name: &str) -> String {
    crate::arn::iam_entity(account.partition, &account.account_id, "policy", path, name)
}

/// Timestamp for things IAM dates that are not entities (policy versions).
pub fn now() -> String {
    rfc3339_now()
}

fn check_trust(document: &PolicyDocument) -> Result<(), BackendError> {
    check_shape(document, DocumentUse::Trust)?;
    check_size(document, "the trust policy", TRUST_POLICY_MAX_CHARS)
}

fn check_description(description: Option<&str>) -> Result<(), BackendError> {
    match description {
        Some(d) if d.chars().count() > MAX_DESCRIPTION => Err(BackendError::InvalidInput(format!(
            "description is longer than {MAX_DESCRIPTION} characters"
        ))),
        _ => Ok(()),
    }
}

fn check_session_duration(seconds: u32) -> Result<(), BackendError> {
    if (3600..=43200).contains(&seconds) {
        Ok(())
    } else {
        Err(BackendError::InvalidInput(format!(
            "max session duration {seconds}s is outside 3600–43200"
        )))
    }
}

/// Applies an update to an entity whose only updatable field is its tags (customer
/// policies, instance profiles): every field is checked before anything changes.
fn update_tags_only(
    tags: &mut crate::model::Tags,
    target: &EntityRef,
    fields: &[FieldChange],
) -> Result<(), BackendError> {
    for field in fields {
        match field {
            FieldChange::Tags { after, .. } => check_tags(after)?,
            other => return Err(not_updatable(target, other)),
        }
    }
    for field in fields {
        if let FieldChange::Tags { after, .. } = field {
            *tags = after.clone();
        }
    }
    Ok(())
}

fn not_updatable(target: &EntityRef, field: &FieldChange) -> BackendError {
    let name = match field {
        FieldChange::Path { .. } => "path",
        FieldChange::Description { .. } => "description",
        FieldChange::MaxSessionDuration { .. } => "max session duration",
        FieldChange::Tags { .. } => "tags",
        FieldChange::ClientIds { .. } => "client ids",
        FieldChange::Thumbprints { .. } => "thumbprints",
        FieldChange::SamlMetadata { .. } => "SAML metadata",
    };
    BackendError::InvalidInput(format!("IAM cannot update the {name} of {target} in place"))
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "lifecycle_delete_tests.rs"]
mod delete_tests;
