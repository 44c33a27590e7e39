//! Effective access of principals: which policies apply to a user or role, what a
//! principal may do ([`can`]), and how a plan changes that ([`access_changes`]: actions
//! with their MFA and other conditions, and who may assume each role under which
//! conditions), all evaluated with [`crate::policy::simulate`] over the action catalog.
//! Also the lint findings that need the whole account ([`lint_state`]).

mod access_change;
mod action_grants;
mod assumer_change;
mod can_query;
mod change_sources;
mod entity_finding;
mod grant_breadth;
mod grant_summary;
mod manifest_lint;
mod mfa_rule;
mod permission_set_access;
mod principal_policies;
mod sign_in;
mod summary_cache;
mod trust_principals;
mod unchanged_policies;

pub use access_change::{
    AccessChange, AccessGrant, AccessKind, AccessSummary, access_changes, access_changes_to,
};
pub use action_grants::{Grants, grants_between, grants_between_cached};
pub use assumer_change::AssumerChange;
pub use can_query::{AccessError, CanAnswer, can};
pub use entity_finding::EntityFinding;
pub use manifest_lint::{lint_entities, lint_state, own_account_ids};
pub use principal_policies::{PrincipalPolicies, PrincipalRef, policies_for};
pub use trust_principals::{Assumers, ConditionSet, ConditionTest, assumers};
