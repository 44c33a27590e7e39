//! Identity Center changes on the in-memory account, with the service's refusals: a
//! permission set created twice, changed while missing, or deleted while assigned.

use crate::backend::BackendError;
use crate::diff::IcAction;
use crate::model::AccountIam;

/// Applies one Identity Center change to the permission set `set`.
pub fn apply(account: &mut AccountIam, set: &str, action: &IcAction) -> Result<(), BackendError> {
    let ic = account.identity_center.get_or_insert_with(Default::default);
    let exists = ic.permission_sets.contains_key(set);
    match action {
        IcAction::CreatePermissionSet { .. } if exists => {
            return Err(BackendError::EntityAlreadyExists(format!(
                "permission set `{set}` already exists"
            )));
        }
        IcAction::CreatePermissionSet { .. } => {}
        IcAction::DeleteAssignment { assignment, .. } if !ic.assignments.contains(assignment) => {
            return Err(BackendError::NoSuchEntity(format!(
                "no assignment of `{set}` to {} `{}` in account {}",
                assignment.principal_type.noun(),
                assignment.principal,
                assignment.account_id
            )));
        }
        _ if !exists => {
            return Err(BackendError::NoSuchEntity(format!(
                "permission set `{set}` does not exist"
            )));
        }
        IcAction::DeletePermissionSet { .. }
            if ic.assignments.iter().any(|a| a.permission_set == set) =>
        {
            return Err(BackendError::DeleteConflict(format!(
                "permission set `{set}` is still assigned"
            )));
        }
        _ => {}
    }
    action.apply_to(set, ic);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assignment, PermissionSet, PrincipalType};

    #[test]
    fn refuses_what_identity_center_refuses() {
        let mut account = AccountIam::new("111111111111");
        let create = IcAction::CreatePermissionSet {
            permission_set: Box::new(PermissionSet {
                session_duration: "PT1H".into(),
                ..PermissionSet::default()
            }),
        };
        let assignment = Assignment {
            account_id: "222222222222".into(),
            permission_set: "Admin".into(),
            principal_type: PrincipalType::Group,
            principal: "admins".into(),
        };
        let assign = IcAction::CreateAssignment {
            assignment: assignment.clone(),
            account_name: "prod".into(),
        };
        assert!(matches!(
            apply(&mut account, "Admin", &assign),
            Err(BackendError::NoSuchEntity(_))
        ));
        apply(&mut account, "Admin", &create).unwrap();
        assert!(matches!(
            apply(&mut account, "Admin", &create),
            Err(BackendError::EntityAlreadyExists(_))
        ));
        apply(&mut account, "Admin", &assign).unwrap();
        let delete = IcAction::DeletePermissionSet {
            permission_set: Box::default(),
        };
        assert!(matches!(
            apply(&mut account, "Admin", &delete),
            Err(BackendError::DeleteConflict(_))
        ));
        let unassign = IcAction::DeleteAssignment {
            assignment,
            account_name: "prod".into(),
        };
        apply(&mut account, "Admin", &unassign).unwrap();
        apply(&mut account, "Admin", &delete).unwrap();
        assert!(account.identity_center.unwrap().permission_sets.is_empty());
    }
}
