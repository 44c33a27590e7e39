//! Managed-policy attachments, inline policies and permissions boundaries of principals.

use std::collections::{BTreeMap, BTreeSet};

use super::naming::{check_name, existing_key, find_key};
use super::policy_rules::{DocumentUse, check_shape, counted_chars, inline_total_limit};
use crate::arn::Arn;
use crate::backend::BackendError;
use crate::model::{AccountIam, EntityKind, EntityRef, PolicyDocument};

/// Most managed policies IAM lets one user, group or role have attached.
pub const MAX_ATTACHED_POLICIES: usize = 10;

/// Checks that `arn` names a policy that exists: any well-formed AWS-managed policy
/// (`arn:PARTITION:iam::aws:policy/…`, which this store does not enumerate) or a
/// customer-managed policy of this account at exactly that path.
pub fn resolve_policy(account: &AccountIam, arn: &str) -> Result<(), BackendError> {
    let missing =
        || BackendError::NoSuchEntity(format!("policy {arn} does not exist or is not attachable"));
    let parsed = Arn::parse(arn).map_err(|e| BackendError::InvalidInput(e.to_string()))?;
    let Some(("policy", rest)) = parsed.iam_resource() else {
        return Err(BackendError::InvalidInput(format!(
            "`{arn}` is not a policy ARN"
        )));
    };
    let (path, name) = match rest.rfind('/') {
        Some(i) => (format!("/{}/", &rest[..i]), &rest[i + 1..]),
        None => ("/".to_string(), rest),
    };
    // Only policies of the account's own partition can be attached.
    if parsed.service != "iam" || name.is_empty() || parsed.partition != account.partition {
        return Err(missing());
    }
    if parsed.account == "aws" {
        return Ok(());
    }
    if parsed.account != account.account_id {
        return Err(missing());
    }
    match find_key(&account.policies, name) {
        Some(key) if account.policies[key].path == path => Ok(()),
        _ => Err(missing()),
    }
}

/// The managed and inline policy sets of a user, group or role.
struct PrincipalPolicies<'a> {
    managed: &'a mut BTreeSet<String>,
    inline: &'a mut BTreeMap<String, PolicyDocument>,
}

fn principal_policies<'a>(
    account: &'a mut AccountIam,
    target: &EntityRef,
) -> Result<PrincipalPolicies<'a>, BackendError> {
    match target.kind {
        EntityKind::User => {
            let key = existing_key(&account.users, target.kind, &target.name)?;
            let u = account.users.get_mut(&key).expect("key was just found");
            Ok(PrincipalPolicies {
                managed: &mut u.managed_policies,
                inline: &mut u.inline_policies,
            })
        }
        EntityKind::Group => {
            let key = existing_key(&account.groups, target.kind, &target.name)?;
            let g = account.groups.get_mut(&key).expect("key was just found");
            Ok(PrincipalPolicies {
                managed: &mut g.managed_policies,
                inline: &mut g.inline_policies,
            })
        }
        EntityKind::Role => {
            let key = existing_key(&account.roles, target.kind, &target.name)?;
            let r = account.roles.get_mut(&key).expect("key was just found");
            Ok(PrincipalPolicies {
                managed: &mut r.managed_policies,
                inline: &mut r.inline_policies,
            })
        }
        _ => Err(BackendError::InvalidInput(format!(
            "{target} cannot have policies; only users, groups and roles can"
        ))),
    }
}

/// IAM's Attach{User,Group,Role}Policy: attaching twice is a no-op, as in IAM.
pub fn attach(account: &mut AccountIam, target: &EntityRef, arn: &str) -> Result<(), BackendError> {
    resolve_policy(account, arn)?;
    let policies = principal_policies(account, target)?;
    if !policies.managed.contains(arn) && policies.managed.len() >= MAX_ATTACHED_POLICIES {
        return Err(BackendError::LimitExceeded(format!(
            "{target} already has {MAX_ATTACHED_POLICIES} managed policies attached"
        )));
    }
    policies.managed.insert(arn.to_string());
    Ok(())
}

/// IAM's Detach{User,Group,Role}Policy: NoSuchEntity when it is not attached.
pub fn detach(account: &mut AccountIam, target: &EntityRef, arn: &str) -> Result<(), BackendError> {
    let policies = principal_policies(account, target)?;
    if !policies.managed.remove(arn) {
        return Err(BackendError::NoSuchEntity(format!(
            "policy {arn} is not attached to {target}"
        )));
    }
    Ok(())
}

/// IAM's Put{User,Group,Role}Policy: creates or overwrites, within the aggregate size.
pub fn put_inline(
    account: &mut AccountIam,
    target: &EntityRef,
    name: &str,
    document: &PolicyDocument,
) -> Result<(), BackendError> {
    check_name("inline policy", name, 128)?;
    check_shape(document, DocumentUse::Identity)?;
    let policies = principal_policies(account, target)?;
    let others: usize = policies
        .inline
        .iter()
        .filter(|(n, _)| n.as_str() != name)
        .map(|(_, d)| counted_chars(d))
        .sum();
    let total = others + counted_chars(document);
    let limit = inline_total_limit(target.kind);
    if total > limit {
        return Err(BackendError::LimitExceeded(format!(
            "inline policies of {target} would total {total} characters, over IAM's limit of {limit}"
        )));
    }
    policies.inline.insert(name.to_string(), document.clone());
    Ok(())
}

/// IAM's Delete{User,Group,Role}Policy.
pub fn delete_inline(
    account: &mut AccountIam,
    target: &EntityRef,
    name: &str,
) -> Result<(), BackendError> {
    let policies = principal_policies(account, target)?;
    if policies.inline.remove(name).is_none() {
        return Err(BackendError::NoSuchEntity(format!(
            "{target} has no inline policy `{name}`"
        )));
    }
    Ok(())
}

fn boundary_slot<'a>(
    account: &'a mut AccountIam,
    target: &EntityRef,
) -> Result<&'a mut Option<String>, BackendError> {
    match target.kind {
        EntityKind::User => {
            let key = existing_key(&account.users, target.kind, &target.name)?;
            Ok(&mut account
                .users
                .get_mut(&key)
                .expect("key was just found")
                .permissions_boundary)
        }
        EntityKind::Role => {
            let key = existing_key(&account.roles, target.kind, &target.name)?;
            Ok(&mut account
                .roles
                .get_mut(&key)
                .expect("key was just found")
                .permissions_boundary)
        }
        _ => Err(BackendError::InvalidInput(format!(
            "{target} cannot have a permissions boundary; only users and roles can"
        ))),
    }
}

/// IAM's Put{User,Role}PermissionsBoundary.
pub fn put_boundary(
    account: &mut AccountIam,
    target: &EntityRef,
    arn: &str,
) -> Result<(), BackendError> {
    resolve_policy(account, arn)?;
    *boundary_slot(account, target)? = Some(arn.to_string());
    Ok(())
}

/// IAM's Delete{User,Role}PermissionsBoundary.
pub fn delete_boundary(account: &mut AccountIam, target: &EntityRef) -> Result<(), BackendError> {
    let slot = boundary_slot(account, target)?;
    if slot.take().is_none() {
        return Err(BackendError::NoSuchEntity(format!(
            "{target} has no permissions boundary"
        )));
    }
    Ok(())
}

#[cfg(test)]
#[path = "policy_attachments_tests.rs"]
mod tests;
