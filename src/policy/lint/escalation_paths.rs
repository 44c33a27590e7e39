//! The published IAM privilege-escalation paths: sets of actions that, allowed together,
//! let a principal grant itself more access (Rhino Security Labs' and Bishop Fox's
//! write-ups of AWS privilege escalation, as Parliament and Cloudsplaining check them).

/// One escalation path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationPath {
    /// Every action the path needs (matched case-insensitively).
    pub actions: &'static [&'static str],
    /// What the principal can then do, completing "it can …".
    pub what: &'static str,
    /// The path needs the actions on another user: statements whose resources all name
    /// the caller (`${aws:username}`) do not count.
    pub on_other_users: bool,
}

const fn path(actions: &'static [&'static str], what: &'static str) -> EscalationPath {
    EscalationPath {
        actions,
        what,
        on_other_users: false,
    }
}

const fn on_others(actions: &'static [&'static str], what: &'static str) -> EscalationPath {
    EscalationPath {
        actions,
        what,
        on_other_users: true,
    }
}

/// Every path, policy and attachment paths first, then credentials, then `iam:PassRole`
/// with a service that runs code, then services that run code as an existing role.
pub const ESCALATION_PATHS: &[EscalationPath] = &[
    path(
        &["iam:CreatePolicyVersion"],
        "rewrite a managed policy it is attached to",
    ),
    path(
        &["iam:SetDefaultPolicyVersion"],
        "switch a managed policy to a broader old version",
    ),
    path(
        &["iam:AttachUserPolicy"],
        "attach any managed policy to a user",
    ),
    path(
        &["iam:AttachGroupPolicy"],
        "attach any managed policy to a group",
    ),
    path(
        &["iam:AttachRolePolicy"],
        "attach any managed policy to a role",
    ),
    path(&["iam:PutUserPolicy"], "write inline policies on a user"),
    path(&["iam:PutGroupPolicy"], "write inline policies on a group"),
    path(&["iam:PutRolePolicy"], "write inline policies on a role"),
    path(&["iam:AddUserToGroup"], "join any group"),
    path(
        &["iam:UpdateAssumeRolePolicy"],
        "make any role assumable by itself",
    ),
    path(
        &["iam:DeleteUserPermissionsBoundary"],
        "remove the permissions boundary that caps a user",
    ),
    path(
        &["iam:DeleteRolePermissionsBoundary"],
        "remove the permissions boundary that caps a role",
    ),
    path(
        &["iam:PutUserPermissionsBoundary"],
        "replace a user's permissions boundary with a looser one",
    ),
    path(
        &["iam:PutRolePermissionsBoundary"],
        "replace a role's permissions boundary with a looser one",
    ),
    on_others(
        &["iam:CreateAccessKey"],
        "create access keys for other users",
    ),
    on_others(
        &["iam:CreateLoginProfile"],
        "set console passwords for other users",
    ),
    on_others(
        &["iam:UpdateLoginProfile"],
        "change other users' console passwords",
    ),
    path(
        &["iam:PassRole", "ec2:RunInstances"],
        "run an instance as a more privileged role",
    ),
    path(
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        "run code as a more privileged role through Lambda",
    ),
    path(
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        "run code as a more privileged role through a Lambda function an event source triggers",
    ),
    path(
        &["iam:PassRole", "cloudformation:CreateStack"],
        "create resources as a more privileged role through CloudFormation",
    ),
    path(
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        "run code as a more privileged role through Glue",
    ),
    path(
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
        "run commands as a more privileged role through Data Pipeline",
    ),
    path(
        &[
            "iam:PassRole",
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl",
        ],
        "run a notebook as a more privileged role through SageMaker",
    ),
    path(
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        "run a container as a more privileged role through ECS",
    ),
    path(
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        "run a build as a more privileged role through CodeBuild",
    ),
    path(
        &["lambda:UpdateFunctionCode"],
        "change the code of a Lambda function that runs as a more privileged role",
    ),
    path(
        &["glue:UpdateDevEndpoint"],
        "add its SSH key to a Glue development endpoint that runs as another role",
    ),
    path(
        &["sagemaker:CreatePresignedNotebookInstanceUrl"],
        "open a SageMaker notebook that runs as another role",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::catalog::{catalog, undocumented::is_undocumented_action};

    #[test]
    fn every_action_is_known() {
        for p in ESCALATION_PATHS {
            for action in p.actions {
                assert!(
                    catalog().action(action).is_some() || is_undocumented_action(action),
                    "{action}"
                );
            }
        }
    }
}
