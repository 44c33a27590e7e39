//! Privilege escalation: action sets that, allowed together by one policy, let a
//! principal give itself more access. The paths are the published ones (Rhino Security
//! Labs' "AWS IAM privilege escalation methods", as Parliament and Cloudsplaining check
//! them); actions match case-insensitively, wildcards included.

use super::{Finding, LocatedStatement, Rule};
use crate::policy::document::{ActionList, Effect, ResourceList};
use crate::policy::glob_matches;

/// Action sets that each, fully allowed, let a principal grant itself more access, with
/// what the set allows.
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
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        "run code as a more privileged role through a Lambda event source",
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
    (
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
        "run commands as a more privileged role through Data Pipeline",
    ),
    (
        &[
            "iam:PassRole",
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl",
        ],
        "open a notebook running as a more privileged role",
    ),
    (
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        "run a build as a more privileged role",
    ),
    (
        &["lambda:UpdateFunctionCode"],
        "replace the code of functions that run as other roles",
    ),
    (
        &["glue:UpdateDevEndpoint"],
        "put its SSH key on Glue endpoints that run as other roles",
    ),
];

/// Actions that act on a user, and are no escalation when only the caller's own user
/// (`…:user/${aws:username}`) is named.
const ON_USERS: &[&str] = &[
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
];

/// Escalation sets the policy allows as a whole (ignoring conditions), unless a
/// statement already grants full admin.
pub(super) fn check(statements: &[LocatedStatement<'_>], out: &mut Vec<Finding>) {
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
    let on_users = ON_USERS.iter().any(|a| a.eq_ignore_ascii_case(action));
    statements
        .iter()
        .filter(|l| l.statement.effect == Effect::Allow)
        .filter(|l| !(on_users && only_own_user(l)))
        .find_map(|l| covers(l, action).map(|i| (l, i)))
}

/// True when every resource of the statement is the caller's own IAM user.
fn only_own_user(located: &LocatedStatement<'_>) -> bool {
    match &located.statement.resource {
        Some(ResourceList::Resource(resources)) => resources.iter().all(|r| {
            r.split_once(":user/")
                .is_some_and(|(_, rest)| rest.ends_with("${aws:username}") && !rest.contains('*'))
        }),
        _ => false,
    }
}

/// The index of the element of the statement's `Action` that matches `action`
/// (0 for `NotAction`), if the statement covers it.
fn covers(located: &LocatedStatement<'_>, action: &str) -> Option<usize> {
    match &located.statement.action {
        ActionList::Action(patterns) => patterns.iter().position(|p| glob_matches(p, action, true)),
        ActionList::NotAction(patterns) => {
            (!patterns.iter().any(|p| glob_matches(p, action, true))).then_some(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::policy::PolicyKind;
    use crate::policy::lint::{LintOptions, lint_document};

    fn escalations(statements: Value) -> Vec<String> {
        let doc = json!({"Version": "2012-10-17", "Statement": statements});
        lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity))
            .into_iter()
            .filter(|f| f.rule.code() == "IAM102")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn published_paths_case_insensitively() {
        // Rhino Security Labs' paths; action names are case-insensitive in IAM:
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
        for (actions, expected) in [
            (
                json!("LAMBDA:updatefunctioncode"),
                "lambda:UpdateFunctionCode",
            ),
            (json!("glue:UpdateDevEndpoint"), "glue:UpdateDevEndpoint"),
            (
                json!("iam:updateassumerolepolicy"),
                "iam:UpdateAssumeRolePolicy",
            ),
            (json!("iam:*PolicyVersion"), "iam:CreatePolicyVersion"),
            (
                json!(["iam:PassRole", "ec2:RunInstances"]),
                "iam:PassRole + ec2:RunInstances",
            ),
            (
                json!([
                    "iam:passrole",
                    "datapipeline:CreatePipeline",
                    "datapipeline:PutPipelineDefinition"
                ]),
                "datapipeline:CreatePipeline",
            ),
        ] {
            let found = escalations(json!({"Effect": "Allow", "Action": actions, "Resource": "*"}));
            assert!(
                found.iter().any(|m| m.contains(expected)),
                "{expected}: {found:?}"
            );
        }
        assert!(
            escalations(json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}))
                .is_empty()
        );
    }

    #[test]
    fn own_credentials_are_not_escalation() {
        // The documented self-service pattern:
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_credentials_console.html
        let own = json!({"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile"],
            "Resource": "arn:aws:iam::*:user/${aws:username}"});
        assert!(escalations(own).is_empty());
        let others = json!({"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/*"});
        assert_eq!(escalations(others).len(), 1);
    }
}
