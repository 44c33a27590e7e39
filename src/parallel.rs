//! Independent work on every core, answers in input order, so output never depends on
//! how the work was shared out. Used where items do not depend on each other: manifest
//! files, principals, entities to lint, accounts to read (on a bounded pool).

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// Stack of each worker: what Linux gives the main thread by default.
const STACK_SIZE: usize = 8 << 20;

/// `f` of every item, in the order of `items`. Threads take the next item as they become
/// free, so one slow item (a large file) does not hold up a fixed share of the rest. A
/// panic in `f` is raised again here.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, || (), |(), item| f(item))
}

/// [`map`] where each thread first makes its own `state` (a cache no other thread
/// needs to see) and passes it to `f` for every item it takes.
pub fn map_with<T: Sync, R: Send, S>(
    items: &[T],
    state: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    map_on(cores, items, state, f)
}

/// [`map`] on at most `threads` threads whatever the cores: for work that mostly waits
/// (an account read is network round trips), where the bound is how much to ask of a
/// remote service at once rather than how much the machine can compute.
pub fn map_bounded<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_on(threads, items, || (), |(), item| f(item))
}

fn map_on<T: Sync, R: Send, S>(
    threads: usize,
    items: &[T],
    state: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        let mut state = state();
        return items.iter().map(|item| f(&mut state, item)).collect();
    }
    let next = AtomicUsize::new(0);
    // Each thread's answers come in the order it took the items; the index recovers
    // the input order.
    let indexed = || {
        let mut state = state();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(&mut state, item)));
        }
    };
    let mut answers: Vec<(usize, R)> = std::thread::scope(|scope| {
        // The calling thread works too, so every item is done even if no helper starts.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                // The main thread's stack, so deeply nested input fails alike on any thread.
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, indexed)
                    .ok()
            })
            .collect();
        let mut all = indexed();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    answers.sort_unstable_by_key(|(i, _)| *i);
    answers.into_iter().map(|(_, r)| r).collect()
}

/// `a()` and `b()`, `a` on another core when a thread can be started. A panic in either
/// is raised again here.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    // `a` waits in a slot for whichever thread runs it: the helper, or this one when no
    // helper could be started.
    let slot = Mutex::new(Some(a));
    let take_and_run = || {
        let a = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        a.map(|a| a())
    };
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, take_and_run);
        let b = b();
        let from_helper = match helper {
            Ok(helper) => helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        match from_helper.or_else(take_and_run) {
            Some(a) => (a, b),
            None => unreachable!("the slot is taken exactly once"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_come_in_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so threads finish items out of order.
        let out = map(&items, |i| {
            (0..(i % 7) * 1000).fold(*i, |acc, _| acc.rotate_left(1))
        });
        let expected: Vec<u64> = items
            .iter()
            .map(|i| (0..(i % 7) * 1000).fold(*i, |acc, _| acc.rotate_left(1)))
            .collect();
        assert_eq!(out, expected);
        assert!(map(&[] as &[u64], |i| *i).is_empty());
    }

    #[test]
    fn bounded_map_never_runs_more_than_its_bound_at_once() {
        let items: Vec<u32> = (0..40).collect();
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let out = map_bounded(&items, 3, |i| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(2));
            running.fetch_sub(1, Ordering::SeqCst);
            i * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let most = most.load(Ordering::SeqCst);
        // Sleeping items overlap even on one core, so the bound is what limits them.
        assert!((2..=3).contains(&most), "{most} at once");
        assert_eq!(map_bounded(&items, 0, |i| *i), items);
    }

    #[test]
    fn join_runs_both() {
        let (a, b) = join(|| (1..=10).sum::<u32>(), || "b");
        assert_eq!((a, b), (55, "b"));
    }

    #[test]
    #[should_panic(expected = "item 5")]
    fn a_panic_reaches_the_caller() {
        let items: Vec<u32> = (0..10).collect();
        map(&items, |i| assert_ne!(*i, 5, "item {i}"));
    }
}
