//! Large applies through the fake backend with its throttling switched on: every change
//! completes, and the executor lowers its concurrency while IAM throttles. Assertions are
//! on the apply's events and report, never on wall-clock time (benches/apply_calls.rs
//! measures throughput).

use std::time::Duration;

use iamform::apply::{self, ApplyEvent, ApplyOptions, ApplyReport, LARGE_APPLY, RetryPolicy};
use iamform::backend::fake::{FakeBackend, FaultConfig, FaultSchedule};
use iamform::backend::memory_iam::MemoryIam;
use iamform::diff::{AccountKey, Action, Change};
use iamform::model::{Entity, EntityKind, EntityRef, Group};
use iamform::plan::{Plan, PlannedChange, Summary};

const ACCOUNT: &str = "123456789012";
const PARALLELISM: usize = 8;

/// `n` independent changes: create groups `g0` … `g{n-1}`.
fn groups_plan(n: usize) -> Plan {
    let changes = (0..n)
        .map(|id| {
            let name = format!("g{id}");
            let group = Group {
                name: name.clone(),
                path: "/".into(),
                managed_policies: Default::default(),
                inline_policies: Default::default(),
                meta: Default::default(),
            };
            PlannedChange {
                id,
                change: Change {
                    account: AccountKey {
                        name: "prod".into(),
                        id: ACCOUNT.into(),
                        partition: Default::default(),
                    },
                    target: EntityRef::new(EntityKind::Group, name),
                    action: Action::Create {
                        entity: Box::new(Entity::Group(group)),
                    },
                },
                depends_on: Vec::new(),
                expired: None,
            }
        })
        .collect();
    Plan {
        format_version: 1,
        targeting: None,
        expiry: None,
        aws_data: None,
        accounts: Vec::new(),
        changes,
        ignored: Vec::new(),
        warnings: Vec::new(),
        summary: Summary::default(),
        shared: Vec::new(),
        links: Vec::new(),
        access: Vec::new(),
        shared_access: Vec::new(),
        broadens_access: false,
        narrows_access: false,
        findings: Vec::new(),
        findings_on_unchanged: 0,
        incomplete: Vec::new(),
        held_back: Vec::new(),
    }
}

fn apply(plan: &Plan, fake: &FakeBackend) -> (ApplyReport, Vec<ApplyEvent>) {
    let options = ApplyOptions {
        parallelism: PARALLELISM,
        retry: RetryPolicy {
            max_attempts: 40,
            base_delay: Duration::from_micros(200),
            max_delay: Duration::from_millis(2),
            propagation_window: Duration::from_secs(5),
        },
        seed: Some(9),
        ..ApplyOptions::default()
    };
    let mut events = Vec::new();
    let report = apply::execute(plan, fake, &options, &mut |e| events.push(e)).unwrap();
    (report, events)
}

/// The concurrency changes the apply announced, in order.
fn limits(events: &[ApplyEvent]) -> Vec<(usize, usize)> {
    events
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::Concurrency { from, to } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_large_apply_under_throttling_completes_with_lowered_concurrency() {
    let plan = groups_plan(200);
    // Four calls in a row throttled every 25: a rate limit's bursts, on a schedule.
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        throttling: FaultSchedule::bursts(25, 4),
        ..FaultConfig::default()
    });
    let (report, events) = apply(&plan, &fake);
    assert!(report.is_success(), "{}", report.summary());
    assert!(report.failed.is_empty());
    assert_eq!(report.done.len(), 200);
    assert_eq!(fake.snapshot(ACCOUNT).groups.len(), 200);

    let changes = limits(&events);
    let lowered: Vec<_> = changes.iter().filter(|(from, to)| to < from).collect();
    assert!(!lowered.is_empty(), "{changes:?}");
    assert_eq!(
        changes[0],
        (PARALLELISM, PARALLELISM * 3 / 4),
        "{changes:?}"
    );
    // Every change of the limit is a lowering or a step of one back up, within bounds.
    for &(from, to) in &changes {
        let lowered = (from * 3 / 4).min(from - 1).max(1);
        assert!(to == lowered || to == from + 1, "{changes:?}");
        assert!((1..=PARALLELISM).contains(&to), "{changes:?}");
    }
    let stats = &report.stats;
    assert!(stats.throttled > 0 && stats.lowest_concurrency < PARALLELISM);
    assert_eq!(stats.calls, 200 + stats.throttled);
    assert!(
        report
            .summary()
            .contains("bound: IAM's write rate (throttled "),
        "{}",
        report.summary()
    );
}

#[test]
fn without_throttling_the_concurrency_stays_and_the_bound_is_the_concurrency() {
    let plan = groups_plan(LARGE_APPLY);
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    let (report, events) = apply(&plan, &fake);
    assert!(report.is_success(), "{}", report.summary());
    assert!(limits(&events).is_empty());
    assert_eq!(report.stats.lowest_concurrency, PARALLELISM);
    assert_eq!(report.stats.calls, LARGE_APPLY as u64);
    let summary = report.summary();
    assert!(
        summary.contains(&format!("bound: {PARALLELISM} calls at once of ")),
        "{summary}"
    );
    assert!(summary.ends_with("IAM did not throttle."), "{summary}");
}
