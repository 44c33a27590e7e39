use serde_json::json;

use crate::backend::BackendError;
use crate::backend::memory_iam::MemoryIam;
use crate::backend::memory_iam::sample::*;
use crate::diff::{Action, FieldChange};
use crate::model::{Entity, EntityKind};

fn err(iam: &mut MemoryIam, change: crate::diff::Change) -> BackendError {
    iam.apply(&change).expect_err("IAM would refuse this")
}

#[test]
fn create_fills_meta_and_creates_bare() {
    let mut iam = MemoryIam::with_seed(3);
    let Entity::User(mut alice) = user("alice") else {
        unreachable!()
    };
    alice.groups.insert("ops".into());
    alice.managed_policies.insert(policy_arn("p"));
    iam.apply(&create(Entity::User(alice))).unwrap();
    let stored = &iam.account(ACCOUNT).unwrap().users["alice"];
    assert!(stored.groups.is_empty() && stored.managed_policies.is_empty());
    assert!(stored.meta.id.as_deref().unwrap().starts_with("AIDA"));
    assert_eq!(
        stored.meta.arn.as_deref(),
        Some("arn:aws:iam::123456789012:user/alice")
    );
    assert!(stored.meta.created.is_some());
    let iam = iam_with(vec![group("g"), role("r"), policy("p"), profile("ip")]);
    let acct = iam.account(ACCOUNT).unwrap();
    assert!(
        acct.groups["g"]
            .meta
            .id
            .as_deref()
            .unwrap()
            .starts_with("AGPA")
    );
    assert!(
        acct.roles["r"]
            .meta
            .id
            .as_deref()
            .unwrap()
            .starts_with("AROA")
    );
    assert!(
        acct.policies["p"]
            .meta
            .id
            .as_deref()
            .unwrap()
            .starts_with("ANPA")
    );
    assert_eq!(acct.policies["p"].versions[0].version_id, "v1");
    assert!(
        acct.instance_profiles["ip"]
            .meta
            .id
            .as_deref()
            .unwrap()
            .starts_with("AIPA")
    );
}

#[test]
fn names_are_unique_regardless_of_case() {
    let mut iam = iam_with(vec![user("Alice"), role("Deploy"), group("Ops")]);
    for entity in [user("alice"), role("DEPLOY"), group("ops")] {
        assert!(matches!(
            err(&mut iam, create(entity)),
            BackendError::EntityAlreadyExists(_)
        ));
    }
}

#[test]
fn invalid_names_and_paths_are_invalid_input() {
    let mut iam = MemoryIam::with_seed(1);
    assert!(matches!(
        err(&mut iam, create(user("a b"))),
        BackendError::InvalidInput(_)
    ));
    assert!(matches!(
        err(&mut iam, create(role(&"r".repeat(65)))),
        BackendError::InvalidInput(_)
    ));
    let Entity::Group(mut g) = group("g") else {
        unreachable!()
    };
    g.path = "no-slashes".into();
    assert!(matches!(
        err(&mut iam, create(Entity::Group(g))),
        BackendError::InvalidInput(_)
    ));
    let Entity::Role(mut r) = role("r") else {
        unreachable!()
    };
    r.max_session_duration = 100;
    assert!(matches!(
        err(&mut iam, create(Entity::Role(r))),
        BackendError::InvalidInput(_)
    ));
    assert!(
        iam.account(ACCOUNT).is_none(),
        "a refused change must not create the account"
    );
}

#[test]
fn trust_policies_are_checked_for_shape_size_and_principals() {
    let mut iam = MemoryIam::with_seed(1);
    let Entity::Role(mut big) = role("big") else {
        unreachable!()
    };
    let many: Vec<String> = (0..120)
        .map(|i| format!("arn:aws:iam::99999999{i:04}:root"))
        .collect();
    big.trust_policy = trust(json!({ "AWS": many }));
    assert!(matches!(
        err(&mut iam, create(Entity::Role(big))),
        BackendError::LimitExceeded(_)
    ));
    let Entity::Role(mut bad) = role("bad") else {
        unreachable!()
    };
    bad.trust_policy = allow("s3:*");
    assert!(matches!(
        err(&mut iam, create(Entity::Role(bad))),
        BackendError::MalformedPolicy(_)
    ));
    let ghost = role_trusting("r", json!({"AWS": "arn:aws:iam::123456789012:role/ghost"}));
    let e = err(&mut iam, create(ghost.clone()));
    assert!(e.may_be_propagation(), "{e}");
    iam.apply(&create(role("ghost"))).unwrap();
    iam.apply(&create(ghost)).unwrap();
    let update = on(
        EntityKind::Role,
        "r",
        Action::UpdateTrustPolicy {
            before: trust(json!("*")),
            after: trust(json!({"AWS": "arn:aws:iam::123456789012:user/nobody"})),
        },
    );
    assert!(err(&mut iam, update).may_be_propagation());
}

#[test]
fn updates_apply_only_fields_iam_can_change() {
    let mut iam = iam_with(vec![user("u"), group("g"), role("r")]);
    let tags = [("team".to_string(), "ops".to_string())].into();
    apply_all(
        &mut iam,
        &[
            on(
                EntityKind::User,
                "u",
                Action::Update {
                    fields: vec![
                        FieldChange::Path {
                            before: "/".into(),
                            after: "/people/".into(),
                        },
                        FieldChange::Tags {
                            before: Default::default(),
                            after: tags,
                        },
                    ],
                },
            ),
            on(
                EntityKind::Role,
                "r",
                Action::Update {
                    fields: vec![
                        FieldChange::Description {
                            before: None,
                            after: Some("ci".into()),
                        },
                        FieldChange::MaxSessionDuration {
                            before: 3600,
                            after: 7200,
                        },
                    ],
                },
            ),
        ],
    );
    let acct = iam.account(ACCOUNT).unwrap();
    assert_eq!(
        acct.users["u"].meta.arn.as_deref(),
        Some("arn:aws:iam::123456789012:user/people/u")
    );
    assert_eq!(acct.users["u"].tags["team"], "ops");
    assert_eq!(acct.roles["r"].max_session_duration, 7200);
    let group_tags = on(
        EntityKind::Group,
        "g",
        Action::Update {
            fields: vec![FieldChange::Tags {
                before: Default::default(),
                after: Default::default(),
            }],
        },
    );
    assert!(matches!(
        err(&mut iam, group_tags),
        BackendError::InvalidInput(_)
    ));
    let half_bad = on(
        EntityKind::Role,
        "r",
        Action::Update {
            fields: vec![
                FieldChange::Description {
                    before: None,
                    after: Some("changed".into()),
                },
                FieldChange::MaxSessionDuration {
                    before: 7200,
                    after: 1,
                },
            ],
        },
    );
    assert!(err(&mut iam, half_bad).to_string().contains("3600"));
    assert_eq!(
        iam.account(ACCOUNT).unwrap().roles["r"]
            .description
            .as_deref(),
        Some("ci")
    );
}

#[test]
fn replace_deletes_then_creates_with_a_new_id() {
    let mut iam = iam_with(vec![role("r")]);
    let old_id = iam.account(ACCOUNT).unwrap().roles["r"].meta.id.clone();
    let Entity::Role(mut moved) = role("r") else {
        unreachable!()
    };
    moved.path = "/svc/".into();
    apply_all(
        &mut iam,
        &[on(
            EntityKind::Role,
            "r",
            Action::Replace {
                reason: "path changes".into(),
                before: Box::new(role("r")),
                after: Box::new(Entity::Role(moved)),
            },
        )],
    );
    let r = &iam.account(ACCOUNT).unwrap().roles["r"];
    assert_eq!(r.path, "/svc/");
    assert_ne!(r.meta.id, old_id);
}
