//! An ordered list of changes plus a fingerprint of the state it was computed from.

mod credential_access;
mod expiry_notes;
mod fingerprint;
mod link_halves;
mod plan_builder;
mod plan_document;
mod plan_findings;
mod policy_references;
mod principal_references;
mod saved_plan;
mod shared_access;
mod shared_changes;
mod state_after;
mod summary;
mod target;
mod unread_accounts;

pub use expiry_notes::{ExpiryNote, PlanExpiry, expiry_notes};
pub use fingerprint::fingerprint;
pub use link_halves::link_halves;
pub use plan_builder::{build, build_partial, build_targeted, check_desired};
pub use plan_document::{
    AccountFingerprint, IgnoredEntity, PLAN_FORMAT_VERSION, Plan, PlanLink, PlannedChange, Summary,
    Targeting,
};
pub use plan_findings::{PlanFinding, attach_findings};
pub use policy_references::missing_policy_references;
pub use principal_references::missing_principals;
pub use saved_plan::{SavedPlanError, check_plan_accounts, check_plan_fresh};
pub use shared_access::{SharedAccess, shared_access};
pub use shared_changes::{OWN_ACCOUNT_ID, SharedChange, accounts_phrase, shared_changes};
pub use summary::{entity_class, summarize};
pub use target::{Target, TargetError, check_targets};
pub use unread_accounts::{HeldBackChange, UnreadAccount};

/// Building whole plans: summary, fingerprints, JSON round trip, snapshot.
#[cfg(test)]
mod tests;
