//! What the executor retries, counted in attempts (API calls made), not in time.

use std::time::Duration;

use serde_json::json;

use super::names_any;
use crate::apply::{ApplyEvent, ApplyOptions, ApplyReport, RetryPolicy, execute};
use crate::backend::BackendError;
use crate::backend::fake::{FakeBackend, FaultConfig, FaultSchedule, PermanentFault};
use crate::backend::memory_iam::MemoryIam;
use crate::diff::{AccountKey, Action, Change};
use crate::model::{EntityKind, EntityRef, PolicyDocument, User};
use crate::plan::{Plan, PlannedChange, Summary};

const ACCOUNT: &str = "123456789012";
const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

fn change(target: EntityRef, action: Action) -> Change {
    Change {
        account: AccountKey {
            partition: Default::default(),
            name: "prod".into(),
            id: ACCOUNT.into(),
        },
        target,
        action,
    }
}

/// A plan of `rows` (a change and the ids it depends on), ids by position.
pub(crate) fn plan_of(rows: Vec<(Change, Vec<usize>)>) -> Plan {
    Plan {
        format_version: 1,
        targeting: None,
        accounts: Vec::new(),
        changes: rows
            .into_iter()
            .enumerate()
            .map(|(id, (change, depends_on))| PlannedChange {
                id,
                change,
                depends_on,
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

/// Creating user `name` in the test account.
pub(crate) fn create_user(name: &str) -> Change {
    let user = User {
        name: name.into(),
        path: "/".into(),
        tags: Default::default(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: Default::default(),
    };
    change(
        EntityRef::new(EntityKind::User, name),
        Action::Create {
            entity: Box::new(crate::model::Entity::User(user)),
        },
    )
}

fn attach(kind: EntityKind, name: &str) -> Change {
    change(
        EntityRef::new(kind, name),
        Action::AttachPolicy {
            policy_arn: READ_ONLY.into(),
        },
    )
}

/// Long windows and many attempts: a test that passes did not pass by running out of them.
fn options() -> ApplyOptions {
    ApplyOptions {
        parallelism: 1,
        retry: RetryPolicy {
            max_attempts: 40,
            base_delay: Duration::from_micros(100),
            max_delay: Duration::from_millis(1),
            propagation_window: Duration::from_secs(600),
        },
        seed: Some(1),
        ..ApplyOptions::default()
    }
}

fn run(plan: &Plan, fake: &FakeBackend) -> (ApplyReport, usize) {
    let mut retries = 0;
    let report = execute(plan, fake, &options(), &mut |e| {
        if matches!(e, ApplyEvent::Retrying { .. }) {
            retries += 1;
        }
    })
    .unwrap();
    (report, retries)
}

#[test]
fn permanent_errors_fail_the_change_on_the_first_attempt() {
    let permanent = [
        BackendError::LimitExceeded("Cannot exceed quota for PoliciesPerRole: 10".into()),
        BackendError::MalformedPolicy("Syntax errors in policy.".into()),
        BackendError::InvalidInput("ARN x is not valid.".into()),
        BackendError::AccessDenied("User: alice is not authorized".into()),
        BackendError::DeleteConflict("Cannot delete entity, must detach all policies".into()),
    ];
    for error in permanent {
        let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
            permanent: Some(PermanentFault {
                schedule: FaultSchedule::every(1),
                error: error.clone(),
            }),
            ..FaultConfig::default()
        });
        let plan = plan_of(vec![(create_user("alice"), vec![])]);
        let (report, retries) = run(&plan, &fake);
        assert_eq!(report.failed, vec![(0, error.clone())]);
        assert_eq!(retries, 0, "{error}");
        assert_eq!(fake.call_counts()["CreateUser"], 1, "{error}");
    }
}

#[test]
fn no_such_entity_for_an_entity_this_apply_did_not_create_fails_at_once() {
    // The group never existed: no amount of waiting makes it appear.
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    let plan = plan_of(vec![(attach(EntityKind::Group, "ghost"), vec![])]);
    let (report, retries) = run(&plan, &fake);
    assert!(matches!(
        report.failed.as_slice(),
        [(0, BackendError::NoSuchEntity(_))]
    ));
    assert_eq!((retries, fake.call_counts()["AttachGroupPolicy"]), (0, 1));

    // It depends on a create of this apply, but names another entity than the created one.
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    let add_to_ghost = change(
        EntityRef::new(EntityKind::User, "alice"),
        Action::AddUserToGroup {
            group: "ghost".into(),
        },
    );
    let plan = plan_of(vec![
        (create_user("alice"), vec![]),
        (add_to_ghost, vec![0]),
    ]);
    let (report, retries) = run(&plan, &fake);
    assert_eq!(report.done, vec![0]);
    assert_eq!((retries, fake.call_counts()["AddUserToGroup"]), (0, 1));
}

#[test]
fn no_such_entity_right_after_this_apply_created_it_is_retried() {
    // The fake hides a new user for 3 calls, as IAM's eventual consistency may.
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        propagation_calls: 3,
        ..FaultConfig::default()
    });
    let plan = plan_of(vec![
        (create_user("alice"), vec![]),
        (attach(EntityKind::User, "alice"), vec![0]),
    ]);
    let (report, retries) = run(&plan, &fake);
    assert!(report.is_success(), "{report:?}");
    assert_eq!(retries, 3);
    assert_eq!(fake.call_counts()["AttachUserPolicy"], 4);
}

#[test]
fn invalid_principal_is_retried_only_for_a_principal_this_apply_created() {
    let trust = |name: &str| {
        PolicyDocument(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:user/{name}")}}]}),
        )
    };
    let mut iam = MemoryIam::with_seed(1);
    let role = crate::model::Role {
        name: "deploy".into(),
        path: "/".into(),
        description: None,
        max_session_duration: 3600,
        trust_policy: PolicyDocument(json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]})),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    };
    iam.apply(&change(
        EntityRef::new(EntityKind::Role, "deploy"),
        Action::Create {
            entity: Box::new(crate::model::Entity::Role(role)),
        },
    ))
    .unwrap();
    let update = |name: &str| {
        change(
            EntityRef::new(EntityKind::Role, "deploy"),
            Action::UpdateTrustPolicy {
                before: PolicyDocument(json!({})),
                after: trust(name),
            },
        )
    };
    let fake = FakeBackend::new(iam).with_faults(FaultConfig {
        propagation_calls: 2,
        ..FaultConfig::default()
    });
    let plan = plan_of(vec![
        (create_user("alice"), vec![]),
        (update("alice"), vec![0]),
    ]);
    let (report, retries) = run(&plan, &fake);
    assert!(report.is_success(), "{report:?}");
    assert_eq!(retries, 2);
    // A principal that does not exist at all is refused once.
    let plan = plan_of(vec![(update("nobody"), vec![])]);
    let (report, retries) = run(&plan, &fake);
    assert!(matches!(
        report.failed.as_slice(),
        [(0, BackendError::MalformedPolicy(_))]
    ));
    assert_eq!(retries, 0);
}

#[test]
fn names_are_matched_whole() {
    let created = ["dev".to_string()];
    assert!(names_any(
        "The role with name dev cannot be found.",
        &created
    ));
    assert!(names_any(
        "Invalid principal in policy: \"AWS\":\"arn:aws:iam::1:role/dev\"",
        &created
    ));
    assert!(names_any("the user `dev` cannot be found", &created));
    assert!(!names_any(
        "The role with name devops cannot be found.",
        &created
    ));
    assert!(!names_any(
        "The role with name my-dev cannot be found.",
        &created
    ));
    assert!(names_any("role dev.", &created));
    assert!(!names_any("role dev.x cannot be found", &created));
    assert!(!names_any("anything", &[]));
}
