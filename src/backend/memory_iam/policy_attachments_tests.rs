use crate::backend::BackendError;
use crate::backend::memory_iam::sample::*;
use crate::diff::Action;
use crate::model::EntityKind;

fn attach(kind: EntityKind, name: &str, arn: &str) -> crate::diff::Change {
    on(
        kind,
        name,
        Action::AttachPolicy {
            policy_arn: arn.into(),
        },
    )
}

#[test]
fn attaching_needs_an_existing_policy_aws_managed_ones_exist() {
    let mut iam = iam_with(vec![user("u"), policy("mine")]);
    apply_all(
        &mut iam,
        &[
            attach(
                EntityKind::User,
                "u",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            ),
            attach(EntityKind::User, "u", &policy_arn("mine")),
            attach(EntityKind::User, "u", &policy_arn("mine")),
        ],
    );
    assert_eq!(
        iam.account(ACCOUNT).unwrap().users["u"]
            .managed_policies
            .len(),
        2
    );
    for missing in [
        policy_arn("other"),
        "arn:aws:iam::123456789012:policy/wrong/mine".to_string(),
        "arn:aws:iam::210987654321:policy/mine".to_string(),
    ] {
        let e = iam
            .apply(&attach(EntityKind::User, "u", &missing))
            .unwrap_err();
        assert!(matches!(e, BackendError::NoSuchEntity(_)), "{missing}: {e}");
    }
    let e = iam
        .apply(&attach(EntityKind::User, "ghost", &policy_arn("mine")))
        .unwrap_err();
    assert!(matches!(e, BackendError::NoSuchEntity(_)));
    let e = iam
        .apply(&attach(EntityKind::Policy, "mine", &policy_arn("mine")))
        .unwrap_err();
    assert!(matches!(e, BackendError::InvalidInput(_)));
}

#[test]
fn ten_managed_policies_per_principal() {
    let mut iam = iam_with(vec![role("r")]);
    let changes: Vec<_> = (0..10)
        .map(|i| {
            attach(
                EntityKind::Role,
                "r",
                &format!("arn:aws:iam::aws:policy/P{i}"),
            )
        })
        .collect();
    apply_all(&mut iam, &changes);
    let e = iam
        .apply(&attach(
            EntityKind::Role,
            "r",
            "arn:aws:iam::aws:policy/P10",
        ))
        .unwrap_err();
    assert!(matches!(e, BackendError::LimitExceeded(_)));
    iam.apply(&attach(EntityKind::Role, "r", "arn:aws:iam::aws:policy/P3"))
        .unwrap();
}

#[test]
fn detaching_what_is_not_attached_is_no_such_entity() {
    let mut iam = iam_with(vec![group("g")]);
    let detach = on(
        EntityKind::Group,
        "g",
        Action::DetachPolicy {
            policy_arn: policy_arn("p"),
        },
    );
    assert!(matches!(
        iam.apply(&detach),
        Err(BackendError::NoSuchEntity(_))
    ));
}

#[test]
fn inline_policies_respect_aggregate_size_and_shape() {
    let mut iam = iam_with(vec![user("u"), role("r")]);
    let big = allow(&format!("s3:{}", "x".repeat(1900)));
    let put = |kind, name: &str, policy: &str| {
        on(
            kind,
            name,
            Action::PutInlinePolicy {
                policy_name: policy.into(),
                before: None,
                after: big.clone(),
            },
        )
    };
    iam.apply(&put(EntityKind::User, "u", "one")).unwrap();
    iam.apply(&put(EntityKind::User, "u", "one")).unwrap();
    assert!(matches!(
        iam.apply(&put(EntityKind::User, "u", "two")),
        Err(BackendError::LimitExceeded(_))
    ));
    iam.apply(&put(EntityKind::Role, "r", "one")).unwrap();
    iam.apply(&put(EntityKind::Role, "r", "two")).unwrap();
    let with_principal = on(
        EntityKind::Role,
        "r",
        Action::PutInlinePolicy {
            policy_name: "bad".into(),
            before: None,
            after: trust(serde_json::json!("*")),
        },
    );
    assert!(matches!(
        iam.apply(&with_principal),
        Err(BackendError::MalformedPolicy(_))
    ));
    let missing = on(
        EntityKind::Role,
        "r",
        Action::DeleteInlinePolicy {
            policy_name: "nope".into(),
            before: big.clone(),
        },
    );
    assert!(matches!(
        iam.apply(&missing),
        Err(BackendError::NoSuchEntity(_))
    ));
}

#[test]
fn permissions_boundaries_need_an_existing_policy() {
    let mut iam = iam_with(vec![user("u"), policy("boundary"), group("g")]);
    let put = |kind, name: &str, arn: String| {
        on(
            kind,
            name,
            Action::PutPermissionsBoundary {
                before: None,
                after: arn,
            },
        )
    };
    iam.apply(&put(EntityKind::User, "u", policy_arn("boundary")))
        .unwrap();
    assert_eq!(
        iam.account(ACCOUNT).unwrap().users["u"].permissions_boundary,
        Some(policy_arn("boundary"))
    );
    assert!(matches!(
        iam.apply(&put(EntityKind::User, "u", policy_arn("gone"))),
        Err(BackendError::NoSuchEntity(_))
    ));
    assert!(matches!(
        iam.apply(&put(EntityKind::Group, "g", policy_arn("boundary"))),
        Err(BackendError::InvalidInput(_))
    ));
    let remove = on(
        EntityKind::User,
        "u",
        Action::DeletePermissionsBoundary {
            before: policy_arn("boundary"),
        },
    );
    iam.apply(&remove).unwrap();
    assert!(matches!(
        iam.apply(&remove),
        Err(BackendError::NoSuchEntity(_))
    ));
}
