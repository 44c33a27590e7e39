//! A stop (the CLI's Ctrl-C) during an apply: nothing starts after it, what was running
//! finishes, and the report says what was done and what was not started.

use std::time::Duration;

use crate::apply::retry::retry_tests::{create_user, plan_of};
use crate::apply::{ApplyEvent, ApplyOptions, StopFlag, execute};
use crate::backend::fake::{FakeBackend, FaultConfig};
use crate::backend::memory_iam::MemoryIam;
use crate::model::EntityKind;

const ACCOUNT: &str = "123456789012";

/// Users the fake holds after the apply.
fn users(fake: &FakeBackend) -> Vec<String> {
    fake.snapshot(ACCOUNT).users.into_keys().collect()
}

fn options(parallelism: usize) -> (ApplyOptions, StopFlag) {
    let stop = StopFlag::default();
    let options = ApplyOptions {
        parallelism,
        seed: Some(1),
        stop: stop.clone(),
        ..ApplyOptions::default()
    };
    (options, stop)
}

#[test]
fn a_stop_after_three_changes_starts_no_more_and_reports_the_rest() {
    // A chain: each user waits for the one before, so the fourth is scheduled only after
    // the third is reported, which is when the stop comes.
    let names: Vec<String> = (0..8).map(|i| format!("u{i}")).collect();
    let plan = plan_of(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (create_user(n), if i == 0 { vec![] } else { vec![i - 1] }))
            .collect(),
    );
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    let (options, stop) = options(4);
    let mut succeeded = 0;
    let mut not_started = Vec::new();
    let report = execute(&plan, &fake, &options, &mut |e| match e {
        ApplyEvent::Succeeded { .. } => {
            succeeded += 1;
            if succeeded == 3 {
                stop.stop();
            }
        }
        ApplyEvent::NotStarted { id, description } => not_started.push((id, description)),
        _ => {}
    })
    .unwrap();
    assert_eq!(report.done, [0, 1, 2]);
    assert_eq!(report.not_started, [3, 4, 5, 6, 7]);
    assert!(report.failed.is_empty() && report.skipped.is_empty());
    assert!(!report.is_success());
    assert_eq!(
        report.summary(),
        "Apply interrupted: 3 done, 0 failed, 0 skipped, 5 not started."
    );
    assert_eq!(not_started.len(), 5);
    assert_eq!(not_started[0], (3, plan.changes[3].change.to_string()));
    assert_eq!(users(&fake), ["u0", "u1", "u2"]);
}

#[test]
fn queued_changes_do_not_start_after_a_stop() {
    // Independent changes are all queued at once; one worker takes them one by one,
    // each call taking long enough for the stop to be seen before the next one.
    let plan = plan_of(
        (0..20)
            .map(|i| (create_user(&format!("u{i:02}")), vec![]))
            .collect(),
    );
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        latency: Duration::from_millis(20),
        ..FaultConfig::default()
    });
    let (options, stop) = options(1);
    let report = execute(&plan, &fake, &options, &mut |e| {
        if matches!(e, ApplyEvent::Succeeded { id: 4, .. }) {
            stop.stop();
        }
    })
    .unwrap();
    // The worker may have taken the next change before the stop was seen.
    assert!(matches!(report.done.len(), 5 | 6), "{:?}", report.done);
    assert_eq!(report.done.len() + report.not_started.len(), 20);
    assert_eq!(users(&fake).len(), report.done.len());
    let created = fake
        .touched_entities()
        .into_iter()
        .filter(|(_, e)| e.kind == EntityKind::User)
        .count();
    assert_eq!(created, report.done.len());
}

#[test]
fn a_stop_before_the_apply_starts_nothing() {
    let plan = plan_of(vec![
        (create_user("a"), vec![]),
        (create_user("b"), vec![0]),
    ]);
    let fake = FakeBackend::new(MemoryIam::with_seed(1));
    let (options, stop) = options(8);
    stop.stop();
    let report = execute(&plan, &fake, &options, &mut |_| {}).unwrap();
    assert!(report.done.is_empty());
    assert_eq!(report.not_started, [0, 1]);
    assert!(users(&fake).is_empty());
    assert_eq!(fake.touched(), []);
}
