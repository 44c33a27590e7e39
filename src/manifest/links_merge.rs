//! Writes resolved links into the desired accounts: trust statements appended to each
//! target role (after the role's own `trust`), the link's session duration, and a grant
//! policy `iamform-link-<to account>-<role>` on every source principal.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{DesiredAccount, EntityKind, EntityRef, Link, PolicyDocument};

use super::entity_index::ManifestIndex;
use super::links::ResolvedLink;
use super::policy_check::{
    GROUP_INLINE_LIMIT, ROLE_INLINE_LIMIT, TRUST_POLICY_LIMIT, USER_INLINE_LIMIT, check_size,
    policy_size,
};

/// The grant a link puts on each source: `sts:AssumeRole` on the target role. MFA and
/// external id are enforced by the trust statement, so the grant needs no conditions.
pub fn grant_document(role_arn: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": role_arn
        }]
    })
}

/// Adds both halves of every link to `accounts`, reporting conflicts. `ended` are the
/// links whose `expires:` passed: a role they leave trusting nobody is closed instead.
pub fn merge_links(
    links: &[ResolvedLink],
    ended: &[Link],
    index: &ManifestIndex<'_>,
    accounts: &mut BTreeMap<String, DesiredAccount>,
    sink: &mut Vec<Diagnostic>,
) {
    // Which link set a role's session duration, and which link wrote each grant.
    let mut durations: BTreeMap<(String, String), (u32, Span)> = BTreeMap::new();
    let mut grants: BTreeMap<(String, EntityRef, String), &str> = BTreeMap::new();
    let mut touched: BTreeMap<(String, String), Span> = BTreeMap::new();
    // Each source that got a grant, and the first link that wrote one.
    let mut granted: BTreeMap<(String, EntityRef), Span> = BTreeMap::new();
    for r in links {
        let l = &r.link;
        let Some(target) = accounts.get_mut(&l.to_account) else {
            continue;
        };
        // A role that failed to resolve is already reported; its link adds nothing.
        let Some(role) = target.iam.roles.get_mut(&l.role) else {
            continue;
        };
        append_statements(&mut role.trust_policy, &r.trust_statements);
        touched
            .entry((l.to_account.clone(), l.role.clone()))
            .or_insert_with(|| r.at.clone());
        if let Some(d) = &r.max_session_duration {
            let key = (l.to_account.clone(), l.role.clone());
            let own = index.accounts[&l.to_account]
                .roles
                .get(&l.role)
                .and_then(|def| def.spec.max_session_duration.as_ref());
            let earlier = own
                .map(|o| (o.value.0, o.span.clone()))
                .or_else(|| durations.get(&key).cloned());
            match earlier {
                Some((seconds, at)) if seconds != d.value.0 => sink.push(
                    Diagnostic::error(
                        Some(d.span.clone()),
                        format!(
                            "link `{}` sets max_session_duration of role `{}` in account `{}` to {}s, but it is already {seconds}s",
                            l.name, l.role, l.to_account, d.value.0
                        ),
                    )
                    .with_related(at, "set here")
                    .with_help("give the role one maximum session duration: remove one of the two, or make them equal"),
                ),
                _ => {
                    role.max_session_duration = d.value.0;
                    durations.insert(key, (d.value.0, d.span.clone()));
                }
            }
        }
        let grant_name = l.grant_policy_name();
        let document = PolicyDocument(grant_document(&r.role_arn));
        let Some(source) = accounts.get_mut(&l.from_account) else {
            continue;
        };
        for principal in &l.sources {
            let policies = match principal.kind {
                EntityKind::User => source
                    .iam
                    .users
                    .get_mut(&principal.name)
                    .map(|u| &mut u.inline_policies),
                EntityKind::Group => source
                    .iam
                    .groups
                    .get_mut(&principal.name)
                    .map(|g| &mut g.inline_policies),
                _ => source
                    .iam
                    .roles
                    .get_mut(&principal.name)
                    .map(|r| &mut r.inline_policies),
            };
            let Some(policies) = policies else { continue };
            let key = (
                l.from_account.clone(),
                principal.clone(),
                grant_name.clone(),
            );
            if let Some(other) = grants.get(&key) {
                sink.push(
                    Diagnostic::error(
                        Some(r.at.clone()),
                        format!(
                            "links `{other}` and `{}` both let {principal} in account `{}` assume role `{}` in account `{}`",
                            l.name, l.from_account, l.role, l.to_account
                        ),
                    )
                    .with_help("keep one link per source and target role"),
                );
                continue;
            }
            if policies.contains_key(&grant_name) {
                sink.push(
                    Diagnostic::error(
                        Some(r.at.clone()),
                        format!(
                            "{principal} in account `{}` already has an inline policy `{grant_name}`, which link `{}` writes",
                            l.from_account, l.name
                        ),
                    )
                    .with_help("rename that inline policy; `iamform-link-` names belong to links"),
                );
                continue;
            }
            grants.insert(key, &l.name);
            policies.insert(grant_name.clone(), document.clone());
            granted
                .entry((l.from_account.clone(), principal.clone()))
                .or_insert_with(|| r.at.clone());
        }
    }
    for ((account, principal), at) in granted {
        check_inline_total(&accounts[&account], &account, &principal, &at, sink);
    }
    report_roles_trusting_nobody(index, ended, accounts, sink);
    for ((account, role), at) in touched {
        let trust = &accounts[&account].iam.roles[&role].trust_policy;
        sink.extend(check_size(
            policy_size(&trust.0),
            TRUST_POLICY_LIMIT,
            &at,
            &format!("trust policy of role `{role}` with its links"),
            "merge links into fewer statements, or request a higher \"Role trust policy length\" quota (up to 4096)",
        ));
    }
}

/// IAM bounds all inline policies of a principal together, grants included: a source
/// linked to many accounts (a link with an `accounts:` target) can cross it, which is
/// an error at the link rather than at apply
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>).
fn check_inline_total(
    account: &DesiredAccount,
    name: &str,
    principal: &EntityRef,
    at: &Span,
    sink: &mut Vec<Diagnostic>,
) {
    let iam = &account.iam;
    let (policies, limit) = match principal.kind {
        EntityKind::User => (
            iam.users.get(&principal.name).map(|u| &u.inline_policies),
            USER_INLINE_LIMIT,
        ),
        EntityKind::Group => (
            iam.groups.get(&principal.name).map(|g| &g.inline_policies),
            GROUP_INLINE_LIMIT,
        ),
        _ => (
            iam.roles.get(&principal.name).map(|r| &r.inline_policies),
            ROLE_INLINE_LIMIT,
        ),
    };
    let Some(policies) = policies else { return };
    let total = policies.values().map(|d| policy_size(&d.0)).sum();
    sink.extend(check_size(
        total,
        limit,
        at,
        &format!("inline policies of {principal} in account `{name}` with its link grants"),
        "link the source to fewer accounts (narrow the `to` selector), or link a role, whose inline policies may be larger",
    ));
}

/// IAM rejects a trust policy without statements: a role with `trust: []` needs a link.
/// When its links have all expired, its trust denies `sts:AssumeRole` to everyone: the
/// access they gave ends, and the role stays until it expires or is removed itself.
fn report_roles_trusting_nobody(
    index: &ManifestIndex<'_>,
    ended: &[Link],
    accounts: &mut BTreeMap<String, DesiredAccount>,
    sink: &mut Vec<Diagnostic>,
) {
    for (account, defined) in &index.accounts {
        for (name, d) in &defined.roles {
            let Some(role) = accounts
                .get_mut(account)
                .and_then(|a| a.iam.roles.get_mut(name))
            else {
                continue;
            };
            let empty = matches!(role.trust_policy.0.get("Statement"), Some(Value::Array(s)) if s.is_empty());
            let closed = ended
                .iter()
                .any(|l| &l.to_account == account && &l.role == name);
            if empty && closed {
                append_statements(&mut role.trust_policy, &[closed_statement()]);
            } else if empty {
                sink.push(
                    Diagnostic::error(
                        Some(d.name.span.clone()),
                        format!("role `{name}` in account `{account}` trusts nobody: its `trust` is empty and no link targets it"),
                    )
                    .with_help("add a `trust` entry, or a link with `to: {account: ACCOUNT, role: ROLE}`"),
                );
            }
        }
    }
}

/// The trust statement of a role whose links all expired: nobody may assume it (an
/// explicit deny wins over any allow:
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
fn closed_statement() -> Value {
    json!({
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "sts:AssumeRole"
    })
}

/// Appends `statements` to a trust document, turning a single-object `Statement` into a list.
fn append_statements(trust: &mut PolicyDocument, statements: &[Value]) {
    let Value::Object(doc) = &mut trust.0 else {
        return;
    };
    let list = match doc.remove("Statement") {
        Some(Value::Array(items)) => items,
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut list = list;
    list.extend(statements.iter().cloned());
    doc.insert("Statement".into(), Value::Array(list));
}
