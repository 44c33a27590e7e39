//! Whether one statement applies to a request: action, resource, principal, conditions.

use super::condition_eval::conditions_hold;
use super::principal_match::{Caller, PrincipalMatch, principal_match};
use super::request::Request;
use super::variables::resolve;
use crate::policy::catalog_glob::glob_matches;
use crate::policy::document::{ActionList, Effect, PrincipalElement, ResourceList, Statement};

/// How a statement relates to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementMatch {
    /// Every element matches: its effect applies.
    Applies,
    /// The action is not covered.
    OtherAction,
    /// The action is covered but not the resource.
    OtherResource,
    /// The principal is not covered (resource policies).
    OtherPrincipal,
    /// A resource-policy statement without `Principal` or `NotPrincipal`: IAM rejects
    /// it, so it never applies (it does not mean "everyone").
    MissingPrincipal,
    /// A condition does not hold.
    ConditionFails,
}

/// What a resource-policy statement is checked against: who calls, and whether a
/// permissions boundary is attached to the caller (`NotPrincipal` with `Deny` then
/// denies every IAM principal).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PrincipalCheck<'a> {
    /// The caller.
    pub caller: &'a Caller<'a>,
    /// A permissions boundary takes part.
    pub has_boundary: bool,
}

/// Tests `statement` against `request`. `check_principal` is for resource policies;
/// `variables` is false for 2008-10-17 documents, where `${…}` is literal text.
pub fn statement_applies(
    statement: &Statement,
    request: &Request,
    check_principal: bool,
    variables: bool,
) -> StatementMatch {
    if !action_matches(&statement.action, &request.action) {
        return StatementMatch::OtherAction;
    }
    let caller = Caller::parse(request.principal.as_deref());
    let check = check_principal.then_some(PrincipalCheck {
        caller: &caller,
        has_boundary: false,
    });
    applies_beyond_action(statement, request, check, variables).0
}

/// [`statement_applies`] for a statement whose action is already known to match; also
/// tells how the principal was named (`Exact` when no principal is checked).
pub(super) fn applies_beyond_action(
    statement: &Statement,
    request: &Request,
    principal: Option<PrincipalCheck<'_>>,
    variables: bool,
) -> (StatementMatch, PrincipalMatch) {
    if let Some(resources) = &statement.resource
        && !resource_matches(resources, request, variables)
    {
        return (StatementMatch::OtherResource, PrincipalMatch::No);
    }
    let named = match principal {
        None => PrincipalMatch::Exact,
        Some(check) => match principal_element_match(statement, check) {
            Ok(PrincipalMatch::No) => return (StatementMatch::OtherPrincipal, PrincipalMatch::No),
            Ok(m) => m,
            Err(missing) => return (missing, PrincipalMatch::No),
        },
    };
    if !conditions_hold(&statement.condition, &request.context, variables) {
        return (StatementMatch::ConditionFails, PrincipalMatch::No);
    }
    (StatementMatch::Applies, named)
}

/// `Action` matches when any pattern does; `NotAction` when none does.
pub fn action_matches(list: &ActionList, action: &str) -> bool {
    let any = |patterns: &[String]| patterns.iter().any(|p| glob_matches(p, action, true));
    match list {
        ActionList::Action(p) => any(p),
        ActionList::NotAction(p) => !any(p),
    }
}

/// `Resource` matches when a pattern does; `NotResource` when none does. A pattern
/// whose variable does not resolve matches nothing, and makes a `NotResource`
/// statement not apply at all: an unresolved variable invalidates the statement
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
fn resource_matches(list: &ResourceList, request: &Request, variables: bool) -> bool {
    let mut unresolved = false;
    let any = list.patterns().iter().any(|p| {
        if !variables || !p.contains("${") {
            return glob_matches(p, &request.resource, false);
        }
        match resolve(p, &request.context, variables) {
            Some(pattern) => pattern.matches(&request.resource, false),
            None => {
                unresolved = true;
                false
            }
        }
    });
    match list {
        ResourceList::Resource(_) => any,
        ResourceList::NotResource(_) => !any && !unresolved,
    }
}

/// How the statement's `Principal`/`NotPrincipal` names the caller.
/// `NotPrincipal` excepts the caller when the list names it in any way (its ARN, its
/// role's ARN, its account): the AWS page says a check "might" also look at the
/// account and the role, and we read that as "naming any of them excepts the caller",
/// as the open evaluators do. One rule is stated outright: with `Deny`, `NotPrincipal`
/// denies every IAM principal that has a permissions boundary, whatever it lists
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
fn principal_element_match(
    statement: &Statement,
    check: PrincipalCheck<'_>,
) -> Result<PrincipalMatch, StatementMatch> {
    match &statement.principal {
        None => Err(StatementMatch::MissingPrincipal),
        Some(PrincipalElement::Principal(p)) => Ok(principal_match(p, check.caller)),
        Some(PrincipalElement::NotPrincipal(p)) => {
            let boundary_denies = statement.effect == Effect::Deny
                && check.has_boundary
                && check.caller.is_iam_identity();
            let excepted = principal_match(p, check.caller) != PrincipalMatch::No;
            Ok(if excepted && !boundary_denies {
                PrincipalMatch::No
            } else {
                PrincipalMatch::Exact
            })
        }
    }
}
