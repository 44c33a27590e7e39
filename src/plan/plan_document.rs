//! The plan as data: ordered changes, what was ignored, and fingerprints of what was read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// `IgnoredEntity` lives in `diff` (which produces it) and is re-exported here so plans
// keep naming it `plan::IgnoredEntity` without `diff` depending on `plan`.
use crate::access::AccessChange;
pub use crate::diff::IgnoredEntity;
use crate::diff::{AccountKey, Change};
use crate::policy::DataVersions;

use super::expiry_notes::PlanExpiry;
use super::plan_findings::PlanFinding;
use super::shared_access::SharedAccess;
use super::shared_changes::SharedChange;
use super::unread_accounts::{HeldBackChange, UnreadAccount};
use crate::model::UtcTime;

/// Version of the plan JSON format; bumped on incompatible changes.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// A plan: the changes to apply, in an order that respects dependencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// [`PLAN_FORMAT_VERSION`].
    pub format_version: u32,
    /// Set when `plan --target` limited the plan to some entities and what they need:
    /// the plan may then not hold every change the manifests need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeting: Option<Targeting>,
    /// Each account the plan covers, with a fingerprint of the state that was read.
    pub accounts: Vec<AccountFingerprint>,
    /// Changes in execution order; `depends_on` names earlier changes by `id`.
    pub changes: Vec<PlannedChange>,
    /// Entities found in the accounts that iamform leaves alone, and why.
    pub ignored: Vec<IgnoredEntity>,
    /// Things a reviewer should know that are not changes (e.g. a delete that was held back).
    pub warnings: Vec<String>,
    /// Entity counts, Terraform style, and the number of operations.
    pub summary: Summary,
    /// Identical changes to one entity in several accounts (an entity defined for many
    /// accounts), for showing each once with its accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<SharedChange>,
    /// Cross-account links with changes, each naming the changes of its two halves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<PlanLink>,
    /// How the plan changes what each principal may do (empty when nothing changes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<AccessChange>,
    /// Identical access changes of one principal in several accounts (a role defined
    /// for many accounts), for showing each once with its accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_access: Vec<SharedAccess>,
    /// Some principal gains access: new actions, a new assumer of a role, or weaker
    /// conditions (MFA, external id, `aws:PrincipalArn`, source account…) on one.
    #[serde(default)]
    pub broadens_access: bool,
    /// Some principal loses access, or must meet stronger conditions.
    #[serde(default)]
    pub narrows_access: bool,
    /// Lint findings on entities this plan creates or changes, for the reviewer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<PlanFinding>,
    /// How many more lint findings are on entities this plan does not change.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub findings_on_unchanged: usize,
    /// Expired entries and the changes that remove them, entries expiring soon, and the
    /// clock they were decided at; absent when no manifest uses `expires:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<PlanExpiry>,
    /// The bundled AWS data the plan was checked against (lint, effective access); absent
    /// in plans saved before iamform named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_data: Option<DataVersions>,
    /// Accounts that could not be read, with why: the plan has no changes for them and
    /// is incomplete (`accounts` lists only the accounts read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incomplete: Vec<UnreadAccount>,
    /// Changes to the accounts read that depend on an unread account, left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held_back: Vec<HeldBackChange>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What `plan --target` limited a plan to, and how much of the whole plan it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Targeting {
    /// The targets as given: `KIND/NAME` or `ACCOUNT:KIND/NAME`.
    pub targets: Vec<String>,
    /// Changes of the whole plan that this plan leaves out.
    pub left_out: usize,
    /// Principals whose access the whole plan changes in a way this plan does not show
    /// (not at all, or not the same way).
    pub access_left_out: usize,
}

/// The two halves of one cross-account link, by change id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanLink {
    /// The link's manifest name; for a link no manifest defines any more, its grant
    /// policy's name (an expired link keeps its manifest name).
    pub name: String,
    /// Account name of the source principals.
    pub from_account: String,
    /// Account name of the target role.
    pub to_account: String,
    /// The target role.
    pub role: String,
    /// True when no manifest defines the link any more and both halves are being removed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
    /// Changes to the target role's trust (create, replace, trust update, delete).
    pub trust_changes: Vec<usize>,
    /// Changes to the grant policies on the source principals.
    pub grant_changes: Vec<usize>,
}

/// The state of one account a plan was computed against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccountFingerprint {
    /// Which account.
    pub account: AccountKey,
    /// `sha256:` of the canonical form of everything read from the account.
    pub fingerprint: String,
}

/// One change with its place in the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlannedChange {
    /// Position in [`Plan::changes`], starting at 0.
    pub id: usize,
    /// The change.
    #[serde(flatten)]
    pub change: Change,
    /// Ids of changes that must succeed first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<usize>,
    /// When the change removes something whose `expires:` has passed: that instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<UtcTime>,
}

/// How many entities the plan adds, changes and destroys, Terraform style: each entity
/// counts once (detaching a policy or leaving a group changes a user, it destroys
/// nothing), a replacement counts as one add and one destroy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Entities created (replacements included).
    pub add: usize,
    /// Entities changed in place (attachments, memberships, inline policies, fields…).
    pub change: usize,
    /// Entities deleted (replacements included).
    pub destroy: usize,
    /// Changes in the plan, each one step of apply (the length of `changes`).
    pub operations: usize,
}

impl Plan {
    /// True when there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// True when some accounts could not be read, so the plan is not all the manifests
    /// need.
    pub fn is_incomplete(&self) -> bool {
        !self.incomplete.is_empty()
    }
}
