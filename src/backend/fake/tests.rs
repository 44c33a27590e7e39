use serde_json::json;

use super::*;
use crate::diff::AccountKey;
use crate::model::{Group, PolicyDocument, Role, User};

const ACCOUNT: &str = "123456789012";

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

fn create_user(name: &str) -> Change {
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
            entity: Box::new(Entity::User(user)),
        },
    )
}

fn create_group(name: &str) -> Change {
    let group = Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    };
    change(
        EntityRef::new(EntityKind::Group, name),
        Action::Create {
            entity: Box::new(Entity::Group(group)),
        },
    )
}

fn create_role_trusting(name: &str, principal: &str) -> Change {
    let role = Role {
        name: name.into(),
        path: "/".into(),
        description: None,
        max_session_duration: 3600,
        trust_policy: PolicyDocument(json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":principal}}]})),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    };
    change(
        EntityRef::new(EntityKind::Role, name),
        Action::Create {
            entity: Box::new(Entity::Role(role)),
        },
    )
}

fn join(user: &str, group: &str) -> Change {
    change(
        EntityRef::new(EntityKind::User, user),
        Action::AddUserToGroup {
            group: group.into(),
        },
    )
}

fn config() -> AccountConfig {
    AccountConfig {
        partition: Default::default(),
        name: "prod".into(),
        id: ACCOUNT.into(),
        assume_role: None,
        profile: None,
    }
}

#[test]
fn throttles_on_schedule_and_counts_operations() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        throttling: FaultSchedule::every(2),
        ..FaultConfig::default()
    });
    assert!(fake.execute(&create_user("a")).is_ok());
    assert!(matches!(
        fake.execute(&create_user("b")),
        Err(BackendError::Throttled(_))
    ));
    assert!(fake.execute(&create_user("b")).is_ok());
    fake.read_account(&config()).unwrap();
    let counts = fake.call_counts();
    assert_eq!(counts["CreateUser"], 3);
    assert_eq!(counts[READ_OPERATION], 1);
    assert_eq!(fake.snapshot(ACCOUNT).users.len(), 2);
}

#[test]
fn new_users_are_invisible_for_a_few_calls() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        propagation_calls: 2,
        ..FaultConfig::default()
    });
    fake.execute(&create_group("ops")).unwrap();
    fake.execute(&create_user("u")).unwrap();
    let first = fake.execute(&join("u", "ops")).unwrap_err();
    assert!(matches!(first, BackendError::NoSuchEntity(_)), "{first}");
    assert!(fake.execute(&join("u", "ops")).is_err());
    fake.execute(&join("u", "ops")).unwrap();
    assert!(fake.snapshot(ACCOUNT).users["u"].groups.contains("ops"));
}

#[test]
fn new_principals_are_invalid_in_trust_policies_for_a_few_calls() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        propagation_calls: 1,
        ..FaultConfig::default()
    });
    fake.execute(&create_role_trusting(
        "ci",
        "arn:aws:iam::123456789012:root",
    ))
    .unwrap();
    let trusting = create_role_trusting("deploy", "arn:aws:iam::123456789012:role/ci");
    let e = fake.execute(&trusting).unwrap_err();
    assert!(
        e.may_be_propagation() && matches!(e, BackendError::MalformedPolicy(_)),
        "{e}"
    );
    fake.execute(&trusting).unwrap();
}

#[test]
fn crash_fails_everything_until_restart() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        crash_after: Some(1),
        ..FaultConfig::default()
    });
    fake.execute(&create_user("a")).unwrap();
    assert!(matches!(
        fake.execute(&create_user("b")),
        Err(BackendError::Other(_))
    ));
    assert!(fake.read_account(&config()).is_err());
    fake.restart();
    fake.execute(&create_user("b")).unwrap();
}

#[test]
fn records_the_entities_each_change_touched() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    fake.execute(&create_group("ops")).unwrap();
    fake.execute(&create_user("u")).unwrap();
    fake.execute(&join("u", "ops")).unwrap();
    let touched = fake.touched();
    assert_eq!(touched.len(), 3);
    assert_eq!(
        touched[2].entities,
        vec![(ACCOUNT.to_string(), EntityRef::new(EntityKind::User, "u"))]
    );
    assert_eq!(fake.touched_entities().len(), 2);
    assert!(fake.execute(&join("u", "nope")).is_err());
    assert_eq!(fake.touched().len(), 3, "failed changes touch nothing");
}

#[test]
fn latency_is_paid_per_call_from_several_threads() {
    let latency = std::time::Duration::from_millis(40);
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        latency,
        ..FaultConfig::default()
    });
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for name in ["a", "b", "c", "d"] {
            let fake = &fake;
            scope.spawn(move || fake.execute(&create_user(name)).unwrap());
        }
    });
    let elapsed = started.elapsed();
    // Only the lower bound is deterministic; an upper bound (that the calls overlap) failed
    // on a loaded CI machine, and timing claims belong in benchmarks, not unit tests.
    assert!(elapsed >= latency, "{elapsed:?}");
    assert_eq!(fake.call_counts()["CreateUser"], 4);
}

/// A read pages like GetAccountAuthorizationDetails: one call per page of the requested
/// size; 610 entities are 7 pages at IAM's default of 100 and one at 1000.
#[test]
fn a_read_costs_one_call_per_page() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    for i in 0..610 {
        fake.execute(&create_user(&format!("u{i}"))).unwrap();
    }
    let pages = |size: usize| {
        fake.set_page_size(size);
        let before = fake.call_counts().get(READ_OPERATION).copied().unwrap_or(0);
        let read = fake.read_account(&config()).unwrap();
        assert_eq!(read, fake.snapshot(ACCOUNT), "page size {size}");
        fake.call_counts()[READ_OPERATION] - before
    };
    assert_eq!(pages(crate::backend::IAM_DEFAULT_PAGE_ITEMS), 7);
    assert_eq!(pages(READ_PAGE_ITEMS), 1);
    assert_eq!(pages(7), 88);
}

/// The rate limit throttles the calls that come faster than it refills.
#[test]
fn a_rate_limit_throttles_calls_beyond_the_burst() {
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        rate_limit: Some(RateLimit {
            // Slow enough that the test never waits long enough to refill a call.
            per_second: 0.001,
            burst: 2.0,
        }),
        ..FaultConfig::default()
    });
    assert!(fake.execute(&create_user("a")).is_ok());
    assert!(fake.execute(&create_user("b")).is_ok());
    assert!(matches!(
        fake.execute(&create_user("c")),
        Err(BackendError::Throttled(_))
    ));
}
