//! The effective-access changes of IAM Identity Center: what each permission set grants
//! (its AWS-managed policies, its customer-managed references resolved in the assigned
//! account, its inline policy, under its permissions boundary), per assigned account and
//! principal, before and after the plan. Identity Center provisions a permission set as
//! a role in each account it is assigned in, so the grant is computed per account.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::access_change::{AccessChange, add_permissions};
use super::action_grants::grants_between_fitted;
use super::summary_cache::SummaryCache;
use crate::model::{
    AccountIam, Assignment, Boundary, CustomerPolicyRef, DesiredState, IdentityCenter,
    PermissionSet,
};
use crate::policy::aws_managed::AwsManagedPolicies;
use crate::policy::catalog::{ActionSetCache, ResourceFits};
use crate::policy::simulate::{NamedPolicy, PolicyRole};

/// One assignment's access per side: `None` when the assignment does not exist there.
type Side<'a> = Option<(&'a PermissionSet, &'a AccountIam)>;

/// The access changes of every assignment whose permission set, assignment or
/// referenced customer-managed policies change. `actual` is by account name.
pub fn permission_set_access_changes(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Vec<AccessChange> {
    changes_to(desired, actual, None)
}

/// [`permission_set_access_changes`] when the accounts become `after` (by account name,
/// each whole: a read with some of a plan's changes applied) rather than what the
/// manifests say (`plan --target`).
pub fn permission_set_access_changes_to(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    after: &BTreeMap<String, AccountIam>,
) -> Vec<AccessChange> {
    changes_to(desired, actual, Some(after))
}

fn changes_to(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    after_state: Option<&BTreeMap<String, AccountIam>>,
) -> Vec<AccessChange> {
    let names: BTreeMap<&str, &str> = desired
        .project
        .accounts
        .values()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let mut out = Vec::new();
    let cache = ActionSetCache::default();
    let summaries = SummaryCache::default();
    let mut fits = ResourceFits::default();
    let empty_center = IdentityCenter::default();
    for (holder, account) in &desired.accounts {
        let Some(declared) = &account.iam.identity_center else {
            continue;
        };
        let had = actual
            .get(holder)
            .and_then(|a| a.identity_center.as_ref())
            .unwrap_or(&empty_center);
        // The manifests' section leaves out what they do not declare; a state after
        // changes holds everything.
        let after = match after_state {
            None => after_plan(declared, had),
            Some(state) => match state.get(holder) {
                Some(iam) => after_plan(
                    iam.identity_center.as_ref().unwrap_or(&empty_center),
                    &empty_center,
                ),
                None => continue,
            },
        };
        let keys: BTreeSet<&Assignment> = had
            .assignments
            .iter()
            .chain(after.1.iter().copied())
            .collect();
        for assignment in keys {
            let Some(account_name) = names.get(assignment.account_id.as_str()) else {
                continue;
            };
            let iam_before = actual.get(*account_name);
            let iam_after = match after_state {
                None => desired.accounts.get(*account_name).map(|a| &a.iam),
                Some(state) => state.get(*account_name),
            };
            let before: Side = had
                .assignments
                .contains(assignment)
                .then(|| had.permission_sets.get(&assignment.permission_set))
                .flatten()
                .zip(iam_before);
            let after_side: Side = after
                .1
                .contains(assignment)
                .then(|| after.0.get(assignment.permission_set.as_str()).copied())
                .flatten()
                .zip(iam_after.or(iam_before));
            let old = grants_of(before, iam_before);
            let new = grants_of(after_side, iam_before);
            if same(&old, &new) {
                continue;
            }
            let principal = format!(
                "{} {} (permission set {})",
                assignment.principal_type.noun(),
                assignment.principal,
                assignment.permission_set
            );
            let mut change = AccessChange::new(account_name, principal);
            change.sources = sources(assignment, &before, &after_side, &old, &new);
            let delta = grants_between_fitted(&old.0, &new.0, &cache, &mut fits);
            add_permissions(&mut change, delta, &summaries);
            if change.summary.is_empty() {
                continue;
            }
            change.broadens = change.summary.iter().any(|s| s.change.grants());
            change.narrows = change.summary.iter().any(|s| !s.change.grants());
            change.not_evaluated = new.1;
            out.push(change);
        }
    }
    out
}

/// The permission sets (by name) and assignments once the plan is applied: the declared
/// ones, plus what was read of undeclared ones unless `prune` deletes them.
fn after_plan<'a>(
    want: &'a IdentityCenter,
    had: &'a IdentityCenter,
) -> (
    BTreeMap<&'a str, &'a PermissionSet>,
    BTreeSet<&'a Assignment>,
) {
    let declared = |name: &str| want.permission_sets.contains_key(name);
    let mut sets: BTreeMap<&str, &PermissionSet> = want
        .permission_sets
        .iter()
        .map(|(n, s)| (n.as_str(), s))
        .collect();
    let mut assignments: BTreeSet<&Assignment> = want.assignments.iter().collect();
    if !want.prune {
        sets.extend(
            had.permission_sets
                .iter()
                .filter(|(n, _)| !declared(n))
                .map(|(n, s)| (n.as_str(), s)),
        );
        assignments.extend(
            had.assignments
                .iter()
                .filter(|a| !declared(&a.permission_set)),
        );
    }
    (sets, assignments)
}

/// The named policies a permission set applies in an account, and the references whose
/// documents are not known (an AWS-managed policy newer than the bundled data, a
/// customer-managed policy the account does not hold). A customer-managed reference is
/// looked up in the account as it will be, then as it was read (a policy iamform does
/// not manage).
fn grants_of(side: Side, read: Option<&AccountIam>) -> (Vec<NamedPolicy>, Vec<String>) {
    let mut policies = Vec::new();
    let mut unresolved = Vec::new();
    let Some((set, iam)) = side else {
        return (policies, unresolved);
    };
    let aws = AwsManagedPolicies::builtin();
    let mut managed = |arn: &str, role: PolicyRole| match aws
        .by_arn(arn)
        .and_then(|p| Some((p.name, p.policy()?)))
    {
        Some((name, policy)) => policies.push(NamedPolicy {
            name: format!("AWS-managed policy {name}"),
            role,
            policy,
        }),
        None => unresolved.push(arn.to_string()),
    };
    for arn in &set.aws_managed_policies {
        managed(arn, PolicyRole::Identity);
    }
    if let Some(Boundary::ManagedPolicyArn(arn)) = &set.permissions_boundary {
        managed(arn, PolicyRole::Boundary);
    }
    let mut customer = |reference: &CustomerPolicyRef, role: PolicyRole| {
        let found = [Some(iam), read]
            .into_iter()
            .flatten()
            .find_map(|account| account.policies.get(&reference.name))
            .filter(|p| p.path == reference.path)
            .and_then(|p| crate::policy::parse(&p.document.0).ok());
        match found {
            Some(policy) => policies.push(NamedPolicy {
                name: format!("policy {}{}", reference.path, reference.name),
                role,
                policy: Arc::new(policy),
            }),
            None => unresolved.push(format!("{}{}", reference.path, reference.name)),
        }
    };
    for reference in &set.customer_managed_policies {
        customer(reference, PolicyRole::Identity);
    }
    if let Some(Boundary::CustomerManaged(reference)) = &set.permissions_boundary {
        customer(reference, PolicyRole::Boundary);
    }
    if let Some(doc) = &set.inline_policy
        && let Ok(policy) = crate::policy::parse(&doc.0)
    {
        policies.push(NamedPolicy {
            name: "inline policy".to_string(),
            role: PolicyRole::Identity,
            policy: Arc::new(policy),
        });
    }
    (policies, unresolved)
}

fn same(a: &(Vec<NamedPolicy>, Vec<String>), b: &(Vec<NamedPolicy>, Vec<String>)) -> bool {
    a.0.len() == b.0.len()
        && a.0.iter().all(|p| {
            b.0.iter()
                .any(|q| q.name == p.name && q.role == p.role && q.policy == p.policy)
        })
}

/// `new assignment of permission set Admin`, or the policies of the permission set that
/// change: `permission set Admin: new AWS-managed policy PowerUserAccess`.
fn sources(
    assignment: &Assignment,
    before: &Side,
    after: &Side,
    old: &(Vec<NamedPolicy>, Vec<String>),
    new: &(Vec<NamedPolicy>, Vec<String>),
) -> Vec<String> {
    let set = &assignment.permission_set;
    match (before, after) {
        (None, Some(_)) => return vec![format!("new assignment of permission set {set}")],
        (Some(_), None) => return vec![format!("ended assignment of permission set {set}")],
        _ => {}
    }
    let word = |p: &NamedPolicy| match p.role {
        PolicyRole::Boundary => format!("permissions boundary {}", p.name),
        _ => p.name.clone(),
    };
    let key = |p: &NamedPolicy| (p.name.clone(), p.role);
    let mut out = Vec::new();
    for p in &new.0 {
        match old.0.iter().find(|o| key(o) == key(p)) {
            None => out.push(format!("permission set {set}: new {}", word(p))),
            Some(o) if o.policy != p.policy => {
                out.push(format!("permission set {set}: changed {}", word(p)));
            }
            Some(_) => {}
        }
    }
    for p in old
        .0
        .iter()
        .filter(|o| !new.0.iter().any(|p| key(p) == key(o)))
    {
        out.push(format!("permission set {set}: removed {}", word(p)));
    }
    out
}

#[cfg(test)]
#[path = "permission_set_access_tests.rs"]
mod tests;
