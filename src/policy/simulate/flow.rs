//! The decision, in the order of AWS's evaluation flow
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html,
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html,
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html):
//!
//! 1. an applicable Deny in any policy: `explicitDeny`;
//! 2. RCPs: RCPFullAWSAccess allows at every level, so only their Denies count (step 1);
//! 3. SCPs: each level must have an applicable Allow;
//! 4. same account: a resource policy naming the caller exactly (its user or session
//!    ARN, `*`) allows on its own; otherwise the grant is an identity Allow or a
//!    resource Allow to the role (or user) behind the session, and it must lie inside
//!    the permissions boundary and the session policy. A resource policy naming the
//!    caller's account only delegates to the account's identity policies;
//! 5. cross-account: the identity side (identity Allow inside boundary and session
//!    policy) and the resource policy (naming the caller in any way) must both allow.

use std::collections::BTreeMap;

use super::principal_match::{Caller, PrincipalMatch};
use super::statement_match::{PrincipalCheck, applies_beyond_action};
use super::{DecidingStatement, Decision, Evaluation, NamedPolicy, PolicyRole, Request};
use crate::policy::document::{Effect, PolicyVersion, Statement};

/// The applicable statements, sorted by what they can do.
#[derive(Default)]
struct Applicable {
    denies: Vec<DecidingStatement>,
    identity: Vec<DecidingStatement>,
    boundary: Vec<DecidingStatement>,
    session: Vec<DecidingStatement>,
    /// Resource Allows naming the caller exactly.
    resource_exact: Vec<DecidingStatement>,
    /// Resource Allows naming the role (or user) behind the caller's session.
    resource_underlying: Vec<DecidingStatement>,
    /// Resource Allows naming the caller's account.
    resource_account: Vec<DecidingStatement>,
    /// SCP Allows per level; every level given has an entry.
    scp: BTreeMap<u16, Vec<DecidingStatement>>,
    has_boundary: bool,
    has_session: bool,
}

/// Evaluates, with `action_hit` telling whether a statement covers the action.
pub(super) fn decide(
    policies: &[NamedPolicy],
    request: &Request,
    action_hit: impl Fn(usize, usize, &Statement) -> bool,
) -> Evaluation {
    let caller = Caller::parse(request.principal.as_deref());
    let found = collect(policies, request, &caller, action_hit);
    let evaluation = |decision, statements, reason: String| Evaluation {
        decision,
        statements,
        reason,
        policy_types: Vec::new(),
        cross_account: false,
    };
    if !found.denies.is_empty() {
        return evaluation(
            Decision::ExplicitDeny,
            found.denies,
            "a Deny statement matches; an explicit deny overrides every allow".into(),
        );
    }
    let mut scp_allows = Vec::new();
    for (level, allows) in &found.scp {
        if allows.is_empty() {
            return evaluation(
                Decision::ImplicitDeny,
                Vec::new(),
                format!("no service control policy at level {level} allows the request"),
            );
        }
        scp_allows.extend(allows.iter().cloned());
    }
    let mut caps = Vec::new();
    caps.extend(found.boundary.iter().cloned());
    caps.extend(found.session.iter().cloned());
    caps.extend(scp_allows);
    if request.is_cross_account() {
        return cross_account(found, caps, request, evaluation);
    }
    if !found.resource_exact.is_empty() {
        let mut statements = found.resource_exact;
        statements.extend(caps.into_iter().filter(|s| s.level.is_some()));
        return evaluation(
            Decision::Allowed,
            statements,
            "the resource policy allows this principal".into(),
        );
    }
    let from_role = found.identity.is_empty() && !found.resource_underlying.is_empty();
    let cap = capped(&found);
    let mut grants = found.identity;
    grants.extend(found.resource_underlying);
    if grants.is_empty() {
        let reason: String = if found.resource_account.is_empty() {
            "no statement allows the request".into()
        } else {
            "the resource policy names the principal's account, which only delegates to \
             the account's identity policies, and none allows it"
                .into()
        };
        return evaluation(Decision::ImplicitDeny, Vec::new(), reason);
    }
    let granted_by = if from_role {
        "the resource policy allows the role behind this session"
    } else {
        "identity policies allow it"
    };
    if let Some(denied) = cap {
        return evaluation(
            Decision::ImplicitDeny,
            grants,
            format!("{granted_by}, but the {denied} does not"),
        );
    }
    let reason: String = match (found.has_boundary, found.has_session, from_role) {
        (false, false, false) => "an identity policy allows it".into(),
        (false, false, true) => granted_by.into(),
        (true, false, _) => format!("{granted_by} and the permissions boundary covers it"),
        (false, true, _) => format!("{granted_by} and the session policy covers it"),
        (true, true, _) => {
            format!("{granted_by} and the permissions boundary and session policy cover it")
        }
    };
    grants.extend(caps);
    evaluation(Decision::Allowed, grants, reason)
}

/// The cap (permissions boundary, session policy) that has no applicable Allow.
fn capped(found: &Applicable) -> Option<&'static str> {
    if found.has_boundary && found.boundary.is_empty() {
        Some("permissions boundary")
    } else if found.has_session && found.session.is_empty() {
        Some("session policy")
    } else {
        None
    }
}

/// Step 5: both sides must allow.
fn cross_account(
    found: Applicable,
    caps: Vec<DecidingStatement>,
    request: &Request,
    evaluation: impl Fn(Decision, Vec<DecidingStatement>, String) -> Evaluation,
) -> Evaluation {
    let accounts = format!(
        "cross-account request (principal in {}, resource in {})",
        request
            .principal
            .as_deref()
            .and_then(|p| Caller::parse(Some(p)).account())
            .unwrap_or("?"),
        request.resource_account.as_deref().unwrap_or("?"),
    );
    if found.identity.is_empty() {
        return evaluation(
            Decision::ImplicitDeny,
            Vec::new(),
            format!("{accounts}: no identity policy allows it, and both sides must"),
        );
    }
    if let Some(denied) = capped(&found) {
        return evaluation(
            Decision::ImplicitDeny,
            found.identity,
            format!("{accounts}: identity policies allow it, but the {denied} does not"),
        );
    }
    let mut resource = found.resource_exact;
    resource.extend(found.resource_underlying);
    resource.extend(found.resource_account);
    if resource.is_empty() {
        return evaluation(
            Decision::ImplicitDeny,
            found.identity,
            format!(
                "{accounts}: identity policies allow it, but no resource policy allows this principal"
            ),
        );
    }
    let mut statements = found.identity;
    statements.extend(caps);
    statements.extend(resource);
    evaluation(
        Decision::Allowed,
        statements,
        format!("{accounts}: both an identity policy and the resource policy allow it"),
    )
}

/// Tests every statement and sorts the applicable ones.
fn collect(
    policies: &[NamedPolicy],
    request: &Request,
    caller: &Caller<'_>,
    action_hit: impl Fn(usize, usize, &Statement) -> bool,
) -> Applicable {
    let mut found = Applicable {
        has_boundary: policies.iter().any(|p| p.role == PolicyRole::Boundary),
        has_session: policies.iter().any(|p| p.role == PolicyRole::Session),
        ..Applicable::default()
    };
    for named in policies {
        if let PolicyRole::ServiceControl { level } = named.role {
            found.scp.entry(level).or_default();
        }
    }
    let check = PrincipalCheck {
        caller,
        has_boundary: found.has_boundary,
    };
    for (policy_index, named) in policies.iter().enumerate() {
        let checks_principal = matches!(
            named.role,
            PolicyRole::Resource | PolicyRole::ResourceControl
        );
        let variables = named.policy.version == PolicyVersion::V2012_10_17;
        for (index, statement) in named.policy.statements.iter().enumerate() {
            if !action_hit(policy_index, index, statement) {
                continue;
            }
            let (matched, how) = applies_beyond_action(
                statement,
                request,
                checks_principal.then_some(check),
                variables,
            );
            if matched != super::StatementMatch::Applies {
                continue;
            }
            let level = match named.role {
                PolicyRole::ServiceControl { level } => Some(level),
                _ => None,
            };
            let deciding = DecidingStatement {
                policy: named.name.clone(),
                role: named.role,
                level,
                index,
                sid: statement.sid.clone(),
                effect: statement.effect,
            };
            let list = match (statement.effect, named.role) {
                (Effect::Deny, _) => &mut found.denies,
                (Effect::Allow, PolicyRole::Identity) => &mut found.identity,
                (Effect::Allow, PolicyRole::Boundary) => &mut found.boundary,
                (Effect::Allow, PolicyRole::Session) => &mut found.session,
                (Effect::Allow, PolicyRole::ServiceControl { level }) => {
                    found.scp.entry(level).or_default()
                }
                // RCPFullAWSAccess allows everywhere; an RCP Allow adds nothing.
                (Effect::Allow, PolicyRole::ResourceControl) => continue,
                (Effect::Allow, PolicyRole::Resource) => match how {
                    PrincipalMatch::Exact => &mut found.resource_exact,
                    PrincipalMatch::UnderlyingIdentity => &mut found.resource_underlying,
                    PrincipalMatch::Account => &mut found.resource_account,
                    PrincipalMatch::No => continue,
                },
            };
            list.push(deciding);
        }
    }
    found
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
