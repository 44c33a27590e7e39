//! `NotResource` and `NotPrincipal` in Allow statements: they grant everything but what
//! they list, including resources created and principals that appear later
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>).

use super::{Finding, LocatedStatement, Rule};
use crate::policy::PolicyKind;
use crate::policy::document::{Effect, PrincipalElement, ResourceList};

/// Checks one statement of a policy that grants (identity or resource-based policies;
/// boundaries and SCPs only cap, and the other kinds reject `NotPrincipal`).
pub(super) fn check_statement(
    located: &LocatedStatement<'_>,
    kind: PolicyKind,
    out: &mut Vec<Finding>,
) {
    let s = located.statement;
    if s.effect != Effect::Allow || !matches!(kind, PolicyKind::Identity | PolicyKind::Resource) {
        return;
    }
    if let Some(ResourceList::NotResource(_)) = &s.resource {
        out.push(
            Finding::new(
                Rule::AllowNotResource,
                located.path.key("NotResource"),
                "Allow with `NotResource` grants its actions on every resource but the listed ones, including resources created later",
            )
            .with_hint("list the resources in `Resource`, or turn the statement into a Deny"),
        );
    }
    if let Some(PrincipalElement::NotPrincipal(_)) = &s.principal {
        out.push(
            Finding::new(
                Rule::AllowNotPrincipal,
                located.path.key("NotPrincipal"),
                "Allow with `NotPrincipal` grants every principal but the listed ones, anonymous users included (AWS supports `NotPrincipal` only with Deny)",
            )
            .with_hint("name the principals in `Principal`, or deny with an `ArnNotEquals` condition on `aws:PrincipalArn`"),
        );
    }
}
