//! The effective-access section of a plan: per principal whose policies change, the
//! actions newly allowed or no longer allowed (by service and access level), and who
//! newly may (or no longer may) assume each role.

use crate::model::{EntityKind, EntityRef, is_reserved};
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::action_grants::grants_between_cached;
use super::grant_summary::summarize;
use super::principal_policies::{PrincipalRef, policies_for};
use super::trust_principals::assumers;
use crate::model::{AccountIam, DesiredState};
use crate::policy::catalog::ActionSetCache;

/// How one principal's access changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessChange {
    /// Manifest name of the account.
    pub account: String,
    /// `user alice` or `role deployer`.
    pub principal: String,
    /// Access the plan adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub granted: Vec<AccessGrant>,
    /// Access the plan takes away.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked: Vec<AccessGrant>,
    /// Principals that may newly assume this role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_assumers: Vec<String>,
    /// Principals that may no longer assume this role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_assumers: Vec<String>,
    /// Attached policies whose documents are not known offline (AWS-managed policies
    /// newer than the bundled data), left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_evaluated: Vec<String>,
}

/// Actions of one or more services at some access levels on one resource pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessGrant {
    /// Service prefixes (one, unless many were summarized together).
    pub services: Vec<String>,
    /// Access levels (`Read`, `Write`, …).
    pub access: Vec<String>,
    /// Resource pattern.
    pub resource: String,
    /// How many actions.
    pub action_count: usize,
    /// A few of the actions, for reading.
    pub examples: Vec<String>,
    /// Only when conditions hold: a grant through Allows with conditions, or a
    /// revocation that leaves the actions allowed only under conditions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub conditional: bool,
}

impl AccessChange {
    /// True when the change gives anyone more access.
    pub fn broadens(&self) -> bool {
        !self.granted.is_empty() || !self.new_assumers.is_empty()
    }
}

/// The access changes that turning `actual` into `desired` makes, for every user and
/// role the manifests define. Principals whose access does not change are left out.
pub fn access_changes(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Vec<AccessChange> {
    let mut out = Vec::new();
    let mut action_sets = ActionSetCache::default();
    for (account_name, account) in &desired.accounts {
        let empty = AccountIam::new(account.config.id.clone());
        let before = actual.get(account_name).unwrap_or(&empty);
        let after = &account.iam;
        // Reserved principals are never changed by a plan, so their access does not change.
        let principals = after
            .users
            .values()
            .filter(|u| !is_reserved(&EntityRef::new(EntityKind::User, &u.name), &u.path))
            .map(|u| PrincipalRef::User(u.name.clone()))
            .chain(
                after
                    .roles
                    .values()
                    .filter(|r| !is_reserved(&EntityRef::new(EntityKind::Role, &r.name), &r.path))
                    .map(|r| PrincipalRef::Role(r.name.clone())),
            );
        for principal in principals {
            let new = policies_for(after, &principal).unwrap_or_default();
            let old = policies_for(before, &principal).unwrap_or_default();
            let mut change = AccessChange {
                account: account_name.clone(),
                principal: principal.to_string(),
                granted: Vec::new(),
                revoked: Vec::new(),
                new_assumers: Vec::new(),
                removed_assumers: Vec::new(),
                not_evaluated: Vec::new(),
            };
            let same = |a: &super::PrincipalPolicies, b: &super::PrincipalPolicies| {
                a.policies.len() == b.policies.len()
                    && a.policies.iter().all(|p| {
                        b.policies
                            .iter()
                            .any(|q| q.name == p.name && q.role == p.role && q.policy == p.policy)
                    })
            };
            if !same(&old, &new) {
                let delta = grants_between_cached(&old.policies, &new.policies, &mut action_sets);
                change.granted = summarize(delta.granted, false);
                change
                    .granted
                    .extend(summarize(delta.granted_if_conditions, true));
                change.revoked = summarize(delta.revoked, false);
                change
                    .revoked
                    .extend(summarize(delta.revoked_unless_conditions, true));
            }
            if let PrincipalRef::Role(name) = &principal {
                let trust_before = before.roles.get(name).map(|r| &r.trust_policy.0);
                let trust_after = after.roles.get(name).map(|r| &r.trust_policy.0);
                // Identical documents have identical assumers; most roles in a plan are so.
                if trust_before != trust_after {
                    let was = trust_before.map(assumers).unwrap_or_default();
                    let is = trust_after.map(assumers).unwrap_or_default();
                    change.new_assumers = is.difference(&was).cloned().collect();
                    change.removed_assumers = was.difference(&is).cloned().collect();
                }
            }
            let changed = !change.granted.is_empty()
                || !change.revoked.is_empty()
                || !change.new_assumers.is_empty()
                || !change.removed_assumers.is_empty();
            if changed {
                change.not_evaluated = new.unresolved;
                out.push(change);
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "access_change/tests.rs"]
mod tests;
