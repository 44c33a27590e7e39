//! What a plan says about `expires:`: each change that ends an expired entry carries its
//! instant, and a section lists expired entries (with the changes that end them, none
//! when the account never had them) and entries ending within the notice window.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::PlannedChange;
use crate::diff::Action;
use crate::model::{
    AccountIam, DesiredState, EXPIRY_NOTICE_DAYS, EntityKind, EntityRef, Expiry, ExpiryTarget,
    Link, UtcTime,
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
    /// Ids of the changes that remove it (`expired` only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<usize>,
    /// Whether the account held it when the plan was made (`expired` only): when it did
    /// not, nothing is created; when it did and `changes` is empty, this plan leaves it
    /// (left out by `--target`, or its delete held back with a warning).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_account: bool,
}

/// Marks the changes that end expired entries and builds the expiry section; `None`
/// when no manifest entry has `expires:`.
pub fn expiry_notes(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    changes: &mut [PlannedChange],
) -> Option<PlanExpiry> {
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
        let mut n = note(e, None, ids);
        n.in_account = actual
            .get(&e.account)
            .is_some_and(|iam| holds(iam, actual, &e.target, link));
        expired.push(n);
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
        in_account: false,
    }
}

/// True when the account (for a link: the source account) holds what `target` names.
fn holds(
    iam: &AccountIam,
    actual: &BTreeMap<String, AccountIam>,
    target: &ExpiryTarget,
    link: Option<&Link>,
) -> bool {
    let principal = |holder: &EntityRef| match holder.kind {
        EntityKind::User => iam
            .users
            .get(&holder.name)
            .map(|u| (&u.managed_policies, &u.inline_policies)),
        EntityKind::Group => iam
            .groups
            .get(&holder.name)
            .map(|g| (&g.managed_policies, &g.inline_policies)),
        EntityKind::Role => iam
            .roles
            .get(&holder.name)
            .map(|r| (&r.managed_policies, &r.inline_policies)),
        _ => None,
    };
    match target {
        ExpiryTarget::Entity { entity } => match entity.kind {
            EntityKind::User => iam.users.contains_key(&entity.name),
            EntityKind::Role => iam.roles.contains_key(&entity.name),
            EntityKind::Policy => iam.policies.contains_key(&entity.name),
            EntityKind::InstanceProfile => iam.instance_profiles.contains_key(&entity.name),
            EntityKind::Group
            | EntityKind::AccountSettings
            | EntityKind::OidcProvider
            | EntityKind::SamlProvider
            | EntityKind::PermissionSet => false,
        },
        ExpiryTarget::Membership { user, group } => iam
            .users
            .get(user)
            .is_some_and(|u| u.groups.contains(group)),
        ExpiryTarget::Attachment { holder, policy_arn } => {
            principal(holder).is_some_and(|(managed, _)| managed.contains(policy_arn))
        }
        ExpiryTarget::InlinePolicy {
            holder,
            policy_name,
        } => principal(holder).is_some_and(|(_, inline)| inline.contains_key(policy_name)),
        ExpiryTarget::Link { .. } => link.is_some_and(|l| {
            let Some(from) = actual.get(&l.from_account) else {
                return false;
            };
            let grant = l.grant_policy_name();
            l.sources.iter().any(|s| {
                let inline = match s.kind {
                    EntityKind::User => from.users.get(&s.name).map(|u| &u.inline_policies),
                    EntityKind::Group => from.groups.get(&s.name).map(|g| &g.inline_policies),
                    EntityKind::Role => from.roles.get(&s.name).map(|r| &r.inline_policies),
                    _ => None,
                };
                inline.is_some_and(|i| i.contains_key(&grant))
            })
        }),
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
        (
            ExpiryTarget::Attachment { holder, policy_arn },
            Action::DetachPolicy { policy_arn: a },
        ) => account == e.account && &change.target == holder && a == policy_arn,
        (
            ExpiryTarget::InlinePolicy {
                holder,
                policy_name,
            },
            Action::DeleteInlinePolicy { policy_name: n, .. },
        ) => account == e.account && &change.target == holder && n == policy_name,
        (ExpiryTarget::Link { .. }, Action::DeleteInlinePolicy { policy_name, .. }) => link
            .is_some_and(|l| {
                account == l.from_account
                    && l.sources.contains(&change.target)
                    && *policy_name == l.grant_policy_name()
            }),
        (ExpiryTarget::Link { .. }, Action::UpdateTrustPolicy { .. }) => link.is_some_and(|l| {
            account == l.to_account && change.target == EntityRef::new(EntityKind::Role, &l.role)
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Span;
    use crate::diff::tests::fixtures::*;
    use crate::model::Expiries;
    use crate::plan::build;

    fn entry(target: ExpiryTarget, at: &str) -> Expiry {
        Expiry {
            account: "prod".into(),
            target,
            at: UtcTime::parse_expiry(at).unwrap(),
            span: Span::file_only(Arc::new(PathBuf::from("e.yaml"))),
        }
    }

    fn entity(kind: EntityKind, name: &str) -> ExpiryTarget {
        ExpiryTarget::Entity {
            entity: EntityRef::new(kind, name),
        }
    }

    #[test]
    fn expired_entities_are_deleted_without_pruning_and_marked() {
        // Desired: alice stays, but her membership of ops has expired; the role
        // contractor and the user ghost (never created) have expired; temp expires soon.
        let mut desired = prod();
        desired.groups.insert("ops".into(), group("ops"));
        desired.users.insert("alice".into(), user("alice"));
        desired.roles.insert("temp".into(), role("temp"));
        let mut actual = desired.clone();
        actual.roles.insert("contractor".into(), role("contractor"));
        actual.roles.insert("unrelated".into(), role("unrelated"));
        actual
            .users
            .get_mut("alice")
            .unwrap()
            .groups
            .insert("ops".into());
        let mut state = desired_prod(desired, false);
        let now = UtcTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
        state.expiries = Expiries::decide(
            vec![
                entry(entity(EntityKind::Role, "contractor"), "2026-12-31"),
                entry(entity(EntityKind::User, "ghost"), "2026-06-30"),
                entry(
                    ExpiryTarget::Membership {
                        user: "alice".into(),
                        group: "ops".into(),
                    },
                    "2026-12-31T23:59:59Z",
                ),
                entry(entity(EntityKind::Role, "temp"), "2027-01-03"),
                entry(entity(EntityKind::User, "alice"), "2027-06-30"),
            ],
            now,
        );
        let plan = build(&state, &BTreeMap::from([("prod".to_string(), actual)])).unwrap();
        let marked: Vec<(String, Option<String>)> = plan
            .changes
            .iter()
            .map(|c| (describe(&c.change), c.expired.map(|t| t.to_string())))
            .collect();
        assert_eq!(
            marked,
            [
                (
                    "user alice: remove_from_group ops".to_string(),
                    Some("2026-12-31T23:59:59Z".to_string())
                ),
                (
                    "role contractor: delete".to_string(),
                    Some("2027-01-01T00:00:00Z".to_string())
                ),
            ],
            "the unrelated role stays: pruning is off"
        );
        let expiry = plan.expiry.unwrap();
        assert_eq!(expiry.now, now);
        let fates: Vec<(String, Vec<usize>, bool)> = expiry
            .expired
            .iter()
            .map(|n| (n.target.to_string(), n.changes.clone(), n.in_account))
            .collect();
        assert_eq!(
            fates,
            [
                ("user ghost".to_string(), vec![], false),
                ("role contractor".to_string(), vec![1], true),
                (
                    "membership of user alice in group ops".to_string(),
                    vec![0],
                    true
                ),
            ]
        );
        let soon: Vec<(String, Option<i64>)> = expiry
            .expiring
            .iter()
            .map(|n| (n.target.to_string(), n.days_left))
            .collect();
        assert_eq!(soon, [("role temp".to_string(), Some(3))]);
    }

    #[test]
    fn no_expires_no_section() {
        let state = desired_prod(prod(), false);
        let plan = build(&state, &BTreeMap::new()).unwrap();
        assert!(plan.expiry.is_none());
    }
}
