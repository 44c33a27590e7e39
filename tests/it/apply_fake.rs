//! Applying hand-built plans through the fake backend under injected faults, and
//! through the state-file backend.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;

use iamform::apply::{self, ApplyError, ApplyEvent, ApplyOptions, ApplyReport, RetryPolicy};
use iamform::backend::fake::{FakeBackend, FaultConfig, FaultSchedule};
use iamform::backend::memory_iam::MemoryIam;
use iamform::backend::state_file::StateFileBackend;
use iamform::backend::{Backend, BackendError, CallerIdentity};
use iamform::diff::{AccountKey, Action, Change};
use iamform::model::{
    AccountConfig, AccountIam, Entity, EntityKind, EntityRef, Group, InstanceProfile,
    ManagedPolicy, PolicyDocument, Role, User,
};
use iamform::plan::{Plan, PlannedChange, Summary};

const ACCOUNT: &str = "123456789012";
const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

fn doc(action: &str) -> PolicyDocument {
    PolicyDocument(
        json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":action,"Resource":"*"}]}),
    )
}

fn trust(aws: &str) -> PolicyDocument {
    PolicyDocument(json!({"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":aws}}]}))
}

fn user(name: &str) -> User {
    User {
        name: name.into(),
        path: "/people/".into(),
        tags: [("team".to_string(), "ops".to_string())].into(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: Default::default(),
    }
}

fn role(name: &str, trusted: &str) -> Role {
    Role {
        name: name.into(),
        path: "/".into(),
        description: Some(format!("{name} role")),
        max_session_duration: 3600,
        trust_policy: trust(trusted),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    }
}

fn group() -> Group {
    Group {
        name: "ops".into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    }
}

fn policy() -> ManagedPolicy {
    ManagedPolicy {
        name: "ops-read".into(),
        path: "/".into(),
        description: None,
        document: doc("s3:GetObject"),
        tags: Default::default(),
        versions: Vec::new(),
        meta: Default::default(),
    }
}

fn profile() -> InstanceProfile {
    InstanceProfile {
        name: "web".into(),
        path: "/".into(),
        roles: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    }
}

fn policy_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT}:policy/ops-read")
}

/// Builds a plan from (target, action, depends_on) rows.
fn plan_of(rows: Vec<(EntityRef, Action, Vec<usize>)>) -> Plan {
    Plan {
        format_version: 1,
        targeting: None,
        accounts: Vec::new(),
        changes: rows
            .into_iter()
            .enumerate()
            .map(|(id, (target, action, depends_on))| PlannedChange {
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

fn r(kind: EntityKind, name: &str) -> EntityRef {
    EntityRef::new(kind, name)
}

fn create(entity: Entity) -> Action {
    Action::Create {
        entity: Box::new(entity),
    }
}

/// A bootstrap plan: a policy, a group with three members, a role `ci`, a role `deploy`
/// that trusts `ci`, and an instance profile holding `deploy`.
fn bootstrap_plan() -> Plan {
    use EntityKind::*;
    let mut rows = vec![
        (
            r(Policy, "ops-read"),
            create(Entity::Policy(policy())),
            vec![],
        ),
        (r(Group, "ops"), create(Entity::Group(group())), vec![]),
        (
            r(Group, "ops"),
            Action::AttachPolicy {
                policy_arn: policy_arn(),
            },
            vec![0, 1],
        ),
        (
            r(Role, "ci"),
            create(Entity::Role(role("ci", "arn:aws:iam::123456789012:root"))),
            vec![],
        ),
        (
            r(Role, "deploy"),
            create(Entity::Role(role(
                "deploy",
                "arn:aws:iam::123456789012:role/ci",
            ))),
            vec![3],
        ),
        (
            r(Role, "deploy"),
            Action::AttachPolicy {
                policy_arn: READ_ONLY.into(),
            },
            vec![4],
        ),
        (
            r(Role, "ci"),
            Action::PutInlinePolicy {
                policy_name: "logs".into(),
                before: None,
                after: doc("logs:*"),
            },
            vec![3],
        ),
        (
            r(InstanceProfile, "web"),
            create(Entity::InstanceProfile(profile())),
            vec![],
        ),
        (
            r(InstanceProfile, "web"),
            Action::AddRoleToInstanceProfile {
                role: "deploy".into(),
            },
            vec![4, 7],
        ),
    ];
    for name in ["alice", "bob", "carol"] {
        let created = rows.len();
        rows.push((r(User, name), create(Entity::User(user(name))), vec![]));
        rows.push((
            r(User, name),
            Action::AddUserToGroup {
                group: "ops".into(),
            },
            vec![1, created],
        ));
    }
    plan_of(rows)
}

/// What the bootstrap plan leaves in the account, without IAM metadata.
fn expected_after_bootstrap() -> AccountIam {
    let mut iam = AccountIam::new(ACCOUNT);
    let mut p = policy();
    p.versions = Vec::new();
    iam.policies.insert("ops-read".into(), p);
    let mut g = group();
    g.managed_policies.insert(policy_arn());
    iam.groups.insert("ops".into(), g);
    let mut ci = role("ci", "arn:aws:iam::123456789012:root");
    ci.inline_policies.insert("logs".into(), doc("logs:*"));
    iam.roles.insert("ci".into(), ci);
    let mut deploy = role("deploy", "arn:aws:iam::123456789012:role/ci");
    deploy.managed_policies.insert(READ_ONLY.into());
    iam.roles.insert("deploy".into(), deploy);
    let mut web = profile();
    web.roles.insert("deploy".into());
    iam.instance_profiles.insert("web".into(), web);
    for name in ["alice", "bob", "carol"] {
        let mut u = user(name);
        u.groups.insert("ops".into());
        iam.users.insert(name.into(), u);
    }
    iam
}

/// The account with IAM-assigned data (ids, ARNs, dates, version lists) removed.
fn without_meta(mut iam: AccountIam) -> AccountIam {
    iam.users
        .values_mut()
        .for_each(|e| e.meta = Default::default());
    iam.groups
        .values_mut()
        .for_each(|e| e.meta = Default::default());
    iam.roles
        .values_mut()
        .for_each(|e| e.meta = Default::default());
    iam.instance_profiles
        .values_mut()
        .for_each(|e| e.meta = Default::default());
    iam.policies.values_mut().for_each(|e| {
        e.meta = Default::default();
        e.versions.clear();
    });
    iam
}

fn options() -> ApplyOptions {
    ApplyOptions {
        parallelism: 4,
        retry: RetryPolicy {
            max_attempts: 40,
            base_delay: Duration::from_micros(200),
            max_delay: Duration::from_millis(2),
            propagation_window: Duration::from_secs(5),
        },
        seed: Some(42),
        ..ApplyOptions::default()
    }
}

fn run(plan: &Plan, backend: &dyn Backend) -> (ApplyReport, Vec<ApplyEvent>) {
    let mut events = Vec::new();
    let report = apply::execute(plan, backend, &options(), &mut |e| events.push(e))
        .expect("plan is safe and well-formed");
    (report, events)
}

fn retries(events: &[ApplyEvent]) -> Vec<&BackendError> {
    events
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::Retrying { error, .. } => Some(error),
            _ => None,
        })
        .collect()
}

fn fake_with(faults: FaultConfig) -> FakeBackend {
    FakeBackend::new(MemoryIam::with_seed(7)).with_faults(faults)
}

fn all_ids(plan: &Plan) -> Vec<usize> {
    (0..plan.changes.len()).collect()
}

#[test]
fn applies_cleanly_and_touches_only_planned_entities() {
    let plan = bootstrap_plan();
    let fake = fake_with(FaultConfig::default());
    let (report, events) = run(&plan, &fake);
    assert!(report.is_success(), "{report:?}");
    assert_eq!(report.done, all_ids(&plan));
    assert!(retries(&events).is_empty());
    assert_eq!(
        without_meta(fake.snapshot(ACCOUNT)),
        expected_after_bootstrap()
    );
    let planned: BTreeSet<_> = plan
        .changes
        .iter()
        .map(|c| (ACCOUNT.to_string(), c.change.target.clone()))
        .collect();
    assert!(fake.touched_entities().is_subset(&planned));
    assert_eq!(fake.call_counts()["CreateUser"], 3);
    let starts = events
        .iter()
        .filter(|e| matches!(e, ApplyEvent::Started { .. }))
        .count();
    assert_eq!(starts, plan.changes.len());
}

#[test]
fn converges_through_a_throttling_storm() {
    let plan = bootstrap_plan();
    let fake = fake_with(FaultConfig {
        throttling: FaultSchedule::random(0.3),
        seed: 3,
        ..FaultConfig::default()
    });
    let (report, events) = run(&plan, &fake);
    assert!(report.is_success(), "{report:?}");
    assert!(
        retries(&events)
            .iter()
            .all(|e| matches!(e, BackendError::Throttled(_)))
    );
    assert!(
        !retries(&events).is_empty(),
        "30% throttling must cause retries"
    );
    assert_eq!(
        without_meta(fake.snapshot(ACCOUNT)),
        expected_after_bootstrap()
    );
}

#[test]
fn converges_through_5xx_bursts() {
    let plan = bootstrap_plan();
    let fake = fake_with(FaultConfig {
        service_failures: FaultSchedule::bursts(4, 2),
        ..FaultConfig::default()
    });
    let (report, events) = run(&plan, &fake);
    assert!(report.is_success(), "{report:?}");
    assert!(
        retries(&events)
            .iter()
            .any(|e| matches!(e, BackendError::ServiceFailure(_)))
    );
    assert_eq!(
        without_meta(fake.snapshot(ACCOUNT)),
        expected_after_bootstrap()
    );
}

#[test]
fn rides_out_eventual_consistency() {
    let plan = bootstrap_plan();
    let fake = fake_with(FaultConfig {
        propagation_calls: 15,
        ..FaultConfig::default()
    });
    let (report, events) = run(&plan, &fake);
    assert!(report.is_success(), "{report:?}");
    let errors = retries(&events);
    assert!(errors.iter().all(|e| e.may_be_propagation()), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, BackendError::NoSuchEntity(_))),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, BackendError::MalformedPolicy(_))),
        "{errors:?}"
    );
    assert_eq!(
        without_meta(fake.snapshot(ACCOUNT)),
        expected_after_bootstrap()
    );
}

#[test]
fn a_failure_skips_dependents_and_lets_independent_work_finish() {
    use EntityKind::*;
    let plan = plan_of(vec![
        (
            r(Role, "ci"),
            create(Entity::Role(role("ci", "arn:aws:iam::123456789012:root"))),
            vec![],
        ),
        (
            r(Role, "ci"),
            Action::AttachPolicy {
                policy_arn: format!("arn:aws:iam::{ACCOUNT}:policy/missing"),
            },
            vec![0],
        ),
        (
            r(Role, "ci"),
            Action::PutInlinePolicy {
                policy_name: "x".into(),
                before: None,
                after: doc("s3:*"),
            },
            vec![1],
        ),
        (
            r(InstanceProfile, "web"),
            create(Entity::InstanceProfile(profile())),
            vec![],
        ),
        (
            r(InstanceProfile, "web"),
            Action::AddRoleToInstanceProfile { role: "ci".into() },
            vec![2, 3],
        ),
        (
            r(User, "alice"),
            create(Entity::User(user("alice"))),
            vec![],
        ),
    ]);
    let fake = fake_with(FaultConfig::default());
    let (report, events) = run(&plan, &fake);
    assert_eq!(report.done, [0, 3, 5]);
    assert_eq!(report.skipped, [2, 4]);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].0, 1);
    assert!(matches!(report.failed[0].1, BackendError::NoSuchEntity(_)));
    assert_eq!(
        report.summary(),
        "Apply incomplete: 3 done, 1 failed, 2 skipped."
    );
    assert!(events.iter().any(|e| matches!(
        e,
        ApplyEvent::Skipped {
            id: 4,
            failed_dependency: 1,
            ..
        }
    )));
    let account = fake.snapshot(ACCOUNT);
    assert!(
        account.users.contains_key("alice") && account.instance_profiles["web"].roles.is_empty()
    );
}

#[test]
fn non_transient_errors_are_not_retried() {
    use EntityKind::*;
    let plan = plan_of(vec![(
        r(Group, "ghost"),
        Action::AttachPolicy {
            policy_arn: READ_ONLY.into(),
        },
        vec![],
    )]);
    let fake = fake_with(FaultConfig::default());
    // The group was not created by this apply, so even a long propagation window does
    // not make its NoSuchEntity worth retrying.
    let report = apply::execute(&plan, &fake, &options(), &mut |_| {}).unwrap();
    assert_eq!(report.failed.len(), 1);
    assert_eq!(fake.call_counts()["AttachGroupPolicy"], 1);
}

#[test]
fn converges_after_a_crash_by_rerunning_the_rest_or_everything() {
    let plan = bootstrap_plan();
    for rerun_everything in [false, true] {
        let fake = fake_with(FaultConfig {
            crash_after: Some(6),
            ..FaultConfig::default()
        });
        let (first, _) = run(&plan, &fake);
        assert_eq!(first.done.len(), 6, "{first:?}");
        assert!(!first.is_success());
        fake.restart();
        let second = if rerun_everything {
            plan.clone()
        } else {
            remaining(&plan, &first)
        };
        let (report, events) = run(&second, &fake);
        assert!(report.is_success(), "{report:?}");
        if rerun_everything {
            assert!(!report.already_present.is_empty());
            assert!(events.iter().any(|e| matches!(
                e,
                ApplyEvent::Succeeded {
                    already_present: Some(_),
                    ..
                }
            )));
        }
        assert_eq!(
            without_meta(fake.snapshot(ACCOUNT)),
            expected_after_bootstrap()
        );
    }
}

/// The changes of `plan` that `report` did not finish, renumbered with their
/// dependencies on each other kept.
fn remaining(plan: &Plan, report: &ApplyReport) -> Plan {
    let done: BTreeSet<usize> = report.done.iter().copied().collect();
    let kept: Vec<&PlannedChange> = plan
        .changes
        .iter()
        .filter(|c| !done.contains(&c.id))
        .collect();
    let new_id = |old: usize| kept.iter().position(|c| c.id == old);
    let rows = kept
        .iter()
        .map(|c| {
            let deps = c.depends_on.iter().filter_map(|d| new_id(*d)).collect();
            (c.change.target.clone(), c.change.action.clone(), deps)
        })
        .collect();
    plan_of(rows)
}

#[test]
fn refuses_unsafe_plans_before_executing_anything() {
    use EntityKind::*;
    let plan = plan_of(vec![
        (
            r(User, "alice"),
            create(Entity::User(user("alice"))),
            vec![],
        ),
        (
            r(Role, "deployer"),
            Action::Delete {
                entity: Box::new(Entity::Role(role("deployer", "*"))),
            },
            vec![],
        ),
    ]);
    let fake = fake_with(FaultConfig::default());
    let mut options = options();
    options.callers = vec![CallerIdentity {
        account_id: ACCOUNT.into(),
        arn: "arn:aws:sts::123456789012:assumed-role/deployer/session".into(),
    }];
    let err = apply::execute(&plan, &fake, &options, &mut |_| {}).unwrap_err();
    assert!(
        matches!(&err, ApplyError::Unsafe(v) if v.len() == 1),
        "{err}"
    );
    assert!(fake.call_counts().is_empty(), "nothing may run");
}

#[test]
fn rejects_plans_whose_dependencies_point_forward() {
    use EntityKind::*;
    let plan = plan_of(vec![(
        r(User, "alice"),
        create(Entity::User(user("alice"))),
        vec![0],
    )]);
    let err = apply::execute(
        &plan,
        &fake_with(FaultConfig::default()),
        &options(),
        &mut |_| {},
    );
    assert!(matches!(err, Err(ApplyError::InvalidPlan(_))));
}

/// Wraps the fake to measure how many changes run at once.
struct ConcurrencyProbe {
    inner: FakeBackend,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl Backend for ConcurrencyProbe {
    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError> {
        self.inner.read_account(account)
    }

    fn execute(&self, change: &Change) -> Result<(), BackendError> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(5));
        let result = self.inner.execute(change);
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        result
    }
}

#[test]
fn runs_independent_changes_in_parallel_within_the_bound() {
    use EntityKind::*;
    let rows = (0..12)
        .map(|i| {
            let name = format!("user{i}");
            (r(User, &name), create(Entity::User(user(&name))), vec![])
        })
        .collect();
    let probe = ConcurrencyProbe {
        inner: fake_with(FaultConfig::default()),
        in_flight: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    };
    let (report, _) = run(&plan_of(rows), &probe);
    assert_eq!(report.done.len(), 12);
    let peak = probe.peak.load(Ordering::SeqCst);
    assert!(
        (2..=4).contains(&peak),
        "peak concurrency {peak} with parallelism 4"
    );
}

#[test]
fn state_file_round_trip_keeps_unmanaged_entities_and_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::copy("tests/fixtures/states/prod_with_unmanaged.json", &path).unwrap();
    let backend = StateFileBackend::open_locked(&path, Duration::ZERO, &mut |_| {}).unwrap();
    let config = AccountConfig {
        partition: Default::default(),
        name: "prod".into(),
        id: ACCOUNT.into(),
        assume_role: None,
        profile: None,
    };
    let before = backend.read_account(&config).unwrap();
    assert_eq!(
        before.users["legacy-admin"].inline_policies["old"],
        doc("s3:*")
    );
    let plan = bootstrap_plan();
    let (report, _) = run(&plan, &backend);
    assert!(report.is_success(), "{report:?}");
    backend.flush().unwrap();
    drop(backend);

    let text = std::fs::read_to_string(&path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["format_version"], 1);
    let reopened = StateFileBackend::open_locked(&path, Duration::ZERO, &mut |_| {}).unwrap();
    let after = reopened.read_account(&config).unwrap();
    let mut expected = expected_after_bootstrap();
    expected
        .users
        .insert("legacy-admin".into(), before.users["legacy-admin"].clone());
    expected.roles.insert(
        "AWSServiceRoleForSupport".into(),
        before.roles["AWSServiceRoleForSupport"].clone(),
    );
    expected.settings = before.settings.clone();
    expected.oidc_providers = before.oidc_providers.clone();
    assert_eq!(without_meta(after.clone()), without_meta(expected));
    assert!(
        after.roles["deploy"]
            .meta
            .id
            .as_deref()
            .is_some_and(|id| id.starts_with("AROA"))
    );

    reopened.flush().unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "flushing unchanged state is stable"
    );
    let fresh = AccountConfig {
        id: "210987654321".into(),
        ..config
    };
    assert_eq!(
        reopened.read_account(&fresh).unwrap(),
        AccountIam::new("210987654321")
    );
}
