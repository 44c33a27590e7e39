//! The tie-break among changes that are ready at the same time, so the same input always
//! gives the same order: account, phase, kind, name, action, then the action's subject.

use crate::diff::{Action, Change};
use crate::model::EntityKind;

/// Sort key of one change; compares field by field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct OrderKey<'c> {
    account: &'c str,
    phase: u8,
    kind: EntityKind,
    name: &'c str,
    action: u8,
    subject: std::borrow::Cow<'c, str>,
    /// Position in the diff's output: only identical changes get this far.
    index: usize,
}

impl<'c> OrderKey<'c> {
    /// The key of `change`, found at `index` in the diff's output.
    pub fn new(change: &'c Change, index: usize) -> OrderKey<'c> {
        let (phase, action, subject) = rank(&change.action);
        OrderKey {
            account: &change.account.name,
            phase,
            kind: change.target.kind,
            name: &change.target.name,
            action,
            subject,
            index,
        }
    }
}

/// Phase (0 create, 1 modify, 2 tear down, 3 delete), action rank, and subject.
fn rank(action: &Action) -> (u8, u8, std::borrow::Cow<'_, str>) {
    let (phase, rank, subject) = match action {
        Action::IdentityCenter(ic) => {
            let (phase, rank, subject) = ic.rank();
            return (phase, rank, subject.into());
        }
        Action::Create { .. } => (0, 0, ""),
        Action::Replace { .. } => (0, 1, ""),
        Action::Update { .. } => (1, 2, ""),
        Action::UpdateTrustPolicy { .. } => (1, 3, ""),
        Action::UpdatePolicyDocument { .. } => (1, 4, ""),
        Action::PutPermissionsBoundary { after, .. } => (1, 5, after.as_str()),
        Action::AttachPolicy { policy_arn } => (1, 6, policy_arn.as_str()),
        Action::PutInlinePolicy { policy_name, .. } => (1, 7, policy_name.as_str()),
        Action::AddUserToGroup { group } => (1, 8, group.as_str()),
        Action::AddRoleToInstanceProfile { role } => (1, 9, role.as_str()),
        Action::SetAccountAlias { .. } => (1, 10, ""),
        Action::SetPasswordPolicy { .. } => (1, 11, ""),
        Action::CreateServiceLinkedRole { service } => (1, 11, service.as_str()),
        Action::RemoveRoleFromInstanceProfile { role } => (2, 12, role.as_str()),
        Action::RemoveUserFromGroup { group } => (2, 13, group.as_str()),
        Action::DetachPolicy { policy_arn } => (2, 14, policy_arn.as_str()),
        Action::DeleteInlinePolicy { policy_name, .. } => (2, 15, policy_name.as_str()),
        Action::DeletePermissionsBoundary { before } => (2, 16, before.as_str()),
        Action::DeleteLoginProfile => (2, 17, ""),
        Action::DeleteAccessKey { key_id, .. } => (2, 18, key_id.as_str()),
        Action::Delete { .. } => (3, 19, ""),
        Action::DeleteServiceLinkedRole { role, .. } => (3, 19, role.as_str()),
    };
    (phase, rank, subject.into())
}

impl OrderKey<'_> {
    /// The change's position in the diff's output.
    pub fn index(&self) -> usize {
        self.index
    }
}
