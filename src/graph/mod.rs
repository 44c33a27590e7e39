//! Dependencies between changes (petgraph), across accounts.
//!
//! [`split_trust_cycles`] turns roles created in one plan that trust each other (or
//! themselves) into a create with an interim trust plus a trust update, since IAM only
//! accepts a principal that exists. [`order_changes`] sorts a diff's changes into an
//! order that respects what each change needs, deterministically, as
//! [`OrderedChange`]s (`plan` numbers them into its `PlannedChange`s).

mod change_links;
mod change_order;
mod interim_trust;
mod order_key;
mod skipped_accounts;
mod trust_cycles;
mod trusted_principals;

pub use change_order::{OrderError, OrderedChange, order_changes};
pub use skipped_accounts::{SkippedDependency, skipped_dependencies};
pub use trust_cycles::{TrustSplit, split_trust_cycles};
pub use trusted_principals::{trust_dependencies, trusted_principal_arns};

/// Ordering and trust-cycle scenarios over real diffs.
#[cfg(test)]
mod tests;
