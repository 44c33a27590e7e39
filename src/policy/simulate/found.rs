//! The first pass of an evaluation: every statement that applies to the request, sorted
//! by what it can do in the decision (deny, allow per policy type, how a resource policy
//! names the principal).

use std::collections::BTreeMap;

use super::caller::Caller;
use super::principal_match::{Grant, principal_grant};
use super::statement_match::{StatementMatch, applies_beyond_action};
use super::{DecidingStatement, NamedPolicy, PolicyRole, Request};
use crate::policy::document::{Effect, PolicyVersion, Statement};

/// The statements that apply to one request.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// Deny statements of every policy type.
    pub denies: Vec<DecidingStatement>,
    /// Allows in identity-based policies.
    pub identity: Vec<DecidingStatement>,
    /// Allows in the permissions boundary.
    pub boundary: Vec<DecidingStatement>,
    /// Allows in the session policy.
    pub session: Vec<DecidingStatement>,
    /// Allows in SCPs, per level; every level given has an entry.
    pub scp_levels: BTreeMap<usize, Vec<DecidingStatement>>,
    /// Allows in the resource policy, with how each names the principal.
    pub resource: Vec<(Grant, DecidingStatement)>,
    /// The policy types given, in AWS's evaluation order, each once.
    pub policy_types: Vec<PolicyRole>,
    /// A permissions boundary was given.
    pub has_boundary: bool,
    /// A session policy was given.
    pub has_session_policy: bool,
}

impl Found {
    /// Resource-policy Allows that name the principal at least as `grant` does.
    pub fn resource_at_least(&self, grant: Grant) -> Vec<DecidingStatement> {
        self.resource
            .iter()
            .filter(|(g, _)| *g >= grant)
            .map(|(_, s)| s.clone())
            .collect()
    }

    /// Resource-policy Allows that name the principal exactly as `grant` does.
    pub fn resource_exactly(&self, grant: Grant) -> Vec<DecidingStatement> {
        self.resource
            .iter()
            .filter(|(g, _)| *g == grant)
            .map(|(_, s)| s.clone())
            .collect()
    }

    /// The SCP Allows of every level (each level allowed when this is asked).
    pub fn scp_allows(&self) -> Vec<DecidingStatement> {
        self.scp_levels.values().flatten().cloned().collect()
    }
}

/// Sorts the statements of `policies` that apply to `request`; `action_hit` tells
/// whether a statement's `Action`/`NotAction` covers the action (see `evaluate_with`).
pub(super) fn collect(
    policies: &[NamedPolicy],
    request: &Request,
    action_hit: impl Fn(usize, usize, &Statement) -> bool,
) -> Found {
    let caller = request.principal.as_deref().map(Caller::parse);
    let mut found = Found {
        has_boundary: policies.iter().any(|p| p.role == PolicyRole::Boundary),
        has_session_policy: policies.iter().any(|p| p.role == PolicyRole::Session),
        policy_types: policy_types(policies),
        ..Found::default()
    };
    for named in policies {
        if let PolicyRole::Scp(level) = named.role {
            found.scp_levels.entry(level).or_default();
        }
    }
    for (policy_index, named) in policies.iter().enumerate() {
        let variables = named.policy.version == PolicyVersion::V2012_10_17;
        for (index, statement) in named.policy.statements.iter().enumerate() {
            if !action_hit(policy_index, index, statement)
                || applies_beyond_action(statement, request, false, variables)
                    != StatementMatch::Applies
            {
                continue;
            }
            let grant = if named.role.names_principals() {
                principal_grant(
                    statement.principal.as_ref(),
                    statement.effect,
                    caller.as_ref(),
                    found.has_boundary,
                )
            } else {
                Grant::Direct
            };
            if grant == Grant::None {
                continue;
            }
            let deciding = DecidingStatement {
                policy: named.name.clone(),
                role: named.role,
                index,
                sid: statement.sid.clone(),
                effect: statement.effect,
            };
            match (statement.effect, named.role) {
                (Effect::Deny, _) => found.denies.push(deciding),
                (Effect::Allow, PolicyRole::Identity) => found.identity.push(deciding),
                (Effect::Allow, PolicyRole::Boundary) => found.boundary.push(deciding),
                (Effect::Allow, PolicyRole::Session) => found.session.push(deciding),
                (Effect::Allow, PolicyRole::Scp(level)) => {
                    found.scp_levels.entry(level).or_default().push(deciding);
                }
                (Effect::Allow, PolicyRole::Resource) => found.resource.push((grant, deciding)),
                // RCPs only deny: AWS attaches RCPFullAWSAccess at every level and it cannot
                // be detached, so an RCP level never lacks an Allow.
                (Effect::Allow, PolicyRole::Rcp(_)) => {}
            }
        }
    }
    found
}

/// The distinct policy types of `policies`, in AWS's evaluation order.
fn policy_types(policies: &[NamedPolicy]) -> Vec<PolicyRole> {
    let order = [
        PolicyRole::Scp(0),
        PolicyRole::Rcp(0),
        PolicyRole::Resource,
        PolicyRole::Identity,
        PolicyRole::Boundary,
        PolicyRole::Session,
    ];
    order
        .into_iter()
        .filter(|t| policies.iter().any(|p| p.role.as_str() == t.as_str()))
        .collect()
}
