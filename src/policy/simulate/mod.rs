//! Local policy evaluation, following AWS's policy evaluation logic for one request
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>):
//! an explicit Deny in any policy wins; every SCP level must allow; within one account an
//! Allow in the identity-based policies (inside the boundary and the session policy) or
//! a resource policy naming the principal suffices, across accounts both sides must
//! allow. The answer uses SimulateCustomPolicy's words: `allowed`, `explicitDeny`,
//! `implicitDeny`.

mod caller;
mod condition_eval;
mod date_time;
mod decide;
mod found;
mod indexed;
mod ip_range;
mod principal_match;
mod request;
mod resource_policy;
mod statement_match;
mod variables;
mod without_permissions;

use std::fmt;
use std::sync::Arc;

use super::document::{Effect, Policy, Statement};

pub use indexed::IndexedPolicies;
pub use request::{Context, Request, account_in_arn};
pub use resource_policy::parse_resource_policy;
pub use statement_match::{StatementMatch, action_matches, statement_applies};
pub use without_permissions::{
    WITHOUT_PERMISSIONS, actions_without_permissions, needs_no_permissions,
};

/// Where a policy sits in the evaluation: its policy type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyRole {
    /// A service control policy attached at organization level `0, 1, …` (root, OUs,
    /// the account): limits the principal's account; never grants.
    Scp(usize),
    /// A resource control policy at organization level `0, 1, …`: limits the resource's
    /// account; never grants.
    Rcp(usize),
    /// Attached to the resource; names principals.
    Resource,
    /// Attached to (or inline in) the principal or its groups.
    Identity,
    /// The principal's permissions boundary: caps what identity policies can allow.
    Boundary,
    /// Passed when the session was created: caps what identity policies can allow.
    Session,
}

impl PolicyRole {
    /// `scp`, `rcp`, `resource`, `identity`, `boundary` or `session`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRole::Scp(_) => "scp",
            PolicyRole::Rcp(_) => "rcp",
            PolicyRole::Resource => "resource",
            PolicyRole::Identity => "identity",
            PolicyRole::Boundary => "boundary",
            PolicyRole::Session => "session",
        }
    }

    /// True for the types whose statements name principals (resource policies, RCPs).
    pub fn names_principals(self) -> bool {
        matches!(self, PolicyRole::Resource | PolicyRole::Rcp(_))
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
    /// Nothing allows it, or a policy type that must also allow does not.
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
    /// For `explicitDeny`, the denying statements; for `allowed`, the allowing ones of
    /// every policy type that had to allow; for `implicitDeny`, the Allows that were not
    /// enough (often none).
    pub statements: Vec<DecidingStatement>,
    /// The policy types that took part, in AWS's evaluation order, each once.
    #[serde(rename = "policyTypes")]
    pub policy_types: Vec<PolicyRole>,
    /// True when the principal's and the resource's accounts differ.
    #[serde(rename = "crossAccount")]
    pub cross_account: bool,
    /// One line on how the decision came about.
    pub reason: String,
}

/// Evaluates `request` against `policies` (every policy type of the request: identity,
/// boundary, session, SCPs, RCPs, the resource policy).
pub fn evaluate(policies: &[NamedPolicy], request: &Request) -> Evaluation {
    evaluate_with(policies, request, |_, _, statement| {
        action_matches(&statement.action, &request.action)
    })
}

/// The evaluation, with `action_hit(policy index, statement index, statement)` telling
/// whether a statement's `Action`/`NotAction` covers the request's action. An action
/// that needs no permissions is allowed before any policy is read.
fn evaluate_with(
    policies: &[NamedPolicy],
    request: &Request,
    action_hit: impl Fn(usize, usize, &Statement) -> bool,
) -> Evaluation {
    if let Some(evaluation) = without_permissions::allowed_without_permissions(request) {
        return evaluation;
    }
    decide::decide(
        &found::collect(policies, request, action_hit),
        request,
        policies,
    )
}

#[cfg(test)]
mod account_tests;
#[cfg(test)]
mod policy_type_tests;
#[cfg(test)]
mod tests;
