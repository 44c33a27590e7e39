//! Whether one statement applies to a request: action, resource, principal, conditions.

use super::caller::Caller;
use super::condition_eval::conditions_hold;
use super::principal_match::{Grant, principal_grant};
use super::request::Request;
use super::variables::substitute_variables;
use crate::policy::catalog::glob::glob_matches;
use crate::policy::document::{ActionList, ResourceList, Statement};

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

/// Tests `statement` against `request`. `check_principal` is for resource-based policies
/// (a statement naming no principal covers nobody there);
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
    if check_principal {
        let caller = request.principal.as_deref().map(Caller::parse);
        let grant = principal_grant(
            statement.principal.as_ref(),
            statement.effect,
            caller.as_ref(),
            false,
        );
        if grant == Grant::None {
            return StatementMatch::OtherPrincipal;
        }
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
