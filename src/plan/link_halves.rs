//! Which planned changes belong to which cross-account link: the trust half (the target
//! role's trust policy) and the grant half (`iamform-link-…` on the sources). A link
//! that no manifest defines any more is found by its grant policy being deleted.

use std::collections::BTreeMap;

use super::{PlanLink, PlannedChange};
use crate::diff::Action;
use crate::model::{DesiredState, EntityKind, EntityRef, LINK_GRANT_PREFIX};

/// The links that have changes, each with the ids of its two halves' changes.
pub fn link_halves(desired: &DesiredState, changes: &[PlannedChange]) -> Vec<PlanLink> {
    let mut out = Vec::new();
    for link in &desired.links {
        let grant = link.grant_policy_name();
        let entry = PlanLink {
            name: link.name.clone(),
            from_account: link.from_account.clone(),
            to_account: link.to_account.clone(),
            role: link.role.clone(),
            removed: false,
            trust_changes: trust_changes(changes, &link.to_account, &link.role, false),
            grant_changes: ids(changes, |c| {
                c.change.account.name == link.from_account
                    && link.sources.contains(&c.change.target)
                    && grant_policy(&c.change.action) == Some(&grant)
            }),
        };
        if !entry.trust_changes.is_empty() || !entry.grant_changes.is_empty() {
            out.push(entry);
        }
    }
    out.extend(removed_links(desired, changes));
    out
}

/// Links whose grant is deleted from a source that no desired link names.
fn removed_links(desired: &DesiredState, changes: &[PlannedChange]) -> Vec<PlanLink> {
    let mut removed: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for c in changes {
        let Action::DeleteInlinePolicy { policy_name, .. } = &c.change.action else {
            continue;
        };
        let account = &c.change.account.name;
        let still_linked = desired.links.iter().any(|l| {
            &l.from_account == account
                && l.sources.contains(&c.change.target)
                && &l.grant_policy_name() == policy_name
        });
        if policy_name.starts_with(LINK_GRANT_PREFIX) && !still_linked {
            removed
                .entry((account.clone(), policy_name.clone()))
                .or_default()
                .push(c.id);
        }
    }
    removed
        .into_iter()
        .map(|((from_account, grant), grant_changes)| {
            // An expired link is still known by its manifest name.
            let ended = desired
                .expiries
                .ended_links
                .iter()
                .find(|l| l.from_account == from_account && l.grant_policy_name() == grant);
            let (name, to_account, role) = match ended {
                Some(l) => (l.name.clone(), l.to_account.clone(), l.role.clone()),
                None => {
                    let (to_account, role) = grant_target(desired, &grant).unwrap_or_default();
                    (grant, to_account, role)
                }
            };
            PlanLink {
                trust_changes: trust_changes(changes, &to_account, &role, true),
                name,
                from_account,
                to_account,
                role,
                removed: true,
                grant_changes,
            }
        })
        .collect()
}

/// The account and role a grant policy name points at: the longest declared account
/// name that, with a hyphen, prefixes the rest (account names may contain hyphens).
fn grant_target(desired: &DesiredState, policy_name: &str) -> Option<(String, String)> {
    let rest = policy_name.strip_prefix(LINK_GRANT_PREFIX)?;
    desired
        .project
        .accounts
        .keys()
        .filter_map(|account| {
            let role = rest.strip_prefix(account.as_str())?.strip_prefix('-')?;
            (!role.is_empty()).then(|| (account.clone(), role.to_string()))
        })
        .max_by_key(|(account, _)| account.len())
}

/// Changes that write (or, for a removed link, may delete) the target role's trust.
fn trust_changes(
    changes: &[PlannedChange],
    account: &str,
    role: &str,
    removed: bool,
) -> Vec<usize> {
    let target = EntityRef::new(EntityKind::Role, role);
    ids(changes, |c| {
        c.change.account.name == account
            && c.change.target == target
            && match c.change.action {
                Action::Create { .. }
                | Action::Replace { .. }
                | Action::UpdateTrustPolicy { .. } => true,
                Action::Delete { .. } => removed,
                _ => false,
            }
    })
}

fn grant_policy(action: &Action) -> Option<&String> {
    match action {
        Action::PutInlinePolicy { policy_name, .. }
        | Action::DeleteInlinePolicy { policy_name, .. } => Some(policy_name),
        _ => None,
    }
}

fn ids(changes: &[PlannedChange], keep: impl Fn(&PlannedChange) -> bool) -> Vec<usize> {
    changes.iter().filter(|c| keep(c)).map(|c| c.id).collect()
}
