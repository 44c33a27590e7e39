//! Group memberships of users and the role of an instance profile.

use super::naming::existing_key;
use crate::backend::BackendError;
use crate::model::{AccountIam, EntityKind, EntityRef};

/// Most groups IAM lets one user belong to.
pub const MAX_GROUPS_PER_USER: usize = 10;

fn expect_kind(target: &EntityRef, kind: EntityKind) -> Result<(), BackendError> {
    if target.kind == kind {
        Ok(())
    } else {
        Err(BackendError::InvalidInput(format!(
            "expected a {}, got {target}",
            kind.noun()
        )))
    }
}

/// IAM's AddUserToGroup: adding a member twice is a no-op, as in IAM.
pub fn add_user_to_group(
    account: &mut AccountIam,
    target: &EntityRef,
    group: &str,
) -> Result<(), BackendError> {
    expect_kind(target, EntityKind::User)?;
    let group_key = existing_key(&account.groups, EntityKind::Group, group)?;
    let user_key = existing_key(&account.users, EntityKind::User, &target.name)?;
    let user = account
        .users
        .get_mut(&user_key)
        .expect("key was just found");
    if !user.groups.contains(&group_key) && user.groups.len() >= MAX_GROUPS_PER_USER {
        return Err(BackendError::LimitExceeded(format!(
            "user `{user_key}` is already in {MAX_GROUPS_PER_USER} groups"
        )));
    }
    user.groups.insert(group_key);
    Ok(())
}

/// IAM's RemoveUserFromGroup: NoSuchEntity when the user is not a member.
pub fn remove_user_from_group(
    account: &mut AccountIam,
    target: &EntityRef,
    group: &str,
) -> Result<(), BackendError> {
    expect_kind(target, EntityKind::User)?;
    let group_key = existing_key(&account.groups, EntityKind::Group, group)?;
    let user_key = existing_key(&account.users, EntityKind::User, &target.name)?;
    let user = account
        .users
        .get_mut(&user_key)
        .expect("key was just found");
    if !user.groups.remove(&group_key) {
        return Err(BackendError::NoSuchEntity(format!(
            "user `{user_key}` is not in group `{group_key}`"
        )));
    }
    Ok(())
}

/// IAM's AddRoleToInstanceProfile: an instance profile holds at most one role.
pub fn add_role_to_instance_profile(
    account: &mut AccountIam,
    target: &EntityRef,
    role: &str,
) -> Result<(), BackendError> {
    expect_kind(target, EntityKind::InstanceProfile)?;
    let role_key = existing_key(&account.roles, EntityKind::Role, role)?;
    let key = existing_key(&account.instance_profiles, target.kind, &target.name)?;
    let profile = account
        .instance_profiles
        .get_mut(&key)
        .expect("key was just found");
    if profile.roles.contains(&role_key) {
        return Err(BackendError::EntityAlreadyExists(format!(
            "role `{role_key}` is already in instance profile `{key}`"
        )));
    }
    if !profile.roles.is_empty() {
        return Err(BackendError::LimitExceeded(format!(
            "instance profile `{key}` already holds a role (IAM allows one)"
        )));
    }
    profile.roles.insert(role_key);
    Ok(())
}

/// IAM's RemoveRoleFromInstanceProfile.
pub fn remove_role_from_instance_profile(
    account: &mut AccountIam,
    target: &EntityRef,
    role: &str,
) -> Result<(), BackendError> {
    expect_kind(target, EntityKind::InstanceProfile)?;
    let key = existing_key(&account.instance_profiles, target.kind, &target.name)?;
    let profile = account
        .instance_profiles
        .get_mut(&key)
        .expect("key was just found");
    let held = profile
        .roles
        .iter()
        .find(|r| r.eq_ignore_ascii_case(role))
        .cloned();
    match held {
        Some(r) => {
            profile.roles.remove(&r);
            Ok(())
        }
        None => Err(BackendError::NoSuchEntity(format!(
            "role `{role}` is not in instance profile `{key}`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::memory_iam::sample::*;
    use crate::diff::Action;

    fn join(user: &str, group: &str) -> crate::diff::Change {
        on(
            EntityKind::User,
            user,
            Action::AddUserToGroup {
                group: group.into(),
            },
        )
    }

    #[test]
    fn membership_needs_both_sides_and_is_capped_at_ten_groups() {
        let mut entities: Vec<_> = (0..11).map(|i| group(&format!("g{i}"))).collect();
        entities.push(user("u"));
        let mut iam = iam_with(entities);
        assert!(matches!(
            iam.apply(&join("ghost", "g0")),
            Err(BackendError::NoSuchEntity(_))
        ));
        assert!(matches!(
            iam.apply(&join("u", "nope")),
            Err(BackendError::NoSuchEntity(_))
        ));
        let joins: Vec<_> = (0..10).map(|i| join("u", &format!("G{i}"))).collect();
        apply_all(&mut iam, &joins);
        assert!(
            iam.account(ACCOUNT).unwrap().users["u"]
                .groups
                .contains("g0")
        );
        assert!(matches!(
            iam.apply(&join("u", "g10")),
            Err(BackendError::LimitExceeded(_))
        ));
        iam.apply(&join("u", "g1")).unwrap();
        let leave = on(
            EntityKind::User,
            "u",
            Action::RemoveUserFromGroup { group: "g1".into() },
        );
        iam.apply(&leave).unwrap();
        assert!(matches!(
            iam.apply(&leave),
            Err(BackendError::NoSuchEntity(_))
        ));
    }

    #[test]
    fn an_instance_profile_holds_one_role() {
        let mut iam = iam_with(vec![role("a"), role("b"), profile("ip")]);
        let add = |role: &str| {
            on(
                EntityKind::InstanceProfile,
                "ip",
                Action::AddRoleToInstanceProfile { role: role.into() },
            )
        };
        iam.apply(&add("a")).unwrap();
        assert!(matches!(
            iam.apply(&add("b")),
            Err(BackendError::LimitExceeded(_))
        ));
        assert!(matches!(
            iam.apply(&add("a")),
            Err(BackendError::EntityAlreadyExists(_))
        ));
        assert!(matches!(
            iam.apply(&add("ghost")),
            Err(BackendError::NoSuchEntity(_))
        ));
        let remove = on(
            EntityKind::InstanceProfile,
            "ip",
            Action::RemoveRoleFromInstanceProfile { role: "b".into() },
        );
        assert!(matches!(
            iam.apply(&remove),
            Err(BackendError::NoSuchEntity(_))
        ));
    }
}
