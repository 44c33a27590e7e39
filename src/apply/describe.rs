//! One-line descriptions of changes for apply progress.

use crate::diff::{Action, Change, FieldChange};

/// `[prod] attach arn:… to role deploy`: what a change does, on one line.
pub fn describe(change: &Change) -> String {
    let t = &change.target;
    let what = match &change.action {
        Action::Create { .. } => format!("create {t}"),
        Action::Update { fields } => {
            let names: Vec<&str> = fields
                .iter()
                .map(|f| match f {
                    FieldChange::Path { .. } => "path",
                    FieldChange::Description { .. } => "description",
                    FieldChange::MaxSessionDuration { .. } => "max session duration",
                    FieldChange::Tags { .. } => "tags",
                })
                .collect();
            format!("update {t} ({})", names.join(", "))
        }
        Action::Replace { reason, .. } => format!("replace {t} ({reason})"),
        Action::Delete { .. } => format!("delete {t}"),
        Action::AttachPolicy { policy_arn } => format!("attach {policy_arn} to {t}"),
        Action::DetachPolicy { policy_arn } => format!("detach {policy_arn} from {t}"),
        Action::PutInlinePolicy {
            policy_name,
            before,
            ..
        } => match before {
            None => format!("add inline policy {policy_name} to {t}"),
            Some(_) => format!("update inline policy {policy_name} of {t}"),
        },
        Action::DeleteInlinePolicy { policy_name, .. } => {
            format!("delete inline policy {policy_name} from {t}")
        }
        Action::AddUserToGroup { group } => format!("add {t} to group {group}"),
        Action::RemoveUserFromGroup { group } => format!("remove {t} from group {group}"),
        Action::UpdateTrustPolicy { .. } => format!("update trust policy of {t}"),
        Action::UpdatePolicyDocument { .. } => format!("update document of {t}"),
        Action::PutPermissionsBoundary { after, .. } => {
            format!("set permissions boundary of {t} to {after}")
        }
        Action::DeletePermissionsBoundary { .. } => format!("remove permissions boundary of {t}"),
        Action::AddRoleToInstanceProfile { role } => format!("add role {role} to {t}"),
        Action::RemoveRoleFromInstanceProfile { role } => format!("remove role {role} from {t}"),
        Action::SetAccountAlias { after, .. } => format!("set account alias to {after}"),
        Action::SetPasswordPolicy { .. } => "set password policy".to_string(),
    };
    format!("[{}] {what}", change.account.name)
}
