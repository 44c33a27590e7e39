//! Whether one statement applies to a request: action, resource, principal, conditions.

use super::condition_eval::conditions_hold;
use super::request::Request;
use super::variables::substitute_variables;
use crate::policy::catalog::glob::glob_matches;
use crate::policy::document::{ActionList, PrincipalElement, ResourceList, Statement};
use crate::policy::principal::{Principal, PrincipalType};

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
    /// A condition does not hold.
    ConditionFails,
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
    applies_beyond_action(statement, request, check_principal, variables)
}

/// [`statement_applies`] for a statement whose action is already known to match.
pub(super) fn applies_beyond_action(
    statement: &Statement,
    request: &Request,
    check_principal: bool,
    variables: bool,
) -> StatementMatch {
    if let Some(resources) = &statement.resource
        && !resource_matches(resources, request, variables)
    {
        return StatementMatch::OtherResource;
    }
    if check_principal
        && let Some(element) = &statement.principal
        && !principal_element_matches(element, request.principal.as_deref())
    {
        return StatementMatch::OtherPrincipal;
    }
    if !conditions_hold(&statement.condition, &request.context, variables) {
        return StatementMatch::ConditionFails;
    }
    StatementMatch::Applies
}

/// `Action` matches when any pattern does; `NotAction` when none does.
pub fn action_matches(list: &ActionList, action: &str) -> bool {
    let any = |patterns: &[String]| patterns.iter().any(|p| glob_matches(p, action, true));
    match list {
        ActionList::Action(p) => any(p),
        ActionList::NotAction(p) => !any(p),
    }
}

fn resource_matches(list: &ResourceList, request: &Request, variables: bool) -> bool {
    list.covers(|p| {
        let pattern = if variables {
            match substitute_variables(p, &request.context) {
                Some(s) => s,
                None => return false,
            }
        } else {
            std::borrow::Cow::Borrowed(p)
        };
        glob_matches(&pattern, &request.resource, false)
    })
}

fn principal_element_matches(element: &PrincipalElement, principal: Option<&str>) -> bool {
    match element {
        PrincipalElement::Principal(p) => principal_matches(p, principal),
        PrincipalElement::NotPrincipal(p) => !principal_matches(p, principal),
    }
}

/// True when `principal` (an ARN or service name) is among those named. An account
/// (`123456789012` or its `:root` ARN) covers every principal of that account.
pub(crate) fn principal_matches(named: &Principal, principal: Option<&str>) -> bool {
    let Principal::Typed(map) = named else {
        return true;
    };
    let Some(caller) = principal else {
        return map
            .get(&PrincipalType::Aws)
            .is_some_and(|v| v.iter().any(|x| x == "*"));
    };
    map.iter().any(|(kind, values)| {
        values.iter().any(|v| match kind {
            PrincipalType::Aws => {
                v == "*"
                    || v == caller
                    || account_of(v).is_some_and(|acct| arn_account(caller) == Some(acct))
            }
            _ => v == caller,
        })
    })
}

/// The account an AWS principal value stands for as a whole: a bare id or a root ARN.
fn account_of(value: &str) -> Option<&str> {
    if crate::arn::is_account_id(value) {
        return Some(value);
    }
    value
        .strip_prefix("arn:")
        .and_then(|_| value.strip_suffix(":root"))
        .and_then(|v| v.rsplit(':').next())
}

fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}
