//! What causes a principal's access change, for the reviewer: the policies added,
//! removed or changed, the group memberships begun or ended, the trust policy and the
//! links that write it.

use std::collections::BTreeSet;

use crate::model::{AccountIam, DesiredState};
use crate::policy::simulate::{NamedPolicy, PolicyRole};

use super::principal_policies::{PrincipalPolicies, PrincipalRef};

/// The policy and membership changes behind a change of `principal`'s permissions.
pub(super) fn permission_sources(
    principal: &PrincipalRef,
    before: &AccountIam,
    after: &AccountIam,
    old: &PrincipalPolicies,
    new: &PrincipalPolicies,
) -> Vec<String> {
    let mut out = Vec::new();
    // Policies that come with a joined or left group are told by the membership.
    let mut through_groups: BTreeSet<String> = BTreeSet::new();
    if let PrincipalRef::User(name) = principal {
        let groups = |account: &AccountIam| -> BTreeSet<String> {
            account
                .users
                .get(name)
                .map(|u| u.groups.iter().cloned().collect())
                .unwrap_or_default()
        };
        let (was, is) = (groups(before), groups(after));
        for (side, group, word) in is
            .difference(&was)
            .map(|g| (after, g, "new"))
            .chain(was.difference(&is).map(|g| (before, g, "ended")))
        {
            out.push(format!("{word} membership of group {group}"));
            through_groups.extend(group_policy_names(side, group));
        }
    }
    let key = |p: &NamedPolicy| (p.name.clone(), p.role);
    for p in &new.policies {
        match old.policies.iter().find(|o| key(o) == key(p)) {
            None => out.push(format!("new {}", named(p))),
            Some(o) if o.policy != p.policy => out.push(format!("changed {}", named(p))),
            Some(_) => continue,
        }
    }
    for p in old
        .policies
        .iter()
        .filter(|o| !new.policies.iter().any(|p| key(p) == key(o)))
    {
        out.push(format!("removed {}", named(p)));
    }
    out.retain(|s| {
        !through_groups
            .iter()
            .any(|name| s.ends_with(&format!(" {name}")))
    });
    out
}

/// The trust policy, and the links whose trust half it holds.
pub(super) fn trust_sources(desired: &DesiredState, account: &str, role: &str) -> Vec<String> {
    let mut out = vec!["trust policy".to_string()];
    out.extend(
        desired
            .links
            .iter()
            .filter(|l| l.to_account == account && l.role == role)
            .map(|l| format!("link {}", l.name)),
    );
    out
}

/// `inline policy logs of user ci-bot`, `AWS-managed policy PowerUserAccess`, …
fn named(p: &NamedPolicy) -> String {
    let name = match p.name.split_once(" / inline ") {
        Some((owner, inline)) => format!("inline policy {inline} of {owner}"),
        None => p.name.clone(),
    };
    match p.role {
        PolicyRole::Boundary => format!("{name} (permissions boundary)"),
        _ => name,
    }
}

/// How [`super::principal_policies`] names the policies a group brings.
fn group_policy_names(account: &AccountIam, group: &str) -> Vec<String> {
    let Some(g) = account.groups.get(group) else {
        return Vec::new();
    };
    let inline = g
        .inline_policies
        .keys()
        .map(|n| format!("inline policy {n} of group {group}"));
    let attached = g.managed_policies.iter().flat_map(|arn| {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        [
            format!("policy {name}"),
            format!("AWS-managed policy {name}"),
        ]
    });
    inline.chain(attached).collect()
}
