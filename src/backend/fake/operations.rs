//! The IAM API operations a change amounts to, for the fake backend's call counts.

use crate::diff::{Action, Change, FieldChange};
use crate::model::EntityKind;

/// IAM's word for an entity kind inside operation names (`User`, `InstanceProfile`, …).
fn kind_word(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::User => "User",
        EntityKind::Group => "Group",
        EntityKind::Role => "Role",
        EntityKind::Policy => "Policy",
        EntityKind::InstanceProfile => "InstanceProfile",
        EntityKind::OidcProvider => "OpenIDConnectProvider",
        EntityKind::SamlProvider => "SAMLProvider",
        EntityKind::AccountSettings => "Account",
        EntityKind::PermissionSet => "PermissionSet",
    }
}

/// The IAM API calls that executing `change` makes, in order.
pub fn operations(change: &Change) -> Vec<String> {
    let k = kind_word(change.target.kind);
    let one = |s: String| vec![s];
    match &change.action {
        Action::Create { .. } => one(format!("Create{k}")),
        Action::Delete { .. } => one(format!("Delete{k}")),
        Action::Replace { .. } => vec![format!("Delete{k}"), format!("Create{k}")],
        Action::Update { fields } => fields
            .iter()
            .map(|f| match f {
                FieldChange::Tags { .. } => format!("Tag{k}"),
                FieldChange::ClientIds { .. } => format!("AddClientIDTo{k}"),
                FieldChange::Thumbprints { .. } => format!("Update{k}Thumbprint"),
                _ => format!("Update{k}"),
            })
            .collect(),
        Action::AttachPolicy { .. } => one(format!("Attach{k}Policy")),
        Action::DetachPolicy { .. } => one(format!("Detach{k}Policy")),
        Action::PutInlinePolicy { .. } => one(format!("Put{k}Policy")),
        Action::DeleteInlinePolicy { .. } => one(format!("Delete{k}Policy")),
        Action::AddUserToGroup { .. } => one("AddUserToGroup".into()),
        Action::RemoveUserFromGroup { .. } => one("RemoveUserFromGroup".into()),
        Action::UpdateTrustPolicy { .. } => one("UpdateAssumeRolePolicy".into()),
        Action::UpdatePolicyDocument { .. } => one("CreatePolicyVersion".into()),
        Action::PutPermissionsBoundary { .. } => one(format!("Put{k}PermissionsBoundary")),
        Action::DeletePermissionsBoundary { .. } => one(format!("Delete{k}PermissionsBoundary")),
        Action::AddRoleToInstanceProfile { .. } => one("AddRoleToInstanceProfile".into()),
        Action::RemoveRoleFromInstanceProfile { .. } => one("RemoveRoleFromInstanceProfile".into()),
        Action::SetAccountAlias { .. } => one("CreateAccountAlias".into()),
        Action::SetPasswordPolicy { .. } => one("UpdateAccountPasswordPolicy".into()),
        Action::IdentityCenter(ic) => one(ic.operation().into()),
        Action::CreateServiceLinkedRole { .. } => one("CreateServiceLinkedRole".into()),
        Action::DeleteServiceLinkedRole { .. } => one("DeleteServiceLinkedRole".into()),
        Action::DeleteLoginProfile => one("DeleteLoginProfile".into()),
        Action::DeleteAccessKey { .. } => one("DeleteAccessKey".into()),
    }
}
