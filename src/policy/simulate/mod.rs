//! Local policy evaluation, following AWS's policy evaluation logic for one request:
//! an explicit Deny anywhere wins; otherwise the request needs an Allow from an identity
//! policy (inside the permissions boundary, when there is one) or from the resource
//! policy. The answer uses SimulateCustomPolicy's words: `allowed`, `explicitDeny`,
//! `implicitDeny`.

mod condition_eval;
mod date_time;
mod indexed;
mod ip_range;
mod request;
mod statement_match;
mod variables;

use std::fmt;
use std::sync::Arc;

use super::document::{Effect, Policy, PolicyVersion, Statement};

pub use indexed::IndexedPolicies;
pub use request::{Context, Request};
pub use statement_match::{StatementMatch, action_matches, statement_applies};
pub use variables::substitute_variables;

/// Where a policy sits in the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyRole {
    /// Attached to (or inline in) the principal or its groups.
    Identity,
    /// The principal's permissions boundary: caps what identity policies can allow.
    Boundary,
    /// Attached to the resource; names principals.
    Resource,
}

/// A policy document with a name for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPolicy {
    /// How reports name it (a file name, `group developers / policy app-deploy`, …).
    pub name: String,
    /// Its role in the evaluation.
    pub role: PolicyRole,
    /// The parsed document, shared: AWS-managed documents are large and the same for
    /// every principal they are attached to.
    pub policy: Arc<Policy>,
}

/// The outcome, in SimulateCustomPolicy's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Decision {
    /// Some policy allows it and nothing denies it.
    #[serde(rename = "allowed")]
    Allowed,
    /// A Deny statement matches.
    #[serde(rename = "explicitDeny")]
    ExplicitDeny,
    /// Nothing allows it (or the boundary does not).
    #[serde(rename = "implicitDeny")]
    ImplicitDeny,
}

impl Decision {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statement that took part in the decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecidingStatement {
    /// The policy's name.
    pub policy: String,
    /// The policy's role.
    pub role: PolicyRole,
    /// 0-based index of the statement.
    pub index: usize,
    /// Its `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Its effect.
    #[serde(serialize_with = "serialize_effect")]
    pub effect: Effect,
}

fn serialize_effect<S: serde::Serializer>(e: &Effect, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_str())
}

/// The decision and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// For `explicitDeny`, the denying statements; for `allowed`, the allowing ones;
    /// for `implicitDeny`, identity allows the boundary did not cover (often empty).
    pub statements: Vec<DecidingStatement>,
    /// One line on how the decision came about.
    pub reason: String,
}

/// Evaluates `request` against `policies`.
pub fn evaluate(policies: &[NamedPolicy], request: &Request) -> Evaluation {
    evaluate_with(policies, request, |_, _, statement| {
        action_matches(&statement.action, &request.action)
    })
}

/// The evaluation, with `action_hit(policy index, statement index, statement)` telling
/// whether a statement's `Action`/`NotAction` covers the request's action.
fn evaluate_with(
    policies: &[NamedPolicy],
    request: &Request,
    action_hit: impl Fn(usize, usize, &Statement) -> bool,
) -> Evaluation {
    let mut denies = Vec::new();
    let mut identity_allows = Vec::new();
    let mut boundary_allows = Vec::new();
    let mut resource_allows = Vec::new();
    let has_boundary = policies.iter().any(|p| p.role == PolicyRole::Boundary);
    for (policy_index, named) in policies.iter().enumerate() {
        let check_principal = named.role == PolicyRole::Resource;
        for (index, statement) in named.policy.statements.iter().enumerate() {
            let variables = named.policy.version == PolicyVersion::V2012_10_17;
            if !action_hit(policy_index, index, statement)
                || statement_match::applies_beyond_action(
                    statement,
                    request,
                    check_principal,
                    variables,
                ) != StatementMatch::Applies
            {
                continue;
            }
            let found = DecidingStatement {
                policy: named.name.clone(),
                role: named.role,
                index,
                sid: statement.sid.clone(),
                effect: statement.effect,
            };
            match (statement.effect, named.role) {
                (Effect::Deny, _) => denies.push(found),
                (Effect::Allow, PolicyRole::Identity) => identity_allows.push(found),
                (Effect::Allow, PolicyRole::Boundary) => boundary_allows.push(found),
                (Effect::Allow, PolicyRole::Resource) => resource_allows.push(found),
            }
        }
    }
    if !denies.is_empty() {
        return Evaluation {
            decision: Decision::ExplicitDeny,
            statements: denies,
            reason: "a Deny statement matches; an explicit deny overrides every allow".into(),
        };
    }
    // A resource policy that names the principal grants access on its own (same
    // account); identity allows count only inside the boundary.
    if !resource_allows.is_empty() {
        return Evaluation {
            decision: Decision::Allowed,
            statements: resource_allows,
            reason: "the resource policy allows this principal".into(),
        };
    }
    if identity_allows.is_empty() {
        return Evaluation {
            decision: Decision::ImplicitDeny,
            statements: Vec::new(),
            reason: "no statement allows the request".into(),
        };
    }
    if has_boundary && boundary_allows.is_empty() {
        return Evaluation {
            decision: Decision::ImplicitDeny,
            statements: identity_allows,
            reason: "identity policies allow it, but the permissions boundary does not".into(),
        };
    }
    let mut statements = identity_allows;
    statements.extend(boundary_allows);
    Evaluation {
        decision: Decision::Allowed,
        statements,
        reason: if has_boundary {
            "identity policies allow it and the permissions boundary covers it".into()
        } else {
            "an identity policy allows it".into()
        },
    }
}

#[cfg(test)]
mod tests;
