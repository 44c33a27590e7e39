//! The second pass of an evaluation: AWS's order over the statements that apply
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>):
//! explicit denies, SCPs, then within one account a resource policy naming the principal
//! or the identity side (identity policies inside the boundary and the session policy);
//! across accounts both the identity side and the resource policy.

use super::caller::{Caller, CallerKind};
use super::found::Found;
use super::principal_match::Grant;
use super::{DecidingStatement, Decision, Evaluation, NamedPolicy, PolicyRole, Request};

/// What the principal's own account allows, or why not (with the Allows that were found).
type Side = Result<(Vec<DecidingStatement>, String), (Vec<DecidingStatement>, String)>;

/// The decision from what applies.
pub(super) fn decide(found: &Found, request: &Request, policies: &[NamedPolicy]) -> Evaluation {
    let cross_account = request.is_cross_account();
    let done = |decision, statements, mut reason: String| {
        if decision == Decision::Allowed && !found.scp_levels.is_empty() {
            reason.push_str("; every SCP level allows it");
        }
        Evaluation {
            decision,
            statements,
            policy_types: found.policy_types.clone(),
            cross_account,
            reason,
        }
    };
    if !found.denies.is_empty() {
        return done(
            Decision::ExplicitDeny,
            found.denies.clone(),
            "a Deny statement matches; an explicit deny overrides every allow".into(),
        );
    }
    if let Some((level, _)) = found.scp_levels.iter().find(|(_, a)| a.is_empty()) {
        let names: Vec<&str> = policies
            .iter()
            .filter(|p| p.role == PolicyRole::Scp(*level))
            .map(|p| p.name.as_str())
            .collect();
        return done(
            Decision::ImplicitDeny,
            Vec::new(),
            format!(
                "no SCP at organization level {level} ({}) allows it; every SCP level must allow",
                names.join(", ")
            ),
        );
    }
    let caller = request.principal.as_deref().map(Caller::parse);
    let identity = identity_side(found, caller.as_ref());
    let with_scps = |statements: Vec<DecidingStatement>| {
        let mut all = found.scp_allows();
        all.extend(statements);
        all
    };
    if cross_account {
        let resource_account = request.resource_account.as_deref().unwrap_or("?");
        return match identity {
            Err((statements, why)) => done(
                Decision::ImplicitDeny,
                statements,
                format!("cross-account: {why}; the principal's account must allow it too"),
            ),
            Ok((statements, why)) => {
                let resource = found.resource_at_least(Grant::Account);
                if resource.is_empty() {
                    done(
                        Decision::ImplicitDeny,
                        statements,
                        format!(
                            "cross-account: {why}, but no resource policy statement of account {resource_account} allows this principal; both accounts must allow it"
                        ),
                    )
                } else {
                    let mut all = resource;
                    all.extend(statements);
                    done(
                        Decision::Allowed,
                        with_scps(all),
                        format!(
                            "cross-account: {why}, and the resource policy of account {resource_account} allows this principal"
                        ),
                    )
                }
            }
        };
    }
    let direct = found.resource_exactly(Grant::Direct);
    if !direct.is_empty() {
        return done(
            Decision::Allowed,
            with_scps(direct),
            "the resource policy names this principal itself, which grants access on its own within its account".into(),
        );
    }
    let role = found.resource_exactly(Grant::Role);
    let mut role_blocked = None;
    if !role.is_empty() {
        match role_limits(found) {
            Ok(limits) => {
                let mut all = role;
                all.extend(limits);
                return done(
                    Decision::Allowed,
                    with_scps(all),
                    "the resource policy names the principal's role, and the role's limits (boundary, session policy) allow it".into(),
                );
            }
            Err(limit) => role_blocked = Some((role, limit)),
        }
    }
    match identity {
        Ok((statements, why)) => done(Decision::Allowed, with_scps(statements), why),
        Err((statements, why)) => {
            if let Some((role, limit)) = role_blocked {
                return done(
                    Decision::ImplicitDeny,
                    role,
                    format!(
                        "the resource policy names the principal's role, but the {limit} does not allow it, and it limits grants made to a role ARN (not those made to the session ARN)"
                    ),
                );
            }
            let account = found.resource_exactly(Grant::Account);
            if found.identity.is_empty() && !account.is_empty() {
                return done(
                    Decision::ImplicitDeny,
                    account,
                    "the resource policy names only the principal's account, which leaves the decision to the account's identity-based policies, and none allows it".into(),
                );
            }
            let why = if found.identity.is_empty() {
                "no statement allows the request".to_string()
            } else {
                why
            };
            done(Decision::ImplicitDeny, statements, why)
        }
    }
}

/// The principal's own account: an identity-based Allow, inside the permissions boundary
/// and the session policy when there are any. The root user needs no identity policy.
fn identity_side(found: &Found, caller: Option<&Caller<'_>>) -> Side {
    if caller.is_some_and(|c| c.kind == CallerKind::Root) {
        return Ok((
            Vec::new(),
            "the account root user has full access within its account".into(),
        ));
    }
    if found.identity.is_empty() {
        return Err((Vec::new(), "no identity-based policy allows it".into()));
    }
    let mut statements = found.identity.clone();
    let mut why = String::from("an identity policy allows it");
    if found.has_boundary {
        if found.boundary.is_empty() {
            return Err((
                statements,
                "identity policies allow it, but the permissions boundary does not".into(),
            ));
        }
        statements.extend(found.boundary.iter().cloned());
        why.push_str(" inside the permissions boundary");
    }
    if found.has_session_policy {
        if found.session.is_empty() {
            return Err((
                statements,
                "identity policies allow it, but the session policy does not".into(),
            ));
        }
        statements.extend(found.session.iter().cloned());
        why.push_str(if found.has_boundary {
            " and the session policy"
        } else {
            " inside the session policy"
        });
    } else if caller.is_some_and(|c| c.kind == CallerKind::FederatedUser) {
        return Err((
            statements,
            "a federated user session has no permissions without a session policy".into(),
        ));
    }
    Ok((statements, why))
}

/// The Allows of the limits on a grant made to a role ARN (its boundary and the session
/// policy), or the limit that does not allow.
fn role_limits(found: &Found) -> Result<Vec<DecidingStatement>, &'static str> {
    let mut statements = Vec::new();
    if found.has_boundary {
        if found.boundary.is_empty() {
            return Err("permissions boundary");
        }
        statements.extend(found.boundary.iter().cloned());
    }
    if found.has_session_policy {
        if found.session.is_empty() {
            return Err("session policy");
        }
        statements.extend(found.session.iter().cloned());
    }
    Ok(statements)
}
