//! Security findings in identity policies: full admin, `iam:PassRole` on every role,
//! and the published privilege-escalation paths ([`ESCALATION_PATHS`]).

use super::escalation_paths::{ESCALATION_PATHS, EscalationPath};
use super::{Finding, LocatedStatement, Rule};
use crate::policy::document::{ActionList, Effect, ResourceList};
use crate::policy::simulate::action_matches;

/// Full admin and `iam:PassRole` on `*`, per statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    if s.effect != Effect::Allow {
        return;
    }
    let on_everything =
        matches!(&s.resource, Some(ResourceList::Resource(r)) if r.iter().any(|r| r == "*"));
    let ActionList::Action(actions) = &s.action else {
        return;
    };
    if on_everything && let Some(i) = actions.iter().position(|a| a == "*" || a == "*:*") {
        out.push(
            Finding::new(
                Rule::FullAdmin,
                located.element("Action", i),
                "allows every action on every resource (full administrator)",
            )
            .with_hint(
                "grant the services and actions needed; keep full admin in a break-glass role",
            ),
        );
        return;
    }
    if on_everything
        && s.condition.is_empty()
        && let Some(i) = actions
            .iter()
            .position(|a| crate::policy::glob_matches(a, "iam:PassRole", true))
    {
        out.push(
            Finding::new(
                Rule::PassRoleAnyRole,
                located.element("Action", i),
                "allows `iam:PassRole` on every role",
            )
            .with_hint(
                "list the role ARNs it may pass, and add an `iam:PassedToService` condition",
            ),
        );
    }
}

/// Escalation paths the policy allows as a whole (any resource, ignoring conditions),
/// unless a statement already grants full admin. Actions match case-insensitively.
pub(super) fn check_escalation(statements: &[LocatedStatement<'_>], out: &mut Vec<Finding>) {
    if out.iter().any(|f| f.rule == Rule::FullAdmin) {
        return;
    }
    for path in ESCALATION_PATHS {
        let granting: Option<Vec<(&LocatedStatement<'_>, usize)>> = path
            .actions
            .iter()
            .map(|a| allowing(statements, a, path))
            .collect();
        let Some(granting) = granting else { continue };
        let (first, index) = granting[0];
        let at = match &first.statement.action {
            ActionList::Action(_) => first.element("Action", index),
            ActionList::NotAction(_) => first.path.key("NotAction"),
        };
        let what = path.what;
        out.push(
            Finding::new(Rule::PrivilegeEscalation, at, match path.actions {
                [one] => format!("allows {one}: it can {what}"),
                many => format!("allows {} together: it can {what}", many.join(" + ")),
            })
                .with_hint("limit these actions to specific resources, or guard them with a permissions boundary"),
        );
    }
}

/// The first Allow statement (and action index) covering `action` that no unconditional
/// Deny on `*` takes away; for paths on other users, not one limited to the caller.
fn allowing<'s, 'a>(
    statements: &'s [LocatedStatement<'a>],
    action: &str,
    path: &EscalationPath,
) -> Option<(&'s LocatedStatement<'a>, usize)> {
    let denied = statements.iter().any(|l| {
        l.statement.effect == Effect::Deny
            && l.statement.condition.is_empty()
            && matches!(&l.statement.resource, Some(ResourceList::Resource(r)) if r.iter().any(|r| r == "*"))
            && covers(l, action).is_some()
    });
    if denied {
        return None;
    }
    statements
        .iter()
        .filter(|l| l.statement.effect == Effect::Allow)
        .filter(|l| !(path.on_other_users && only_the_caller(l)))
        .find_map(|l| covers(l, action).map(|i| (l, i)))
}

/// True when every resource of the statement names the calling user
/// (`arn:aws:iam::*:user/${aws:username}`, with any path): self-service, not escalation.
fn only_the_caller(located: &LocatedStatement<'_>) -> bool {
    match &located.statement.resource {
        Some(ResourceList::Resource(r)) => r.iter().all(|r| {
            let r = r.to_ascii_lowercase();
            r.contains(":user/") && r.ends_with("/${aws:username}")
        }),
        _ => false,
    }
}

fn covers(located: &LocatedStatement<'_>, action: &str) -> Option<usize> {
    if !action_matches(&located.statement.action, action) {
        return None;
    }
    Some(match &located.statement.action {
        ActionList::Action(p) => p
            .iter()
            .position(|p| crate::policy::glob_matches(p, action, true))
            .unwrap_or(0),
        ActionList::NotAction(_) => 0,
    })
}
