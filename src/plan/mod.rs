//! An ordered list of changes plus a fingerprint of the state it was computed from.

mod fingerprint;
mod link_halves;
mod plan_builder;
mod plan_document;

pub use fingerprint::fingerprint;
pub use link_halves::link_halves;
pub use plan_builder::{build, summarize};
pub use plan_document::{
    AccountFingerprint, IgnoredEntity, PLAN_FORMAT_VERSION, Plan, PlanLink, PlannedChange, Summary,
};

/// Building whole plans: summary, fingerprints, JSON round trip, snapshot.
#[cfg(test)]
mod tests;
