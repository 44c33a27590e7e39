//! An ordered list of changes plus a fingerprint of the state it was computed from.

mod plan_document;

pub use plan_document::{
    AccountFingerprint, IgnoredEntity, PLAN_FORMAT_VERSION, Plan, PlannedChange, Summary,
};
