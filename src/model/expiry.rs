//! Access that expires: what an `expires:` ends, when, and the decision at a given clock.
//! An entry is in force strictly before its instant and expired from it on.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{EntityRef, Link, UtcTime};
use crate::diagnostic::Span;

/// Entries expiring within this many days are announced in plans ("expires in N days").
pub const EXPIRY_NOTICE_DAYS: i64 = 30;

/// What one `expires:` ends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExpiryTarget {
    /// A user, role or customer-managed policy (and a role's own instance profile).
    Entity {
        /// The entity.
        entity: EntityRef,
    },
    /// A user's membership of a group.
    Membership {
        /// The user.
        user: String,
        /// The group.
        group: String,
    },
    /// A managed policy attached to a user, group or role.
    Attachment {
        /// The user, group or role.
        holder: EntityRef,
        /// The policy's ARN.
        policy_arn: String,
    },
    /// An inline policy of a user, group or role.
    InlinePolicy {
        /// The user, group or role.
        holder: EntityRef,
        /// The inline policy's name.
        policy_name: String,
    },
    /// A cross-account link (both halves).
    Link {
        /// The link's manifest name.
        name: String,
    },
}

impl fmt::Display for ExpiryTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpiryTarget::Entity { entity } => write!(f, "{entity}"),
            ExpiryTarget::Membership { user, group } => {
                write!(f, "membership of user {user} in group {group}")
            }
            ExpiryTarget::Attachment { holder, policy_arn } => {
                write!(f, "attachment of {policy_arn} to {holder}")
            }
            ExpiryTarget::InlinePolicy {
                holder,
                policy_name,
            } => write!(f, "inline policy {policy_name} of {holder}"),
            ExpiryTarget::Link { name } => write!(f, "link {name}"),
        }
    }
}

/// One `expires:` written in a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    /// Manifest name of the account it is in (a link's: its target role's account).
    pub account: String,
    /// What it ends.
    pub target: ExpiryTarget,
    /// The instant it ends.
    pub at: UtcTime,
    /// Where the `expires:` value is written.
    pub span: Span,
}

impl Expiry {
    /// True from the instant on: at `at` exactly, the entry is already expired.
    pub fn is_expired(&self, now: UtcTime) -> bool {
        now >= self.at
    }

    /// Whole days left (rounded up) when it ends within [`EXPIRY_NOTICE_DAYS`].
    pub fn days_left_in_notice(&self, now: UtcTime) -> Option<i64> {
        let days = now.days_until(self.at);
        (!self.is_expired(now) && days <= EXPIRY_NOTICE_DAYS).then_some(days)
    }
}

/// The expiry decision the desired state was built with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expiries {
    /// The clock the manifests were read at; `None` when no entry has `expires:`.
    pub now: Option<UtcTime>,
    /// Entries whose instant has passed: left out of the desired state, and removed
    /// from the accounts even without pruning.
    pub expired: Vec<Expiry>,
    /// Entries still in force.
    pub in_force: Vec<Expiry>,
    /// The links that ended (their own `expires:`, or an end's), as they were written,
    /// so the plan can name the changes that remove their halves.
    pub ended_links: Vec<Link>,
}

impl Expiries {
    /// Splits `entries` at `now`, keeping `now` only when there is something to decide.
    pub fn decide(entries: Vec<Expiry>, now: UtcTime) -> Expiries {
        let (expired, in_force) = entries.into_iter().partition(|e| e.is_expired(now));
        let mut out = Expiries {
            now: None,
            expired,
            in_force,
            ended_links: Vec::new(),
        };
        if !out.expired.is_empty() || !out.in_force.is_empty() {
            out.now = Some(now);
        }
        out
    }

    /// True when the expired entries of `account` include `target`.
    pub fn has_expired(&self, account: &str, target: &ExpiryTarget) -> bool {
        self.expired
            .iter()
            .any(|e| e.account == account && &e.target == target)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::model::EntityKind;

    fn expiry(at: &str) -> Expiry {
        Expiry {
            account: "prod".into(),
            target: ExpiryTarget::Entity {
                entity: EntityRef::new(EntityKind::Role, "contractor"),
            },
            at: UtcTime::parse_expiry(at).unwrap(),
            span: Span::file_only(Arc::new(PathBuf::from("roles.yaml"))),
        }
    }

    fn time(text: &str) -> UtcTime {
        UtcTime::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn a_date_expires_at_the_first_second_of_the_next_day() {
        let e = expiry("2026-12-31");
        assert!(!e.is_expired(time("2026-12-31T23:59:59Z")));
        assert!(e.is_expired(time("2027-01-01T00:00:00Z")));
        assert!(e.is_expired(time("2027-01-01T00:00:01Z")));
        // 23:30 in UTC-01:00 is 00:30 UTC the next day.
        assert!(e.is_expired(time("2026-12-31T23:30:00-01:00")));
    }

    #[test]
    fn notice_counts_days_left_within_the_window() {
        let e = expiry("2026-12-31T12:00:00Z");
        assert_eq!(e.days_left_in_notice(time("2026-12-31T11:59:59Z")), Some(1));
        assert_eq!(e.days_left_in_notice(time("2026-12-30T12:00:00Z")), Some(1));
        assert_eq!(e.days_left_in_notice(time("2026-12-30T11:00:00Z")), Some(2));
        assert_eq!(
            e.days_left_in_notice(time("2026-12-01T12:00:00Z")),
            Some(30)
        );
        assert_eq!(e.days_left_in_notice(time("2026-12-01T11:59:59Z")), None);
        assert_eq!(e.days_left_in_notice(time("2026-12-31T12:00:00Z")), None);
    }

    #[test]
    fn deciding_splits_at_the_instant_and_records_the_clock() {
        let decided = Expiries::decide(
            vec![expiry("2026-06-30"), expiry("2026-12-31")],
            time("2026-07-01T00:00:00Z"),
        );
        assert_eq!(decided.expired.len(), 1);
        assert_eq!(decided.in_force.len(), 1);
        assert_eq!(decided.now, Some(time("2026-07-01T00:00:00Z")));
        assert_eq!(
            Expiries::decide(Vec::new(), time("2026-07-01T00:00:00Z")).now,
            None
        );
    }
}
