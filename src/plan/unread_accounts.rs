//! A plan made although some accounts could not be read (unreachable, access denied,
//! throttled past the retries). Those accounts get no changes, and the changes to the
//! read accounts that depend on an unread account's state are held back and listed, so
//! nothing is applied against a guess of what that account holds.
//!
//! A change depends on an unread account when it sets a trust policy naming a principal
//! there (IAM refuses a principal that does not exist, and whether it does is unknown);
//! when it is either half of a link with an end there (one half alone grants or trusts
//! what nobody reviewed alone); when it deletes or replaces a principal that the unread
//! account's manifests trust (its roles may still trust it, and a new principal of the
//! same name is not the one they trusted); and when it needs a held-back change first.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::PlannedChange;
use super::link_halves::link_halves;
use crate::arn::Arn;
use crate::diff::{AccountKey, Action, Change};
use crate::graph::{skipped_dependencies, trust_dependencies};
use crate::model::{DesiredState, Entity, EntityKind, PolicyDocument};

/// An account that could not be read, so the plan has no changes for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UnreadAccount {
    /// Which account.
    pub account: AccountKey,
    /// Why, in one sentence: the AWS error or the credentials check (never a secret).
    pub error: String,
}

/// A change to a read account that the plan leaves out because it depends on an
/// unread account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HeldBackChange {
    /// The change, as apply's progress names it (`[prod] create role deployer`).
    pub change: String,
    /// The unread account it depends on.
    pub unread_account: String,
    /// How it depends on that account.
    pub because: String,
}

/// `desired` without the unread accounts, whose changes cannot be known.
pub(crate) fn without_unread(desired: &DesiredState, unread: &[UnreadAccount]) -> DesiredState {
    let is_unread = |name: &str| unread.iter().any(|u| u.account.name == name);
    let mut reduced = desired.clone();
    reduced.accounts.retain(|name, _| !is_unread(name));
    let expiries = &mut reduced.expiries;
    expiries.expired.retain(|e| !is_unread(&e.account));
    expiries.in_force.retain(|e| !is_unread(&e.account));
    reduced
}

/// Splits `ordered` (the changes to the read accounts, in order) into the changes kept,
/// numbered again from 0, and those held back; `desired` is the whole desired state,
/// unread accounts included.
pub(crate) fn hold_back(
    desired: &DesiredState,
    ordered: Vec<PlannedChange>,
    unread: &[UnreadAccount],
) -> (Vec<PlannedChange>, Vec<HeldBackChange>) {
    if unread.is_empty() {
        return (ordered, Vec::new());
    }
    let by_id: BTreeMap<&str, &str> = unread
        .iter()
        .map(|u| (u.account.id.as_str(), u.account.name.as_str()))
        .collect();
    let is_unread = |name: &str| unread.iter().any(|u| u.account.name == name);
    // Why each change is held back, by position in `ordered`.
    let mut held: BTreeMap<usize, (String, String)> = BTreeMap::new();
    for (i, planned) in ordered.iter().enumerate() {
        if let Some(reason) = trust_into(&planned.change, &by_id) {
            held.insert(i, reason);
        }
    }
    let position: BTreeMap<usize, usize> =
        ordered.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for link in link_halves(desired, &ordered) {
        let other = [&link.from_account, &link.to_account]
            .into_iter()
            .find(|account| is_unread(account));
        let Some(other) = other else { continue };
        for id in link.trust_changes.iter().chain(&link.grant_changes) {
            if let Some(&i) = position.get(id) {
                held.entry(i).or_insert_with(|| {
                    (
                        other.clone(),
                        format!("it is half of link {}, whose other end is there", link.name),
                    )
                });
            }
        }
    }
    let read: Vec<String> = desired
        .accounts
        .keys()
        .filter(|name| !is_unread(name))
        .cloned()
        .collect();
    for dependency in skipped_dependencies(desired, &read) {
        if dependency.principal_skipped {
            continue;
        }
        let trusted = ordered.iter().position(|c| {
            c.change.account.name == dependency.principal_account
                && deletes_principal(&c.change, &dependency.principal)
        });
        if let Some(i) = trusted {
            held.entry(i).or_insert_with(|| {
                (
                    dependency.role_account.clone(),
                    format!("role {} there trusts it", dependency.role),
                )
            });
        }
    }
    // Dependencies come first, so one pass in order reaches every dependent.
    for i in 0..ordered.len() {
        if held.contains_key(&i) {
            continue;
        }
        let needs = ordered[i]
            .depends_on
            .iter()
            .filter_map(|id| position.get(id))
            .find(|j| held.contains_key(j));
        if let Some(&j) = needs {
            let unread_account = held[&j].0.clone();
            held.insert(
                i,
                (
                    unread_account,
                    format!("it needs `{}` first", ordered[j].change),
                ),
            );
        }
    }
    let listed = held
        .iter()
        .map(|(&i, (unread_account, because))| HeldBackChange {
            change: ordered[i].change.to_string(),
            unread_account: unread_account.clone(),
            because: because.clone(),
        })
        .collect();
    let keep: Vec<bool> = (0..ordered.len()).map(|i| !held.contains_key(&i)).collect();
    (keep_only(ordered, &keep), listed)
}

/// The changes of `ordered` that `keep` marks, numbered again from 0 in their order; a
/// kept change's dependencies must be kept too.
pub(crate) fn keep_only(ordered: Vec<PlannedChange>, keep: &[bool]) -> Vec<PlannedChange> {
    let mut renumbered: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for (i, mut change) in ordered.into_iter().enumerate() {
        if !keep[i] {
            continue;
        }
        renumbered.insert(change.id, kept.len());
        change.id = kept.len();
        kept.push(change);
    }
    for change in &mut kept {
        change.depends_on = change
            .depends_on
            .iter()
            .filter_map(|id| renumbered.get(id).copied())
            .collect();
    }
    kept
}

/// The unread account and the reason, when `change` sets a trust policy naming a
/// principal (or identity provider) in an unread account; an account's root always
/// exists, so naming it depends on nothing.
fn trust_into(change: &Change, unread_ids: &BTreeMap<&str, &str>) -> Option<(String, String)> {
    let trust: &PolicyDocument = match &change.action {
        Action::Create { entity } => match entity.as_ref() {
            Entity::Role(role) => &role.trust_policy,
            _ => return None,
        },
        Action::Replace { after, .. } => match after.as_ref() {
            Entity::Role(role) => &role.trust_policy,
            _ => return None,
        },
        Action::UpdateTrustPolicy { after, .. } => after,
        _ => return None,
    };
    trust_dependencies(trust).into_iter().find_map(|principal| {
        let arn = Arn::parse(&principal).ok()?;
        let name = unread_ids.get(arn.account.as_str())?;
        (arn.resource != "root").then(|| (name.to_string(), format!("its trust names {principal}")))
    })
}

/// True when `change` deletes or replaces the user or role `principal` names.
fn deletes_principal(change: &Change, principal: &str) -> bool {
    let Ok(arn) = Arn::parse(principal) else {
        return false;
    };
    let kind = match arn.resource.split('/').next() {
        Some("role") => EntityKind::Role,
        Some("user") => EntityKind::User,
        _ => return false,
    };
    let name = arn.resource.rsplit('/').next().unwrap_or_default();
    change.target.kind == kind
        && change.target.name == name
        && matches!(
            change.action,
            Action::Delete { .. } | Action::Replace { .. }
        )
}

#[cfg(test)]
#[path = "unread_accounts_tests.rs"]
mod tests;
