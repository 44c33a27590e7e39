//! `--verbose` extras, on stderr: every API request by operation (what the server saw:
//! retries and the credential providers' STS calls included) and how long each phase of
//! the command took.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use iamform::backend::Backend;

use super::Ui;

/// How long each phase of a command took (`read`, `plan`, `render`, `apply`, …).
#[derive(Debug, Default)]
pub struct Timings {
    phases: RefCell<Vec<(&'static str, Duration)>>,
}

impl Timings {
    /// Runs `work`, adding its duration to `phase` (a phase run twice adds up).
    pub fn time<T>(&self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        let took = started.elapsed();
        let mut phases = self.phases.borrow_mut();
        match phases.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += took,
            None => phases.push((phase, took)),
        }
        result
    }

    /// `Timings: read 0.41 s, plan 0.02 s`; `None` when nothing was timed.
    fn line(&self) -> Option<String> {
        let phases = self.phases.borrow();
        if phases.is_empty() {
            return None;
        }
        let parts: Vec<String> = phases
            .iter()
            .map(|(name, took)| format!("{name} {:.2} s", took.as_secs_f64()))
            .collect();
        Some(format!("Timings: {}", parts.join(", ")))
    }
}

/// Prints, when `cli.verbose`, the API calls `backend` made and the timings.
pub fn print(ui: &Ui, verbose: bool, backend: Option<&dyn Backend>, timings: &Timings) {
    if !verbose {
        return;
    }
    if let Some(backend) = backend {
        print_api_calls(ui, backend);
    }
    if let Some(line) = timings.line() {
        ui.eprintln(line);
    }
}

/// How many API requests of each kind the backend sent (nothing for backends that
/// send none, like a state file).
fn print_api_calls(ui: &Ui, backend: &dyn Backend) {
    let calls = backend.api_calls();
    if calls.is_empty() {
        return;
    }
    let total: u64 = calls.values().sum();
    ui.eprintln(format_args!("API calls: {total}"));
    for (op, n) in calls {
        ui.eprintln(format_args!("  {op:<40} {n}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_keep_their_order_and_add_up() {
        let timings = Timings::default();
        assert_eq!(timings.line(), None);
        let answer = timings.time("read", || 42);
        assert_eq!(answer, 42);
        timings.time("plan", || ());
        timings.time("read", || ());
        let line = timings.line().unwrap();
        let names: Vec<&str> = line
            .trim_start_matches("Timings: ")
            .split(", ")
            .map(|p| p.split(' ').next().unwrap())
            .collect();
        assert_eq!(names, ["read", "plan"]);
        assert!(line.ends_with(" s"), "{line}");
    }
}
