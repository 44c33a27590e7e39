//! Security findings in identity policies: full admin, `iam:PassRole` on every role,
//! and action sets known to let a principal raise its own privileges.

use super::{Finding, LocatedStatement, Rule};
use crate::policy::document::{ActionList, Effect, ResourceList};
use crate::policy::simulate::action_matches;

/// Action sets that each, fully allowed, let a principal grant itself more access, with
/// what the set allows. Sources: the well-known IAM privilege-escalation paths.
pub const ESCALATION_SETS: &[(&[&str], &str)] = &[
    (
        &["iam:CreatePolicyVersion"],
        "rewrite a managed policy it is attached to",
    ),
    (
        &["iam:SetDefaultPolicyVersion"],
        "switch a managed policy to a broader old version",
    ),
    (
        &["iam:AttachUserPolicy"],
        "attach any managed policy to a user",
    ),
    (
        &["iam:AttachGroupPolicy"],
        "attach any managed policy to a group",
    ),
    (
        &["iam:AttachRolePolicy"],
        "attach any managed policy to a role",
    ),
    (&["iam:PutUserPolicy"], "write inline policies on a user"),
    (&["iam:PutGroupPolicy"], "write inline policies on a group"),
    (&["iam:PutRolePolicy"], "write inline policies on a role"),
    (
        &["iam:UpdateAssumeRolePolicy"],
        "make any role assumable by itself",
    ),
    (&["iam:AddUserToGroup"], "join any group"),
    (
        &["iam:CreateAccessKey"],
        "create access keys for other users",
    ),
    (
        &["iam:CreateLoginProfile"],
        "set console passwords for other users",
    ),
    (
        &["iam:UpdateLoginProfile"],
        "change other users' console passwords",
    ),
    (
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        "run code as a more privileged role through Lambda",
    ),
    (
        &["iam:PassRole", "ec2:RunInstances"],
        "run an instance as a more privileged role",
    ),
    (
        &["iam:PassRole", "cloudformation:CreateStack"],
        "create resources as a more privileged role through CloudFormation",
    ),
    (
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        "run code as a more privileged role through Glue",
    ),
];

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

/// Escalation sets the policy allows as a whole (any resource, ignoring conditions),
/// unless a statement already grants full admin.
pub(super) fn check_escalation(statements: &[LocatedStatement<'_>], out: &mut Vec<Finding>) {
    if out.iter().any(|f| f.rule == Rule::FullAdmin) {
        return;
    }
    for (actions, what) in ESCALATION_SETS {
        let granting: Option<Vec<(&LocatedStatement<'_>, usize)>> =
            actions.iter().map(|a| allowing(statements, a)).collect();
        let Some(granting) = granting else { continue };
        let (first, index) = granting[0];
        let at = match &first.statement.action {
            ActionList::Action(_) => first.element("Action", index),
            ActionList::NotAction(_) => first.path.key("NotAction"),
        };
        out.push(
            Finding::new(Rule::PrivilegeEscalation, at, match actions {
                [one] => format!("allows {one}: it can {what}"),
                many => format!("allows {} together: it can {what}", many.join(" + ")),
            })
                .with_hint("limit these actions to specific resources, or guard them with a permissions boundary"),
        );
    }
}

/// The first Allow statement (and action index) covering `action` that no unconditional
/// Deny on `*` takes away.
fn allowing<'s, 'a>(
    statements: &'s [LocatedStatement<'a>],
    action: &str,
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
        .find_map(|l| covers(l, action).map(|i| (l, i)))
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
