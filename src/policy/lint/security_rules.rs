//! Security findings in identity policies: full admin and `iam:PassRole` on every role
//! (escalation paths are in `escalation`, exposure on every resource in `exposure_rules`).

use super::{Finding, LocatedStatement, Rule};
use crate::policy::document::{ActionList, Effect, ResourceList};

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
