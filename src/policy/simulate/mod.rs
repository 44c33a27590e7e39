//! Local policy evaluation, following AWS's policy evaluation logic for one request
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
//! an explicit Deny in any policy wins; every level of service control policies must
//! allow; then, within one account, an Allow from an identity policy or from the
//! resource policy suffices, while a cross-account request needs both; permissions
//! boundaries and session policies cap identity grants and resource grants made to a
//! role (not to a session). The answer uses SimulateCustomPolicy's words: `allowed`,
//! `explicitDeny`, `implicitDeny`.

mod condition_eval;
mod date_time;
mod flow;
mod indexed;
mod ip_range;
mod pattern;
mod principal_match;
mod request;
mod statement_match;
mod variables;

use std::fmt;
use std::sync::Arc;

use super::document::{Effect, Policy, Statement};

pub use indexed::IndexedPolicies;
pub use request::{Context, Request};
pub use statement_match::{StatementMatch, action_matches, statement_applies};

/// Where a policy sits in the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyRole {
    /// Attached to (or inline in) the principal or its groups.
    Identity,
    /// The principal's permissions boundary: caps what identity policies can allow.
    Boundary,
    /// A session policy passed when the role session (or federated user) was created:
    /// caps the session's identity grants.
    Session,
    /// Attached to the resource; names principals.
    Resource,
    /// A service control policy of the principal's organization, at `level` (1 = the
    /// root, then each OU down to the account). Every level must allow.
    ServiceControl {
        /// 1-based level in the organization path.
        level: u16,
    },
    /// A resource control policy of the resource's organization. RCPFullAWSAccess is
    /// attached at every level and cannot be detached, so RCPs only deny.
    ResourceControl,
}

impl PolicyRole {
    /// The policy type as JSON names it: `identity`, `boundary`, `sessionPolicy`,
    /// `resource`, `scp`, `rcp`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRole::Identity => "identity",
            PolicyRole::Boundary => "boundary",
            PolicyRole::Session => "sessionPolicy",
            PolicyRole::Resource => "resource",
            PolicyRole::ServiceControl { .. } => "scp",
            PolicyRole::ResourceControl => "rcp",
        }
    }

    /// The order policy types take part in AWS's flow.
    fn flow_rank(self) -> u8 {
        match self {
            PolicyRole::ResourceControl => 0,
            PolicyRole::ServiceControl { .. } => 1,
            PolicyRole::Resource => 2,
            PolicyRole::Identity => 3,
            PolicyRole::Boundary => 4,
            PolicyRole::Session => 5,
        }
    }
}

impl serde::Serialize for PolicyRole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
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
    /// The policy's type.
    pub role: PolicyRole,
    /// For a service control policy, its level in the organization path (1 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u16>,
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
    /// For `explicitDeny`, the denying statements; for `allowed`, the allowing ones
    /// (the grant and every cap it passed); for `implicitDeny`, grants that a cap did
    /// not cover (often empty).
    pub statements: Vec<DecidingStatement>,
    /// One line on how the decision came about.
    pub reason: String,
    /// The policy types that took part, in AWS's evaluation order.
    #[serde(rename = "policyTypes")]
    pub policy_types: Vec<PolicyRole>,
    /// The principal and the resource are in different accounts.
    #[serde(rename = "crossAccount")]
    pub cross_account: bool,
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
    let mut evaluation = flow::decide(policies, request, action_hit);
    let mut types: Vec<PolicyRole> = Vec::new();
    for p in policies {
        if !types.iter().any(|t| t.as_str() == p.role.as_str()) {
            types.push(p.role);
        }
    }
    types.sort_by_key(|t| t.flow_rank());
    evaluation.policy_types = types;
    evaluation.cross_account = request.is_cross_account();
    evaluation
}

/// A `Policy` with no statements: an organization level that has no policy attached
/// (so allows nothing).
pub fn empty_policy() -> Policy {
    Policy {
        version: super::document::PolicyVersion::V2012_10_17,
        id: None,
        statements: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
