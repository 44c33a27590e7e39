//! The effective-access section of a plan: per user or role whose access changes, what
//! causes it, the actions newly allowed or no longer allowed (in a few words, then by
//! service and access level), under which conditions (MFA, others), and who gains or
//! loses the right to assume each role and under which conditions.

use crate::model::{EntityKind, EntityRef, is_reserved};
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::action_grants::{AccessDelta, Grants, grants_between_fitted};
use super::assumer_change::{AccountNames, AssumerChange, assumer_changes};
use super::change_sources::{permission_sources, trust_sources};
use super::grant_summary::GrantCondition;
use super::permission_set_access::{
    permission_set_access_changes, permission_set_access_changes_to,
};
use super::principal_policies::{AccountPolicies, PrincipalPolicies, PrincipalRef};
use super::summary_cache::SummaryCache;
use super::unchanged_policies::SameDocuments;
use crate::model::{AccountIam, DesiredState};
use crate::policy::catalog::{ActionSetCache, ResourceFits};

/// How one principal's access changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessChange {
    /// Manifest name of the account.
    pub account: String,
    /// `user alice` or `role deployer`.
    pub principal: String,
    /// Someone gains access: new actions, a new assumer, or weaker conditions.
    pub broadens: bool,
    /// Someone loses access: actions, an assumer, or conditions made stronger.
    pub narrows: bool,
    /// What causes the change: `new AWS-managed policy PowerUserAccess`, `new membership
    /// of group admins`, `trust policy`, `link admins-to-prod`, …
    pub sources: Vec<String>,
    /// The permission change in a few lines: per resource and condition, how much.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<AccessSummary>,
    /// Access the plan adds, by service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub granted: Vec<AccessGrant>,
    /// Access the plan takes away, by service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked: Vec<AccessGrant>,
    /// For a role: principals that gain or lose the right to assume it, or whose
    /// conditions change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumers: Vec<AssumerChange>,
    /// Attached policies whose documents are not known offline (AWS-managed policies
    /// newer than the bundled data, by ARN; a permission set's customer-managed
    /// references the assigned account does not hold, by path and name), left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_evaluated: Vec<String>,
    /// For a user: ways of signing in the plan removes (`console password`, `access key
    /// AKIA…`); ids only, never a secret.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign_in_removed: Vec<String>,
}

/// What happens to some actions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    /// Newly allowed without conditions.
    Granted,
    /// Newly allowed, only after signing in with MFA.
    GrantedWithMfa,
    /// Newly allowed, only when other conditions hold.
    GrantedIfConditions,
    /// No longer allowed.
    Revoked,
    /// Allowed without conditions before, now only after signing in with MFA.
    RevokedUnlessMfa,
    /// Allowed before, now only when other conditions hold.
    RevokedUnlessConditions,
}

impl AccessKind {
    /// True for the kinds that give access.
    pub fn grants(self) -> bool {
        matches!(
            self,
            AccessKind::Granted | AccessKind::GrantedWithMfa | AccessKind::GrantedIfConditions
        )
    }
}

impl AccessChange {
    /// No change yet of `principal` in `account`: flags off, every list empty.
    pub fn new(account: &str, principal: String) -> AccessChange {
        AccessChange {
            account: account.to_string(),
            principal,
            broadens: false,
            narrows: false,
            sources: Vec::new(),
            summary: Vec::new(),
            granted: Vec::new(),
            revoked: Vec::new(),
            assumers: Vec::new(),
            not_evaluated: Vec::new(),
            sign_in_removed: Vec::new(),
        }
    }
}

/// One line of the summary: some actions on one resource pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessSummary {
    /// What happens to them.
    pub change: AccessKind,
    /// Resource pattern.
    pub resource: String,
    /// The actions in a few words: `all actions except iam, organizations, account`,
    /// `sts:AssumeRole`, `826 ec2 actions`, `52 actions of s3, sqs`.
    pub actions: String,
    /// How many actions.
    pub action_count: usize,
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
    /// Only when conditions other than MFA hold: a grant through Allows with
    /// conditions, or a revocation that leaves the actions allowed only under them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub conditional: bool,
    /// Only after signing in with MFA: a grant through Allows that test MFA or under a
    /// Deny without MFA (`require_mfa`), or a revocation that leaves the actions
    /// allowed only with MFA.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub only_with_mfa: bool,
}

/// The access changes that turning `actual` into `desired` makes, for every user and
/// role the manifests define, then for every Identity Center assignment (per assigned
/// account and principal). Principals whose access does not change are left out.
pub fn access_changes(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Vec<AccessChange> {
    let mut out = changes_to(desired, actual, |name| {
        desired.accounts.get(name).map(|account| &account.iam)
    });
    out.extend(permission_set_access_changes(desired, actual));
    out
}

/// [`access_changes`] when the accounts become `after` (by account name) rather than
/// what the manifests say: after only some of a plan's changes (`plan --target`). The
/// principals are those of `after`; an account missing from it does not change.
pub fn access_changes_to(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    after: &BTreeMap<String, AccountIam>,
) -> Vec<AccessChange> {
    let mut out = changes_to(desired, actual, |name| after.get(name));
    out.extend(permission_set_access_changes_to(desired, actual, after));
    out
}

/// The access changes of every declared account from `actual` to `after_of(account)`.
/// Principals are independent, so they are compared on all cores; each document is
/// parsed and each action list resolved once for all of them.
fn changes_to<'a>(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    after_of: impl Fn(&str) -> Option<&'a AccountIam>,
) -> Vec<AccessChange> {
    let mut out = Vec::new();
    let action_sets = ActionSetCache::default();
    let summaries = SummaryCache::default();
    let names: AccountNames = desired
        .accounts
        .iter()
        .map(|(name, a)| (a.config.id.clone(), name.clone()))
        .collect();
    for (account_name, account) in &desired.accounts {
        let empty = AccountIam::new(account.config.id.clone());
        let before = actual.get(account_name).unwrap_or(&empty);
        let Some(after) = after_of(account_name) else {
            continue;
        };
        // Reserved principals are never changed by a plan, so their access does not change.
        let principals: Vec<PrincipalRef> = after
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
            )
            .collect();
        let sides = Sides {
            desired,
            account_name,
            before,
            after,
            old: AccountPolicies::new(before),
            new: AccountPolicies::new(after),
            same: SameDocuments::new(before, after),
            names: &names,
            action_sets: &action_sets,
            summaries: &summaries,
        };
        let changes = crate::parallel::map_with(&principals, ResourceFits::default, |fits, p| {
            sides.change_of(p, fits)
        });
        out.extend(changes.into_iter().flatten());
    }
    out
}

/// One account before and after, with what its principals share.
struct Sides<'a> {
    desired: &'a DesiredState,
    account_name: &'a str,
    before: &'a AccountIam,
    after: &'a AccountIam,
    old: AccountPolicies<'a>,
    new: AccountPolicies<'a>,
    same: SameDocuments<'a>,
    names: &'a AccountNames,
    action_sets: &'a ActionSetCache,
    summaries: &'a SummaryCache,
}

impl Sides<'_> {
    /// How `principal`'s access changes; `None` when it does not.
    fn change_of(&self, principal: &PrincipalRef, fits: &mut ResourceFits) -> Option<AccessChange> {
        let (before, after) = (self.before, self.after);
        // Unchanged documents (most principals) are not parsed to be compared.
        let policies = (!self.same.of(principal)).then(|| {
            (
                self.old.policies_for(principal).unwrap_or_default(),
                self.new.policies_for(principal).unwrap_or_default(),
            )
        });
        let mut change = AccessChange::new(self.account_name, principal.to_string());
        if let Some((old, new)) = &policies
            && !same_policies(old, new)
        {
            let delta = grants_between_fitted(&old.policies, &new.policies, self.action_sets, fits);
            add_permissions(&mut change, delta, self.summaries);
            if !change.summary.is_empty() {
                change.sources = permission_sources(principal, before, after, old, new);
            }
        }
        if let PrincipalRef::Role(name) = principal {
            let trust_before = before.roles.get(name).map(|r| &r.trust_policy.0);
            let trust_after = after.roles.get(name).map(|r| &r.trust_policy.0);
            // Identical documents have identical assumers; most roles in a plan are so.
            if trust_before != trust_after {
                change.assumers = assumer_changes(trust_before, trust_after, self.names);
                if !change.assumers.is_empty() {
                    change
                        .sources
                        .extend(trust_sources(self.desired, self.account_name, name));
                }
            }
        }
        change.broadens = change.summary.iter().any(|s| s.change.grants())
            || change.assumers.iter().any(|a| a.broadens);
        change.narrows = change.summary.iter().any(|s| !s.change.grants())
            || change.assumers.iter().any(|a| a.narrows);
        if change.summary.is_empty() && change.assumers.is_empty() {
            return None;
        }
        change.not_evaluated = match policies {
            Some((_, new)) => new.unresolved,
            None => {
                self.new
                    .policies_for(principal)
                    .unwrap_or_default()
                    .unresolved
            }
        };
        Some(change)
    }
}

/// Same documents in the same roles (order aside): permissions cannot differ.
fn same_policies(a: &PrincipalPolicies, b: &PrincipalPolicies) -> bool {
    a.policies.len() == b.policies.len()
        && a.policies.iter().all(|p| {
            b.policies
                .iter()
                .any(|q| q.name == p.name && q.role == p.role && q.policy == p.policy)
        })
}

/// Fills the summary and the per-service lines from `delta`.
pub(super) fn add_permissions(
    change: &mut AccessChange,
    delta: AccessDelta,
    summaries: &SummaryCache,
) {
    let AccessDelta {
        granted,
        granted_with_mfa,
        granted_if_conditions,
        revoked,
        revoked_unless_mfa,
        revoked_unless_conditions,
    } = delta;
    let sets: [(AccessKind, Grants, GrantCondition); 6] = [
        (AccessKind::Granted, granted, GrantCondition::None),
        (
            AccessKind::GrantedWithMfa,
            granted_with_mfa,
            GrantCondition::Mfa,
        ),
        (
            AccessKind::GrantedIfConditions,
            granted_if_conditions,
            GrantCondition::Other,
        ),
        (AccessKind::Revoked, revoked, GrantCondition::None),
        (
            AccessKind::RevokedUnlessMfa,
            revoked_unless_mfa,
            GrantCondition::Mfa,
        ),
        (
            AccessKind::RevokedUnlessConditions,
            revoked_unless_conditions,
            GrantCondition::Other,
        ),
    ];
    for (kind, grants, condition) in sets {
        for (resource, actions) in &grants {
            let (actions, action_count) = summaries.breadth(actions);
            change.summary.push(AccessSummary {
                change: kind,
                resource: resource.clone(),
                actions,
                action_count,
            });
        }
        let lines = grants
            .iter()
            .flat_map(|(resource, actions)| summaries.lines(resource, actions, condition));
        if kind.grants() {
            change.granted.extend(lines);
        } else {
            change.revoked.extend(lines);
        }
    }
}

#[cfg(test)]
#[path = "access_change/tests.rs"]
mod tests;
