//! Desired against actual: the typed [`Change`]s that make an account match its manifests.

mod change;

pub use change::{AccountKey, Action, Change, ChangeClass, FieldChange};
