//! Takes what has expired out of the resolved accounts and links, so the diff removes it
//! from the accounts, and warns (`IAM300`) about each expired entry still written.
//!
//! What an expired entity leaves behind goes with it: attachments of an expired policy,
//! the role of an expired role in other instance profiles, and any link whose target role
//! or source principal expired (its trust statement would name a principal that is gone).
//! What still names an expired entity is an error (`expiry_references`).

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    AccountIam, DesiredAccount, EntityKind, EntityRef, Expiries, Expiry, ExpiryTarget,
};

use super::expiry_references::{check_references, gone_arns};
use super::links::ResolvedLink;

/// Removes every expired entry from `accounts`, drops expired links (and links with an
/// expired end, recorded as expired with that end's instant) and returns the links left.
pub fn settle_expiries(
    expiries: &mut Expiries,
    accounts: &mut BTreeMap<String, DesiredAccount>,
    links: Vec<ResolvedLink>,
    sink: &mut Vec<Diagnostic>,
) -> Vec<ResolvedLink> {
    let mut kept = Vec::new();
    let mut cascaded = Vec::new();
    for r in links {
        let l = &r.link;
        let own = ExpiryTarget::Link {
            name: l.name.clone(),
        };
        if expiries.has_expired(&l.to_account, &own) {
            expiries.ended_links.push(r.link);
            continue;
        }
        let ends = std::iter::once((&l.to_account, EntityRef::new(EntityKind::Role, &l.role)))
            .chain(l.sources.iter().map(|s| (&l.from_account, s.clone())));
        let ended = ends.filter_map(|(account, entity)| {
            let target = ExpiryTarget::Entity { entity };
            expiries
                .expired
                .iter()
                .find(|e| &e.account == account && e.target == target)
        });
        match ended.min_by_key(|e| e.at) {
            Some(end) => {
                let expiry = Expiry {
                    account: l.to_account.clone(),
                    target: own,
                    at: end.at,
                    span: r.at.clone(),
                };
                cascaded.push((expiry, format!("ended with {}, which expired", end.target)));
                expiries.ended_links.push(r.link);
            }
            None => kept.push(r),
        }
    }
    let gone = gone_arns(&expiries.expired, accounts);
    for e in &expiries.expired {
        sink.push(expired_warning(e, "expired"));
        if let Some(account) = accounts.get_mut(&e.account) {
            remove(&mut account.iam, &e.target);
            account
                .external_policies
                .retain(|p| !ends_reference(&e.target, &p.holder, &p.arn));
        }
    }
    check_references(&gone, accounts, sink);
    for (e, how) in cascaded {
        sink.push(expired_warning(&e, &how));
        expiries.expired.push(e);
    }
    kept
}

/// True when `target` ending removes `holder`'s reference to the policy `arn`.
fn ends_reference(target: &ExpiryTarget, holder: &EntityRef, arn: &str) -> bool {
    match target {
        ExpiryTarget::Entity { entity } => entity == holder,
        ExpiryTarget::Attachment {
            holder: h,
            policy_arn,
        } => h == holder && policy_arn == arn,
        _ => false,
    }
}

fn remove(iam: &mut AccountIam, target: &ExpiryTarget) {
    match target {
        ExpiryTarget::Entity { entity } => remove_entity(iam, entity),
        ExpiryTarget::Membership { user, group } => {
            if let Some(u) = iam.users.get_mut(user) {
                u.groups.remove(group);
            }
        }
        ExpiryTarget::Attachment { holder, policy_arn } => {
            if let Some(set) = managed_policies(iam, holder) {
                set.remove(policy_arn);
            }
        }
        ExpiryTarget::InlinePolicy {
            holder,
            policy_name,
        } => {
            let inline = match holder.kind {
                EntityKind::User => iam
                    .users
                    .get_mut(&holder.name)
                    .map(|u| &mut u.inline_policies),
                EntityKind::Group => iam
                    .groups
                    .get_mut(&holder.name)
                    .map(|g| &mut g.inline_policies),
                EntityKind::Role => iam
                    .roles
                    .get_mut(&holder.name)
                    .map(|r| &mut r.inline_policies),
                _ => None,
            };
            if let Some(inline) = inline {
                inline.remove(policy_name);
            }
        }
        // Links are settled before they are merged.
        ExpiryTarget::Link { .. } => {}
    }
}

fn remove_entity(iam: &mut AccountIam, entity: &EntityRef) {
    let name = &entity.name;
    match entity.kind {
        EntityKind::User => {
            iam.users.remove(name);
        }
        EntityKind::Role => {
            iam.roles.remove(name);
            for profile in iam.instance_profiles.values_mut() {
                profile.roles.remove(name);
            }
        }
        EntityKind::InstanceProfile => {
            iam.instance_profiles.remove(name);
        }
        EntityKind::Policy => {
            if let Some(policy) = iam.policies.remove(name) {
                let arn = policy_arn(iam, &policy.path, &policy.name);
                for holder in holders(iam) {
                    if let Some(set) = managed_policies(iam, &holder) {
                        set.remove(&arn);
                    }
                }
            }
        }
        // These kinds take no `expires:`.
        EntityKind::Group
        | EntityKind::AccountSettings
        | EntityKind::OidcProvider
        | EntityKind::SamlProvider
        | EntityKind::PermissionSet => {}
    }
}

/// Every user, group and role of `iam`.
fn holders(iam: &AccountIam) -> Vec<EntityRef> {
    let users = iam
        .users
        .keys()
        .map(|n| EntityRef::new(EntityKind::User, n));
    let groups = iam
        .groups
        .keys()
        .map(|n| EntityRef::new(EntityKind::Group, n));
    let roles = iam
        .roles
        .keys()
        .map(|n| EntityRef::new(EntityKind::Role, n));
    users.chain(groups).chain(roles).collect()
}

fn managed_policies<'i>(
    iam: &'i mut AccountIam,
    holder: &EntityRef,
) -> Option<&'i mut std::collections::BTreeSet<String>> {
    match holder.kind {
        EntityKind::User => iam
            .users
            .get_mut(&holder.name)
            .map(|u| &mut u.managed_policies),
        EntityKind::Group => iam
            .groups
            .get_mut(&holder.name)
            .map(|g| &mut g.managed_policies),
        EntityKind::Role => iam
            .roles
            .get_mut(&holder.name)
            .map(|r| &mut r.managed_policies),
        _ => None,
    }
}

/// The ARN of a customer-managed policy of the account `iam`.
pub(super) fn policy_arn(iam: &AccountIam, path: &str, name: &str) -> String {
    crate::arn::iam_entity(iam.partition, &iam.account_id, "policy", path, name)
}

fn expired_warning(e: &Expiry, how: &str) -> Diagnostic {
    Diagnostic::coded(
        Code::Expired,
        Some(e.span.clone()),
        format!("{} {how} at {}", e.target, e.at),
    )
    .with_note(
        "`plan` removes it from the account, without pruning too, and never creates it again",
    )
    .with_help("delete it from the manifest")
}
