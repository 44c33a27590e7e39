//! Typed changes: what must happen to one entity of one account.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::arn::Partition;
use crate::model::{Entity, EntityRef, PasswordPolicy, PolicyDocument, Tags};

/// The account a change lands in.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct AccountKey {
    /// Manifest name of the account.
    pub name: String,
    /// 12-digit account id.
    pub id: String,
    /// The account's partition, for the ARNs a change builds; absent means `aws`, so
    /// plans of `aws` accounts read as before.
    #[serde(default, skip_serializing_if = "Partition::is_aws")]
    pub partition: Partition,
}

/// One change to one entity. Creating an entity creates it bare; attachments, inline
/// policies, memberships and instance-profile roles are changes of their own, so each
/// step of an apply is one IAM call (or a short fixed sequence) and can be ordered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// Where.
    pub account: AccountKey,
    /// Which entity.
    pub target: EntityRef,
    /// What happens to it.
    pub action: Action,
}

/// A scalar field of an entity that can be updated in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum FieldChange {
    /// User or group path (roles, policies and instance profiles are replaced instead).
    Path {
        /// Current.
        before: String,
        /// Wanted.
        after: String,
    },
    /// Role description.
    Description {
        /// Current.
        before: Option<String>,
        /// Wanted.
        after: Option<String>,
    },
    /// Role maximum session duration, seconds.
    MaxSessionDuration {
        /// Current.
        before: u32,
        /// Wanted.
        after: u32,
    },
    /// The full tag set (apply tags what is new or changed and untags what is gone).
    Tags {
        /// Current.
        before: Tags,
        /// Wanted.
        after: Tags,
    },
    /// An OIDC provider's audiences (apply adds and removes client ids one by one).
    ClientIds {
        /// Current.
        before: BTreeSet<String>,
        /// Wanted.
        after: BTreeSet<String>,
    },
    /// An OIDC provider's certificate thumbprints (replaced as a whole).
    Thumbprints {
        /// Current.
        before: BTreeSet<String>,
        /// Wanted.
        after: BTreeSet<String>,
    },
    /// A SAML provider's metadata document (replaced as a whole).
    SamlMetadata {
        /// Current.
        before: Option<String>,
        /// Wanted.
        after: String,
    },
}

/// What happens to the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// CreateServiceLinkedRole: the service names the role and holds its policies.
    CreateServiceLinkedRole {
        /// The service principal, e.g. `elasticbeanstalk.amazonaws.com`.
        service: String,
    },
    /// DeleteServiceLinkedRole (only with `prune_service_linked_roles: true`).
    DeleteServiceLinkedRole {
        /// The service principal.
        service: String,
        /// The role's name.
        role: String,
    },
    /// Create the entity bare (path, description, tags, trust policy or document, boundary).
    Create {
        /// The entity as it will be created.
        entity: Box<Entity>,
    },
    /// Update scalar fields in place.
    Update {
        /// Each field that differs.
        fields: Vec<FieldChange>,
    },
    /// Delete and re-create, because IAM cannot change `reason` in place.
    Replace {
        /// Why (e.g. "path changes from /a/ to /b/").
        reason: String,
        /// Current.
        before: Box<Entity>,
        /// Wanted.
        after: Box<Entity>,
    },
    /// Delete the entity (attachments, memberships, inline policies go first, as changes
    /// of their own; credentials of a user are removed by the delete itself).
    Delete {
        /// What is deleted.
        entity: Box<Entity>,
    },
    /// Attach a managed policy to the target user, group or role.
    AttachPolicy {
        /// Policy ARN.
        policy_arn: String,
    },
    /// Detach a managed policy from the target.
    DetachPolicy {
        /// Policy ARN.
        policy_arn: String,
    },
    /// Create or overwrite an inline policy on the target.
    PutInlinePolicy {
        /// Inline policy name.
        policy_name: String,
        /// Current document, if it exists.
        before: Option<PolicyDocument>,
        /// Wanted document.
        after: PolicyDocument,
    },
    /// Delete an inline policy from the target.
    DeleteInlinePolicy {
        /// Inline policy name.
        policy_name: String,
        /// Current document.
        before: PolicyDocument,
    },
    /// Add the target user to a group.
    AddUserToGroup {
        /// Group name.
        group: String,
    },
    /// Remove the target user from a group.
    RemoveUserFromGroup {
        /// Group name.
        group: String,
    },
    /// Replace the target role's trust policy.
    UpdateTrustPolicy {
        /// Current.
        before: PolicyDocument,
        /// Wanted.
        after: PolicyDocument,
    },
    /// Make a new default version of the target managed policy.
    UpdatePolicyDocument {
        /// Current default version.
        before: PolicyDocument,
        /// Wanted.
        after: PolicyDocument,
    },
    /// Set or change the permissions boundary of the target user or role.
    PutPermissionsBoundary {
        /// Current boundary ARN.
        before: Option<String>,
        /// Wanted boundary ARN.
        after: String,
    },
    /// Remove the permissions boundary of the target user or role.
    DeletePermissionsBoundary {
        /// Current boundary ARN.
        before: String,
    },
    /// Put a role into the target instance profile.
    AddRoleToInstanceProfile {
        /// Role name.
        role: String,
    },
    /// Take a role out of the target instance profile.
    RemoveRoleFromInstanceProfile {
        /// Role name.
        role: String,
    },
    /// Set the account alias (target: account settings).
    SetAccountAlias {
        /// Current alias.
        before: Option<String>,
        /// Wanted alias.
        after: String,
    },
    /// An Identity Center change (target: a permission set).
    IdentityCenter(super::IcAction),
    /// Set the password policy (target: account settings).
    SetPasswordPolicy {
        /// Current policy.
        before: Option<PasswordPolicy>,
        /// Wanted policy.
        after: PasswordPolicy,
    },
    /// Remove the target user's console password (`console_access: false`); the
    /// password itself is never read.
    DeleteLoginProfile,
    /// Delete one access key of the target user (`access_keys: none`).
    DeleteAccessKey {
        /// The access key id (not a secret).
        key_id: String,
        /// `Active` or `Inactive`.
        status: String,
        /// When the key was created (RFC 3339).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        created: Option<String>,
    },
}

/// How a change counts in the plan summary (Terraform's add / change / destroy).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    /// Something new: create, attach, add membership, new inline policy.
    Add,
    /// Something modified in place.
    Change,
    /// Something removed: delete, detach, remove membership, delete inline policy.
    Destroy,
    /// Delete and re-create (counts once as add and once as destroy).
    Replace,
}

impl Action {
    /// The summary class of this action.
    pub fn class(&self) -> ChangeClass {
        match self {
            Action::Create { .. }
            | Action::CreateServiceLinkedRole { .. }
            | Action::AttachPolicy { .. }
            | Action::AddUserToGroup { .. }
            | Action::AddRoleToInstanceProfile { .. } => ChangeClass::Add,
            Action::PutInlinePolicy { before: None, .. } => ChangeClass::Add,
            Action::PutPermissionsBoundary { before: None, .. } => ChangeClass::Add,
            Action::SetAccountAlias { before: None, .. } => ChangeClass::Add,
            Action::SetPasswordPolicy { before: None, .. } => ChangeClass::Add,
            Action::Update { .. }
            | Action::PutInlinePolicy { .. }
            | Action::UpdateTrustPolicy { .. }
            | Action::UpdatePolicyDocument { .. }
            | Action::PutPermissionsBoundary { .. }
            | Action::SetAccountAlias { .. }
            | Action::SetPasswordPolicy { .. } => ChangeClass::Change,
            Action::Delete { .. }
            | Action::DeleteServiceLinkedRole { .. }
            | Action::DetachPolicy { .. }
            | Action::DeleteInlinePolicy { .. }
            | Action::RemoveUserFromGroup { .. }
            | Action::DeletePermissionsBoundary { .. }
            | Action::RemoveRoleFromInstanceProfile { .. }
            | Action::DeleteLoginProfile
            | Action::DeleteAccessKey { .. } => ChangeClass::Destroy,
            Action::Replace { .. } => ChangeClass::Replace,
            Action::IdentityCenter(ic) => ic.class(),
        }
    }
}
