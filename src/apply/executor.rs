//! Runs a plan's changes on worker threads in dependency order, with bounded concurrency
//! that adapts to throttling (`concurrency`).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::backend::{Backend, BackendError};
use crate::diff::Action;
use crate::plan::Plan;

use super::account_slots::AccountSlots;
use super::concurrency::{LimitChange, Limiter};
use super::retry::{Completion, run_change};
use super::safety::{SafetyViolation, check_safety};
use super::throttle_gate::ThrottleGate;
use super::{ApplyEvent, ApplyOptions, ApplyReport, ApplyStats};

/// Why an apply did not start; nothing was executed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// The plan's ids or dependencies are inconsistent.
    #[error("invalid plan: {0}")]
    InvalidPlan(String),
    /// Some changes are unsafe to run.
    #[error("refusing to apply: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Unsafe(Vec<SafetyViolation>),
}

enum WorkerMessage {
    Event(ApplyEvent),
    Finished(usize, Result<Completion, BackendError>),
    /// The change was taken from the queue after a stop: it was not run.
    NotRun(usize),
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Waiting,
    Running,
    Done,
    Failed,
    Skipped,
}

/// Executes `plan` through `backend`: each change after all its dependencies succeeded,
/// up to `options.parallelism` calls at once, fewer while IAM throttles, in at most
/// `options.account_parallelism` accounts at once. A failure skips
/// its transitive dependents and lets independent changes finish. Once `options.stop`
/// is set no change starts: the ones in flight finish and the rest are reported as not
/// started. Events reach `on_event` on the calling thread.
pub fn execute(
    plan: &Plan,
    backend: &dyn Backend,
    options: &ApplyOptions,
    on_event: &mut dyn FnMut(ApplyEvent),
) -> Result<ApplyReport, ApplyError> {
    let dependents = check_plan(plan)?;
    let violations = check_safety(plan, options);
    if !violations.is_empty() {
        return Err(ApplyError::Unsafe(violations));
    }
    let n = plan.changes.len();
    let mut waiting_on: Vec<usize> = plan
        .changes
        .iter()
        .map(|c| {
            c.depends_on
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        })
        .collect();
    let created = created_by_dependencies(plan);
    let mut status = vec![Status::Waiting; n];
    let mut report = ApplyReport::default();
    let seed = options.seed.unwrap_or_else(|| fastrand::u64(..));
    let started = Instant::now();
    let limiter = Limiter::new(options.parallelism);
    let (msg_tx, msg_rx) = mpsc::channel::<WorkerMessage>();
    let limit_tx = msg_tx.clone();
    let on_limit = move |(from, to): LimitChange| {
        let _ = limit_tx.send(WorkerMessage::Event(ApplyEvent::Concurrency { from, to }));
    };
    let gate = ThrottleGate::new(backend, &limiter, &on_limit);
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = mpsc::channel::<usize>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        for worker in 0..options.parallelism.max(1).min(n.max(1)) {
            let job_rx = Arc::clone(&job_rx);
            let msg_tx = msg_tx.clone();
            let created = &created;
            let gate = &gate;
            scope.spawn(move || {
                let mut rng = fastrand::Rng::with_seed(seed.wrapping_add(worker as u64));
                let emit = |e| {
                    let _ = msg_tx.send(WorkerMessage::Event(e));
                };
                loop {
                    let job = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok(index)) = job else { break };
                    // Changes queued before a stop wait here for a worker: they must
                    // not start either.
                    if options.stop.is_stopped() {
                        let _ = msg_tx.send(WorkerMessage::NotRun(index));
                        continue;
                    }
                    // A panicking backend must not leave the coordinator waiting forever.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let planned = &plan.changes[index];
                        run_change(planned, &created[index], gate, options, &mut rng, &emit)
                    }))
                    .unwrap_or_else(|_| {
                        Err(BackendError::Other(
                            "the backend panicked while executing this change".into(),
                        ))
                    });
                    let _ = msg_tx.send(WorkerMessage::Finished(index, result));
                }
            });
        }
        drop(msg_tx);
        let mut in_flight = 0;
        let mut slots = AccountSlots::new(options.account_parallelism);
        let account = |index: usize| plan.changes[index].change.account.name.as_str();
        // Hands a change to the workers.
        let send = |index: usize, status: &mut [Status], in_flight: &mut usize| {
            status[index] = Status::Running;
            *in_flight += 1;
            let _ = job_tx.send(index);
        };
        if !options.stop.is_stopped() {
            for index in (0..n).filter(|i| waiting_on[*i] == 0) {
                if let Some(index) = slots.ready(index, account(index)) {
                    send(index, &mut status, &mut in_flight);
                }
            }
        }
        while in_flight > 0 {
            let Ok(message) = msg_rx.recv() else { break };
            let (index, result) = match message {
                WorkerMessage::Event(e) => {
                    on_event(e);
                    continue;
                }
                WorkerMessage::NotRun(index) => {
                    in_flight -= 1;
                    status[index] = Status::Waiting;
                    // After a stop nothing starts: the changes it frees stay waiting.
                    let _ = slots.finished(account(index));
                    continue;
                }
                WorkerMessage::Finished(index, result) => (index, result),
            };
            in_flight -= 1;
            if !options.stop.is_stopped() {
                for freed in slots.finished(account(index)) {
                    send(freed, &mut status, &mut in_flight);
                }
            }
            let id = plan.changes[index].id;
            let description = plan.changes[index].change.to_string();
            match result {
                Ok(completion) => {
                    status[index] = Status::Done;
                    report.done.push(id);
                    let already_present = match completion {
                        Completion::Applied => None,
                        Completion::AlreadyPresent(why) => {
                            report.already_present.push(id);
                            Some(why)
                        }
                    };
                    on_event(ApplyEvent::Succeeded {
                        id,
                        description,
                        already_present,
                    });
                    for &next in &dependents[index] {
                        waiting_on[next] -= 1;
                        if waiting_on[next] == 0
                            && status[next] == Status::Waiting
                            && !options.stop.is_stopped()
                            && let Some(next) = slots.ready(next, account(next))
                        {
                            send(next, &mut status, &mut in_flight);
                        }
                    }
                }
                Err(error) => {
                    status[index] = Status::Failed;
                    report.failed.push((id, error.clone()));
                    on_event(ApplyEvent::Failed {
                        id,
                        description,
                        error,
                    });
                    skip_dependents(plan, &dependents, index, &mut status, &mut report, on_event);
                }
            }
        }
        drop(job_tx);
    });
    // Left waiting: not started because of a stop (or waiting on such a change).
    for (index, planned) in plan.changes.iter().enumerate() {
        if status[index] == Status::Waiting {
            report.not_started.push(planned.id);
            on_event(ApplyEvent::NotStarted {
                id: planned.id,
                description: planned.change.to_string(),
            });
        }
    }
    report.stats = stats(&limiter, options.parallelism, started.elapsed());
    report.done.sort_unstable();
    report.already_present.sort_unstable();
    report.skipped.sort_unstable();
    report.failed.sort_by_key(|(id, _)| *id);
    Ok(report)
}

fn stats(limiter: &Limiter, parallelism: usize, elapsed: Duration) -> ApplyStats {
    let calls = limiter.stats();
    ApplyStats {
        elapsed,
        calls: calls.calls,
        throttled: calls.throttled,
        concurrency: parallelism.max(1),
        lowest_concurrency: calls.lowest,
        mean_call: match u32::try_from(calls.calls) {
            Ok(n) if n > 0 => calls.busy / n,
            _ => Duration::ZERO,
        },
    }
}

fn skip_dependents(
    plan: &Plan,
    dependents: &[Vec<usize>],
    failed: usize,
    status: &mut [Status],
    report: &mut ApplyReport,
    on_event: &mut dyn FnMut(ApplyEvent),
) {
    let failed_id = plan.changes[failed].id;
    let mut stack = dependents[failed].clone();
    while let Some(index) = stack.pop() {
        if status[index] != Status::Waiting {
            continue;
        }
        status[index] = Status::Skipped;
        let planned = &plan.changes[index];
        report.skipped.push(planned.id);
        on_event(ApplyEvent::Skipped {
            id: planned.id,
            description: planned.change.to_string(),
            failed_dependency: failed_id,
        });
        stack.extend(dependents[index].iter().copied());
    }
}

/// For each change, the names of the entities its dependencies create: a change runs
/// only after those succeeded, so these are exactly the entities this apply created
/// that the change may find not yet visible.
fn created_by_dependencies(plan: &Plan) -> Vec<Vec<String>> {
    plan.changes
        .iter()
        .map(|planned| {
            planned
                .depends_on
                .iter()
                .map(|&dep| &plan.changes[dep].change)
                .filter(|c| matches!(c.action, Action::Create { .. } | Action::Replace { .. }))
                .map(|c| c.target.name.clone())
                .collect()
        })
        .collect()
}

/// Checks ids are positions and dependencies point at earlier changes (so there is no
/// cycle); returns, for each change, the changes that depend on it.
fn check_plan(plan: &Plan) -> Result<Vec<Vec<usize>>, ApplyError> {
    let mut dependents = vec![Vec::new(); plan.changes.len()];
    for (index, planned) in plan.changes.iter().enumerate() {
        if planned.id != index {
            return Err(ApplyError::InvalidPlan(format!(
                "change at position {index} has id {}",
                planned.id
            )));
        }
        for &dep in &planned.depends_on {
            if dep >= index {
                return Err(ApplyError::InvalidPlan(format!(
                    "change {index} depends on change {dep}, which does not come before it"
                )));
            }
            if !dependents[dep].contains(&index) {
                dependents[dep].push(index);
            }
        }
    }
    Ok(dependents)
}

#[cfg(test)]
#[path = "stop_tests.rs"]
mod stop_tests;
