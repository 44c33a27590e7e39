use serde_json::json;

use super::*;
use crate::diff::AccountKey;
use crate::model::{Entity, Role};
use crate::plan::{PlannedChange, Summary};

const ACCOUNT: &str = "123456789012";

fn role(name: &str, path: &str) -> Entity {
    Entity::Role(Role {
        name: name.into(),
        path: path.into(),
        description: None,
        max_session_duration: 3600,
        trust_policy: trust(json!("*")),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    })
}

fn trust(aws: serde_json::Value) -> PolicyDocument {
    PolicyDocument(json!({"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":aws}}]}))
}

fn plan_of(changes: Vec<(EntityRef, Action)>) -> Plan {
    Plan {
        format_version: 1,
        targeting: None,
        accounts: Vec::new(),
        changes: changes
            .into_iter()
            .enumerate()
            .map(|(id, (target, action))| PlannedChange {
                id,
                change: Change {
                    account: AccountKey {
                        partition: Default::default(),
                        name: "prod".into(),
                        id: ACCOUNT.into(),
                    },
                    target,
                    action,
                },
                depends_on: Vec::new(),
                expired: None,
            })
            .collect(),
        ignored: Vec::new(),
        warnings: Vec::new(),
        access: Vec::new(),
        shared_access: Vec::new(),
        broadens_access: false,
        narrows_access: false,
        findings: Vec::new(),
        findings_on_unchanged: 0,
        incomplete: Vec::new(),
        held_back: Vec::new(),
        expiry: None,
        aws_data: None,
        summary: Summary::default(),
        shared: Vec::new(),
        links: Vec::new(),
    }
}

fn options(caller_arn: &str) -> ApplyOptions {
    ApplyOptions {
        callers: vec![CallerIdentity {
            account_id: ACCOUNT.into(),
            arn: caller_arn.into(),
        }],
        ..ApplyOptions::default()
    }
}

fn role_ref(name: &str) -> EntityRef {
    EntityRef::new(EntityKind::Role, name)
}

#[test]
fn refuses_changes_to_reserved_entities() {
    let plan = plan_of(vec![
        (
            role_ref("AWSServiceRoleForSupport"),
            Action::AttachPolicy {
                policy_arn: "arn:aws:iam::aws:policy/X".into(),
            },
        ),
        (
            role_ref("svc"),
            Action::Delete {
                entity: Box::new(role("svc", "/aws-service-role/x.amazonaws.com/")),
            },
        ),
        (
            role_ref("fine"),
            Action::Delete {
                entity: Box::new(role("fine", "/")),
            },
        ),
        (
            EntityRef::new(EntityKind::InstanceProfile, "ip"),
            Action::AddRoleToInstanceProfile {
                role: "AWSReservedSSO_Admin_1".into(),
            },
        ),
    ]);
    let ids: Vec<usize> = check_safety(
        &plan,
        &ApplyOptions {
            allow_self_lockout: true,
            ..ApplyOptions::default()
        },
    )
    .iter()
    .map(|v| match v {
        SafetyViolation::ReservedEntity { id, .. } => *id,
        other => panic!("{other}"),
    })
    .collect();
    assert_eq!(ids, [0, 1, 3]);
}

#[test]
fn refuses_deleting_the_caller_unless_allowed() {
    let plan = plan_of(vec![(
        role_ref("Deployer"),
        Action::Delete {
            entity: Box::new(role("Deployer", "/ci/")),
        },
    )]);
    let session = options("arn:aws:sts::123456789012:assumed-role/deployer/iamform-session");
    let v = check_safety(&plan, &session);
    assert!(
        matches!(&v[..], [SafetyViolation::SelfLockout { id: 0, .. }]),
        "{v:?}"
    );
    assert!(v[0].to_string().contains("--allow-self-lockout"));
    let allowed = ApplyOptions {
        allow_self_lockout: true,
        ..session
    };
    assert!(check_safety(&plan, &allowed).is_empty());
    let user_plan = plan_of(vec![(
        EntityRef::new(EntityKind::User, "ci"),
        Action::Replace {
            reason: "path".into(),
            before: Box::new(role("x", "/")),
            after: Box::new(role("x", "/")),
        },
    )]);
    assert_eq!(
        check_safety(
            &user_plan,
            &options("arn:aws:iam::123456789012:user/bots/ci")
        )
        .len(),
        1
    );
    let other_account = ApplyOptions {
        callers: vec![CallerIdentity {
            account_id: "210987654321".into(),
            arn: "arn:aws:iam::210987654321:user/ci".into(),
        }],
        ..ApplyOptions::default()
    };
    assert!(check_safety(&user_plan, &other_account).is_empty());
}

#[test]
fn refuses_trust_updates_that_drop_who_assumes_the_callers_role() {
    let update = |before, after| {
        plan_of(vec![(
            role_ref("deployer"),
            Action::UpdateTrustPolicy {
                before: trust(before),
                after: trust(after),
            },
        )])
    };
    let caller = options("arn:aws:sts::123456789012:assumed-role/deployer/s");
    let dropping = update(
        json!([
            "arn:aws:iam::111111111111:root",
            "arn:aws:iam::123456789012:role/ci"
        ]),
        json!("arn:aws:iam::111111111111:root"),
    );
    let v = check_safety(&dropping, &caller);
    assert_eq!(v.len(), 1);
    assert!(v[0].to_string().contains("role/ci"), "{}", v[0]);
    let widening = update(
        json!("arn:aws:iam::123456789012:role/ci"),
        json!("123456789012"),
    );
    assert!(check_safety(&widening, &caller).is_empty());
}

#[test]
fn refuses_trust_updates_that_stop_the_caller_assuming_a_role() {
    let plan = plan_of(vec![(
        role_ref("admin"),
        Action::UpdateTrustPolicy {
            before: trust(json!([
                "arn:aws:iam::123456789012:user/ops/alice",
                "arn:aws:iam::999999999999:root"
            ])),
            after: trust(json!("arn:aws:iam::999999999999:root")),
        },
    )]);
    let v = check_safety(&plan, &options("arn:aws:iam::123456789012:user/ops/alice"));
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(check_safety(&plan, &options("arn:aws:iam::123456789012:user/bob")).is_empty());
    assert!(check_safety(&plan, &ApplyOptions::default()).is_empty());
}

#[test]
fn refuses_deleting_the_callers_own_access_keys() {
    let delete_key = |user: &str| {
        (
            EntityRef::new(EntityKind::User, user),
            Action::DeleteAccessKey {
                key_id: "AKIAEXAMPLE".into(),
                status: "Active".into(),
                created: None,
            },
        )
    };
    let plan = plan_of(vec![
        delete_key("ci"),
        delete_key("someone-else"),
        (
            EntityRef::new(EntityKind::User, "ci"),
            Action::DeleteLoginProfile,
        ),
    ]);
    let v = check_safety(&plan, &options("arn:aws:iam::123456789012:user/bots/ci"));
    assert!(
        matches!(&v[..], [SafetyViolation::SelfLockout { id: 0, .. }]),
        "{v:?}"
    );
    assert!(
        v[0].to_string()
            .contains("access key AKIAEXAMPLE of user ci")
    );
}
