//! Executes a plan through a backend in dependency order, safely.

mod account_slots;
mod concurrency;
mod events;
mod executor;
mod idempotence;
mod options;
mod retry;
pub mod safety;
mod throttle_gate;

pub use events::{ApplyEvent, ApplyReport, ApplyStats, LARGE_APPLY};
pub use executor::{ApplyError, execute};
pub use options::{ApplyOptions, RetryPolicy, StopFlag};
pub use safety::{SafetyViolation, check_safety};
