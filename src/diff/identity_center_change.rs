//! Identity Center changes: one Identity Center call each (or a short fixed sequence),
//! on the permission set named by the change's target.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ChangeClass;
use crate::model::{
    Assignment, Boundary, CustomerPolicyRef, IdentityCenter, PermissionSet, PolicyDocument, Tags,
};

/// What happens to one permission set or one of its assignments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "operation", rename_all = "snake_case")]
pub enum IcAction {
    /// Create the permission set bare (description, session duration, relay state, tags).
    CreatePermissionSet {
        /// As it will be created.
        permission_set: Box<PermissionSet>,
    },
    /// Change description, session duration or relay state.
    UpdatePermissionSet {
        /// Current.
        before: Box<PermissionSet>,
        /// Wanted.
        after: Box<PermissionSet>,
    },
    /// Change the permission set's tags.
    SetTags {
        /// Current.
        before: Tags,
        /// Wanted.
        after: Tags,
    },
    /// Delete the permission set (its assignments and policies go first).
    DeletePermissionSet {
        /// What is deleted.
        permission_set: Box<PermissionSet>,
    },
    /// Attach an AWS-managed policy.
    AttachManagedPolicy {
        /// Policy ARN.
        policy_arn: String,
    },
    /// Detach an AWS-managed policy.
    DetachManagedPolicy {
        /// Policy ARN.
        policy_arn: String,
    },
    /// Attach a customer-managed policy reference.
    AttachCustomerPolicy {
        /// Name and path.
        policy: CustomerPolicyRef,
    },
    /// Detach a customer-managed policy reference.
    DetachCustomerPolicy {
        /// Name and path.
        policy: CustomerPolicyRef,
    },
    /// Put (create or replace) the inline policy.
    PutInlinePolicy {
        /// Current document.
        before: Option<PolicyDocument>,
        /// Wanted document.
        after: PolicyDocument,
    },
    /// Delete the inline policy.
    DeleteInlinePolicy {
        /// Current document.
        before: PolicyDocument,
    },
    /// Set or change the permissions boundary.
    PutBoundary {
        /// Current.
        before: Option<Boundary>,
        /// Wanted.
        after: Boundary,
    },
    /// Remove the permissions boundary.
    DeleteBoundary {
        /// Current.
        before: Boundary,
    },
    /// Give a group or user the permission set in an account.
    CreateAssignment {
        /// The assignment.
        assignment: Assignment,
        /// The account's manifest name, for the plan.
        #[serde(default)]
        account_name: String,
    },
    /// Take an assignment away.
    DeleteAssignment {
        /// The assignment.
        assignment: Assignment,
        /// The account's manifest name, for the plan.
        #[serde(default)]
        account_name: String,
    },
    /// Push the permission set's changes to the accounts it is provisioned to.
    Provision {
        /// The accounts.
        accounts: Vec<AccountLabel>,
    },
}

/// An account as the plan names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccountLabel {
    /// Manifest name.
    pub name: String,
    /// 12-digit id.
    pub id: String,
}

impl std::fmt::Display for AccountLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.name.is_empty() {
            write!(f, "{}", self.id)
        } else {
            write!(f, "{} ({})", self.name, self.id)
        }
    }
}

impl IcAction {
    /// The summary class.
    pub fn class(&self) -> ChangeClass {
        match self {
            IcAction::CreatePermissionSet { .. }
            | IcAction::AttachManagedPolicy { .. }
            | IcAction::AttachCustomerPolicy { .. }
            | IcAction::PutInlinePolicy { before: None, .. }
            | IcAction::PutBoundary { before: None, .. }
            | IcAction::CreateAssignment { .. } => ChangeClass::Add,
            IcAction::UpdatePermissionSet { .. }
            | IcAction::SetTags { .. }
            | IcAction::PutInlinePolicy { .. }
            | IcAction::PutBoundary { .. }
            | IcAction::Provision { .. } => ChangeClass::Change,
            IcAction::DeletePermissionSet { .. }
            | IcAction::DetachManagedPolicy { .. }
            | IcAction::DetachCustomerPolicy { .. }
            | IcAction::DeleteInlinePolicy { .. }
            | IcAction::DeleteBoundary { .. }
            | IcAction::DeleteAssignment { .. } => ChangeClass::Destroy,
        }
    }

    /// Phase (0 create, 1 modify, 2 tear down, 3 delete), rank within it, and subject,
    /// for a stable order among changes ready at once.
    pub fn rank(&self) -> (u8, u8, String) {
        match self {
            IcAction::CreatePermissionSet { .. } => (0, 0, String::new()),
            IcAction::UpdatePermissionSet { .. } => (1, 2, String::new()),
            IcAction::SetTags { .. } => (1, 3, String::new()),
            IcAction::PutBoundary { .. } => (1, 5, String::new()),
            IcAction::AttachManagedPolicy { policy_arn } => (1, 6, policy_arn.clone()),
            IcAction::AttachCustomerPolicy { policy } => (1, 6, policy.name.clone()),
            IcAction::PutInlinePolicy { .. } => (1, 7, String::new()),
            IcAction::Provision { .. } => (1, 8, String::new()),
            IcAction::CreateAssignment { assignment, .. } => (1, 9, assignment_key(assignment)),
            IcAction::DeleteAssignment { assignment, .. } => (2, 12, assignment_key(assignment)),
            IcAction::DetachManagedPolicy { policy_arn } => (2, 14, policy_arn.clone()),
            IcAction::DetachCustomerPolicy { policy } => (2, 14, policy.name.clone()),
            IcAction::DeleteInlinePolicy { .. } => (2, 15, String::new()),
            IcAction::DeleteBoundary { .. } => (2, 16, String::new()),
            IcAction::DeletePermissionSet { .. } => (3, 19, String::new()),
        }
    }

    /// Changes the permission set's contents (so it is provisioned again afterwards).
    pub fn changes_contents(&self) -> bool {
        !matches!(
            self,
            IcAction::CreatePermissionSet { .. }
                | IcAction::DeletePermissionSet { .. }
                | IcAction::CreateAssignment { .. }
                | IcAction::DeleteAssignment { .. }
                | IcAction::Provision { .. }
                | IcAction::SetTags { .. }
        )
    }

    /// The change in words, for apply progress: `create permission set Admin`.
    pub fn sentence(&self, set: &str) -> String {
        match self {
            IcAction::CreatePermissionSet { .. } => format!("create permission set {set}"),
            IcAction::UpdatePermissionSet { .. } => format!("update permission set {set}"),
            IcAction::SetTags { .. } => format!("update tags of permission set {set}"),
            IcAction::DeletePermissionSet { .. } => format!("delete permission set {set}"),
            IcAction::AttachManagedPolicy { policy_arn } => {
                format!("attach {policy_arn} to permission set {set}")
            }
            IcAction::DetachManagedPolicy { policy_arn } => {
                format!("detach {policy_arn} from permission set {set}")
            }
            IcAction::AttachCustomerPolicy { policy } => format!(
                "attach customer-managed policy {}{} to permission set {set}",
                policy.path, policy.name
            ),
            IcAction::DetachCustomerPolicy { policy } => format!(
                "detach customer-managed policy {}{} from permission set {set}",
                policy.path, policy.name
            ),
            IcAction::PutInlinePolicy { .. } => {
                format!("put inline policy of permission set {set}")
            }
            IcAction::DeleteInlinePolicy { .. } => {
                format!("delete inline policy of permission set {set}")
            }
            IcAction::PutBoundary { .. } => {
                format!("set permissions boundary of permission set {set}")
            }
            IcAction::DeleteBoundary { .. } => {
                format!("remove permissions boundary of permission set {set}")
            }
            IcAction::CreateAssignment { assignment, .. } => format!(
                "assign permission set {set} to {} {} in account {}",
                assignment.principal_type.noun(),
                assignment.principal,
                assignment.account_id
            ),
            IcAction::DeleteAssignment { assignment, .. } => format!(
                "remove assignment of permission set {set} from {} {} in account {}",
                assignment.principal_type.noun(),
                assignment.principal,
                assignment.account_id
            ),
            IcAction::Provision { accounts } => format!(
                "provision permission set {set} to {}",
                accounts
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// The Identity Center API operation that executes it.
    pub fn operation(&self) -> &'static str {
        match self {
            IcAction::CreatePermissionSet { .. } => "CreatePermissionSet",
            IcAction::UpdatePermissionSet { .. } => "UpdatePermissionSet",
            IcAction::SetTags { .. } => "TagResource",
            IcAction::DeletePermissionSet { .. } => "DeletePermissionSet",
            IcAction::AttachManagedPolicy { .. } => "AttachManagedPolicyToPermissionSet",
            IcAction::DetachManagedPolicy { .. } => "DetachManagedPolicyFromPermissionSet",
            IcAction::AttachCustomerPolicy { .. } => {
                "AttachCustomerManagedPolicyReferenceToPermissionSet"
            }
            IcAction::DetachCustomerPolicy { .. } => {
                "DetachCustomerManagedPolicyReferenceFromPermissionSet"
            }
            IcAction::PutInlinePolicy { .. } => "PutInlinePolicyToPermissionSet",
            IcAction::DeleteInlinePolicy { .. } => "DeleteInlinePolicyFromPermissionSet",
            IcAction::PutBoundary { .. } => "PutPermissionsBoundaryToPermissionSet",
            IcAction::DeleteBoundary { .. } => "DeletePermissionsBoundaryFromPermissionSet",
            IcAction::CreateAssignment { .. } => "CreateAccountAssignment",
            IcAction::DeleteAssignment { .. } => "DeleteAccountAssignment",
            IcAction::Provision { .. } => "ProvisionPermissionSet",
        }
    }

    /// The short form, for plan links and ordering errors.
    pub fn short(&self) -> String {
        let word = match self {
            IcAction::CreatePermissionSet { .. } => "create",
            IcAction::UpdatePermissionSet { .. } => "update",
            IcAction::SetTags { .. } => "update tags",
            IcAction::DeletePermissionSet { .. } => "delete",
            IcAction::AttachManagedPolicy { .. } | IcAction::AttachCustomerPolicy { .. } => {
                "attach policy"
            }
            IcAction::DetachManagedPolicy { .. } | IcAction::DetachCustomerPolicy { .. } => {
                "detach policy"
            }
            IcAction::PutInlinePolicy { .. } => "put inline policy",
            IcAction::DeleteInlinePolicy { .. } => "delete inline policy",
            IcAction::PutBoundary { .. } => "set boundary",
            IcAction::DeleteBoundary { .. } => "remove boundary",
            IcAction::CreateAssignment { .. } => "assign",
            IcAction::DeleteAssignment { .. } => "unassign",
            IcAction::Provision { .. } => "provision",
        };
        word.to_string()
    }

    /// Applies the change to `ic` (the fake backend and a targeted plan's state after).
    pub fn apply_to(&self, set: &str, ic: &mut IdentityCenter) {
        if let IcAction::CreatePermissionSet { permission_set } = self {
            ic.permission_sets
                .insert(set.to_string(), bare(permission_set));
            return;
        }
        match self {
            IcAction::CreateAssignment { assignment, .. } => {
                ic.assignments.insert(assignment.clone());
                return;
            }
            IcAction::DeleteAssignment { assignment, .. } => {
                ic.assignments.remove(assignment);
                return;
            }
            IcAction::DeletePermissionSet { .. } => {
                ic.permission_sets.remove(set);
                return;
            }
            _ => {}
        }
        let Some(ps) = ic.permission_sets.get_mut(set) else {
            return;
        };
        match self {
            IcAction::UpdatePermissionSet { after, .. } => {
                ps.description.clone_from(&after.description);
                ps.session_duration.clone_from(&after.session_duration);
                ps.relay_state.clone_from(&after.relay_state);
            }
            IcAction::SetTags { after, .. } => ps.tags.clone_from(after),
            IcAction::AttachManagedPolicy { policy_arn } => {
                ps.aws_managed_policies.insert(policy_arn.clone());
            }
            IcAction::DetachManagedPolicy { policy_arn } => {
                ps.aws_managed_policies.remove(policy_arn);
            }
            IcAction::AttachCustomerPolicy { policy } => {
                ps.customer_managed_policies.insert(policy.clone());
            }
            IcAction::DetachCustomerPolicy { policy } => {
                ps.customer_managed_policies.remove(policy);
            }
            IcAction::PutInlinePolicy { after, .. } => ps.inline_policy = Some(after.clone()),
            IcAction::DeleteInlinePolicy { .. } => ps.inline_policy = None,
            IcAction::PutBoundary { after, .. } => ps.permissions_boundary = Some(after.clone()),
            IcAction::DeleteBoundary { .. } => ps.permissions_boundary = None,
            _ => {}
        }
    }
}

/// A permission set as CreatePermissionSet makes it: no policies yet.
pub fn bare(set: &PermissionSet) -> PermissionSet {
    PermissionSet {
        description: set.description.clone(),
        session_duration: set.session_duration.clone(),
        relay_state: set.relay_state.clone(),
        tags: set.tags.clone(),
        ..PermissionSet::default()
    }
}

fn assignment_key(a: &Assignment) -> String {
    format!(
        "{} {}:{}",
        a.account_id,
        a.principal_type.noun(),
        a.principal
    )
}
