//! Executes a plan through a backend in dependency order, safely.

mod events;
mod executor;
mod idempotence;
mod options;
mod retry;
pub mod safety;

pub use events::{ApplyEvent, ApplyReport};
pub use executor::{ApplyError, execute};
pub use options::{ApplyOptions, RetryPolicy};
pub use safety::{SafetyViolation, check_safety};
