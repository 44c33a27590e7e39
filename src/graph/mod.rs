//! Dependencies between entities and between changes (petgraph), across accounts.
//!
//! [`EntityGraph`] links the desired entities (policy → principal, group → member,
//! role → instance profile, trusted principal → trusting role); [`check_cycles`] rejects
//! states that could never be created. [`order_changes`] sorts a diff's changes into an
//! order that respects what each change needs, deterministically.

mod change_links;
mod change_order;
mod cycle_check;
mod entity_graph;
mod order_key;
mod skipped_accounts;
mod trusted_principals;

pub use change_order::{OrderError, order_changes};
pub use cycle_check::check_cycles;
pub use entity_graph::{Dependency, EntityGraph, EntityNode};
pub use skipped_accounts::{SkippedDependency, skipped_dependencies};
pub use trusted_principals::trusted_principal_arns;

/// Ordering and cycle scenarios over real diffs.
#[cfg(test)]
mod tests;
