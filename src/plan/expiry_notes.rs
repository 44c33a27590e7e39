//! What a plan says about `expires:`: each change that ends an expired entry carries its
//! instant, and a section lists expired entries (with the changes that end them, none
//! when the account never had them) and entries ending within the notice window.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::PlannedChange;
use crate::diff::Action;
use crate::model::{
    DesiredState, EXPIRY_NOTICE_DAYS, EntityKind, EntityRef, Expiry, ExpiryTarget, Link, UtcTime,
};

/// The plan's expiry section: present when a manifest uses `expires:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanExpiry {
    /// The clock expiry was decided at (the system clock, or `IAMFORM_NOW`); applying the
    /// saved plan runs its changes as decided then.
    pub now: UtcTime,
    /// Entries ending within this many days are listed in `expiring`.
    pub notice_days: i64,
    /// Entries whose instant has passed, each with the changes that remove it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expired: Vec<ExpiryNote>,
    /// Entries still in force that end within `notice_days`, soonest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expiring: Vec<ExpiryNote>,
}

/// One `expires:` entry as the plan reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ExpiryNote {
    /// Account name (a link's: its target role's account).
    pub account: String,
    /// What ends.
    pub target: ExpiryTarget,
    /// When it ends.
    pub at: UtcTime,
    /// Whole days left, rounded up (`expiring` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// Ids of the changes that remove it (`expired` only); empty when the account does
    /// not hold it, so nothing is created.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<usize>,
}

/// Marks the changes that end expired entries and builds the expiry section; `None`
/// when no manifest entry has `expires:`.
pub fn expiry_notes(desired: &DesiredState, changes: &mut [PlannedChange]) -> Option<PlanExpiry> {
    let expiries = &desired.expiries;
    let now = expiries.now?;
    let mut expired = Vec::new();
    for e in &expiries.expired {
        let link = match &e.target {
            ExpiryTarget::Link { name } => expiries.ended_links.iter().find(|l| &l.name == name),
            _ => None,
        };
        let ids: Vec<usize> = changes
            .iter_mut()
            .filter(|c| ends(e, link, c))
            .map(|c| {
                // The earliest instant wins when two entries end the same change.
                c.expired = Some(c.expired.map_or(e.at, |at| at.min(e.at)));
                c.id
            })
            .collect();
        expired.push(note(e, None, ids));
    }
    let mut expiring: Vec<ExpiryNote> = expiries
        .in_force
        .iter()
        .filter_map(|e| Some(note(e, Some(e.days_left_in_notice(now)?), Vec::new())))
        .collect();
    expiring.sort_by(|a, b| (a.at, &a.account, &a.target).cmp(&(b.at, &b.account, &b.target)));
    expired.sort_by(|a, b| (&a.account, &a.target).cmp(&(&b.account, &b.target)));
    Some(PlanExpiry {
        now,
        notice_days: EXPIRY_NOTICE_DAYS,
        expired,
        expiring,
    })
}

fn note(e: &Expiry, days_left: Option<i64>, changes: Vec<usize>) -> ExpiryNote {
    ExpiryNote {
        account: e.account.clone(),
        target: e.target.clone(),
        at: e.at,
        days_left,
        changes,
    }
}

/// True when `c` removes (part of) what `e` ends.
fn ends(e: &Expiry, link: Option<&Link>, c: &PlannedChange) -> bool {
    let change = &c.change;
    let account = change.account.name.as_str();
    match (&e.target, &change.action) {
        (ExpiryTarget::Entity { entity }, _) => account == e.account && &change.target == entity,
        (ExpiryTarget::Membership { user, group }, Action::RemoveUserFromGroup { group: g }) => {
            account == e.account
                && change.target == EntityRef::new(EntityKind::User, user)
                && g == group
        }
        (ExpiryTarget::Attachment { holder, policy_arn }, Action::DetachPolicy { policy_arn: a }) => {
            account == e.account && &change.target == holder && a == policy_arn
        }
        (
            ExpiryTarget::InlinePolicy {
                holder,
                policy_name,
            },
            Action::DeleteInlinePolicy { policy_name: n, .. },
        ) => account == e.account && &change.target == holder && n == policy_name,
        (ExpiryTarget::Link { .. }, Action::DeleteInlinePolicy { policy_name, .. }) => {
            link.is_some_and(|l| {
                account == l.from_account
                    && l.sources.contains(&change.target)
                    && *policy_name == l.grant_policy_name()
            })
        }
        (ExpiryTarget::Link { .. }, Action::UpdateTrustPolicy { .. }) => link.is_some_and(|l| {
            account == l.to_account && change.target == EntityRef::new(EntityKind::Role, &l.role)
        }),
        _ => false,
    }
}
