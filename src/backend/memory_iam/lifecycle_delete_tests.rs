//! Deletes in the in-memory IAM: DeleteConflict while anything still holds the entity,
//! as AWS answers.

use crate::backend::BackendError;
use crate::backend::memory_iam::MemoryIam;
use crate::backend::memory_iam::sample::*;
use crate::diff::Action;
use crate::model::EntityKind;

fn err(iam: &mut MemoryIam, change: crate::diff::Change) -> BackendError {
    iam.apply(&change).expect_err("IAM would refuse this")
}

#[test]
fn deleting_a_user_conflicts_with_groups_and_policies() {
    let mut iam = iam_with(vec![user("u"), group("g")]);
    apply_all(
        &mut iam,
        &[on(
            EntityKind::User,
            "u",
            Action::AddUserToGroup { group: "g".into() },
        )],
    );
    assert!(matches!(
        err(&mut iam, delete(user("u"))),
        BackendError::DeleteConflict(_)
    ));
    assert!(matches!(
        err(&mut iam, delete(group("g"))),
        BackendError::DeleteConflict(_)
    ));
    apply_all(
        &mut iam,
        &[
            on(
                EntityKind::User,
                "u",
                Action::RemoveUserFromGroup { group: "g".into() },
            ),
            on(
                EntityKind::User,
                "u",
                Action::PutInlinePolicy {
                    policy_name: "p".into(),
                    before: None,
                    after: allow("s3:*"),
                },
            ),
        ],
    );
    assert!(matches!(
        err(&mut iam, delete(user("u"))),
        BackendError::DeleteConflict(_)
    ));
    apply_all(
        &mut iam,
        &[
            on(
                EntityKind::User,
                "u",
                Action::DeleteInlinePolicy {
                    policy_name: "p".into(),
                    before: allow("s3:*"),
                },
            ),
            delete(user("u")),
            delete(group("g")),
        ],
    );
    assert!(matches!(
        err(&mut iam, delete(user("u"))),
        BackendError::NoSuchEntity(_)
    ));
}

#[test]
fn deleting_a_group_or_role_conflicts_with_policies_and_profiles() {
    let arn = "arn:aws:iam::aws:policy/ReadOnlyAccess".to_string();
    let mut iam = iam_with(vec![group("g"), role("r"), profile("ip")]);
    apply_all(
        &mut iam,
        &[
            on(
                EntityKind::Group,
                "g",
                Action::AttachPolicy {
                    policy_arn: arn.clone(),
                },
            ),
            on(
                EntityKind::InstanceProfile,
                "ip",
                Action::AddRoleToInstanceProfile { role: "r".into() },
            ),
        ],
    );
    assert!(matches!(
        err(&mut iam, delete(group("g"))),
        BackendError::DeleteConflict(_)
    ));
    assert!(matches!(
        err(&mut iam, delete(role("r"))),
        BackendError::DeleteConflict(_)
    ));
    assert!(matches!(
        err(&mut iam, delete(profile("ip"))),
        BackendError::DeleteConflict(_)
    ));
    apply_all(
        &mut iam,
        &[
            on(
                EntityKind::InstanceProfile,
                "ip",
                Action::RemoveRoleFromInstanceProfile { role: "r".into() },
            ),
            on(
                EntityKind::Role,
                "r",
                Action::AttachPolicy {
                    policy_arn: arn.clone(),
                },
            ),
        ],
    );
    assert!(matches!(
        err(&mut iam, delete(role("r"))),
        BackendError::DeleteConflict(_)
    ));
    apply_all(
        &mut iam,
        &[
            on(
                EntityKind::Role,
                "r",
                Action::DetachPolicy {
                    policy_arn: arn.clone(),
                },
            ),
            on(
                EntityKind::Group,
                "g",
                Action::DetachPolicy { policy_arn: arn },
            ),
            delete(role("r")),
            delete(group("g")),
            delete(profile("ip")),
        ],
    );
    assert_eq!(iam.account(ACCOUNT).unwrap().entity_count(), 0);
}

#[test]
fn deleting_a_policy_conflicts_with_attachments_and_removes_old_versions() {
    let mut iam = iam_with(vec![policy("p"), role("r")]);
    let update = on(
        EntityKind::Policy,
        "p",
        Action::UpdatePolicyDocument {
            before: allow("s3:GetObject"),
            after: allow("s3:*"),
        },
    );
    apply_all(
        &mut iam,
        &[
            update,
            on(
                EntityKind::Role,
                "r",
                Action::AttachPolicy {
                    policy_arn: policy_arn("p"),
                },
            ),
        ],
    );
    assert!(matches!(
        err(&mut iam, delete(policy("p"))),
        BackendError::DeleteConflict(_)
    ));
    apply_all(
        &mut iam,
        &[on(
            EntityKind::Role,
            "r",
            Action::DetachPolicy {
                policy_arn: policy_arn("p"),
            },
        )],
    );
    let mut raw = iam.clone();
    assert!(matches!(
        raw.delete_policy(ACCOUNT, "p"),
        Err(BackendError::DeleteConflict(_))
    ));
    raw.delete_policy_version(ACCOUNT, "p", "v1").unwrap();
    raw.delete_policy(ACCOUNT, "p").unwrap();
    apply_all(&mut iam, &[delete(policy("p"))]);
    assert!(iam.account(ACCOUNT).unwrap().policies.is_empty());
}
