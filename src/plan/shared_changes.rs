//! Identical changes in many accounts, found once: an entity defined for many accounts
//! (`accounts:`) usually changes the same way in each, and a reviewer should read that
//! change once with the list of accounts ("+ role audit in 47 accounts: …"), and read
//! per account only what differs.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::PlannedChange;
use crate::model::EntityRef;

/// The same changes to the same entity in several accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedChange {
    /// The entity (same kind and name in each account).
    pub target: EntityRef,
    /// The accounts, by manifest name, in name order (the order plans list accounts).
    pub accounts: Vec<String>,
    /// Ids of the changes of the first account: what the others repeat.
    pub changes: Vec<usize>,
}

/// Where an account's own id stands in compared (and shown) shared changes: ARNs of an
/// account's own entities differ only by it, and are the same change.
pub const OWN_ACCOUNT_ID: &str = "{{account.id}}";

/// An account's name and its change ids for one entity.
type Member<'a> = (&'a str, Vec<usize>);

/// Groups of identical per-entity changes across at least two accounts, ordered by
/// entity then first account. Two accounts' changes to an entity are identical when
/// their actions, in plan order, are equal once each account's own id is replaced by
/// `{{account.id}}`. One pass, each change serialized once.
pub fn shared_changes(changes: &[PlannedChange]) -> Vec<SharedChange> {
    // One account shares nothing (and a large one-account plan need not be serialized).
    if let Some(first) = changes.first()
        && changes
            .iter()
            .all(|c| c.change.account.id == first.change.account.id)
    {
        return Vec::new();
    }
    // (account id, entity) → (account name, change ids, actions as compared).
    let mut per_entity: BTreeMap<(&str, &EntityRef), (&str, Vec<usize>, String)> = BTreeMap::new();
    for planned in changes {
        let change = &planned.change;
        let action = serde_json::to_string(&change.action).unwrap_or_default();
        let entry = per_entity
            .entry((&change.account.id, &change.target))
            .or_insert_with(|| (&change.account.name, Vec::new(), String::new()));
        entry.1.push(planned.id);
        entry
            .2
            .push_str(&action.replace(change.account.id.as_str(), OWN_ACCOUNT_ID));
        // A change that ends an expired entry is shown with its instant: alike only
        // when that is alike too.
        if let Some(at) = &planned.expired {
            entry.2.push_str(&format!(" expired {at}"));
        }
        entry.2.push('\n');
    }
    let mut groups: BTreeMap<(&EntityRef, String), Vec<Member<'_>>> = BTreeMap::new();
    for ((_, target), (name, ids, compared)) in per_entity {
        groups
            .entry((target, compared))
            .or_default()
            .push((name, ids));
    }
    let mut shared: Vec<SharedChange> = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|((target, _), mut members)| {
            members.sort();
            SharedChange {
                target: target.clone(),
                accounts: members.iter().map(|(n, _)| n.to_string()).collect(),
                changes: members.swap_remove(0).1,
            }
        })
        .collect();
    shared.sort_by(|a, b| (&a.target, &a.accounts).cmp(&(&b.target, &b.accounts)));
    shared
}

/// "in 3 accounts: a, b, c" — at most `listed` names, then "and N more".
pub fn accounts_phrase(accounts: &[String], listed: usize) -> String {
    let mut names: Vec<&str> = accounts.iter().take(listed).map(String::as_str).collect();
    let more = accounts.len().saturating_sub(listed);
    let more_text = format!("and {more} more");
    if more > 0 {
        names.push(&more_text);
    }
    format!("in {} accounts: {}", accounts.len(), names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{AccountKey, Action, Change};
    use crate::model::EntityKind;

    fn key(name: &str, id: &str) -> AccountKey {
        AccountKey {
            name: name.into(),
            id: id.into(),
            partition: Default::default(),
        }
    }

    fn planned(id: usize, account: &AccountKey, target: &str, action: Action) -> PlannedChange {
        PlannedChange {
            id,
            change: Change {
                account: account.clone(),
                target: EntityRef::new(EntityKind::Role, target),
                action,
            },
            depends_on: Vec::new(),
            expired: None,
        }
    }

    /// A change that names no account.
    fn create(_name: &str) -> Action {
        Action::DetachPolicy {
            policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
        }
    }

    fn attach(account_id: &str) -> Action {
        Action::AttachPolicy {
            policy_arn: format!("arn:aws:iam::{account_id}:policy/audit"),
        }
    }

    #[test]
    fn identical_changes_are_grouped_and_the_own_account_id_does_not_differ() {
        let (a, b, c) = (
            key("a", "111111111111"),
            key("b", "222222222222"),
            key("c", "333333333333"),
        );
        let changes = vec![
            planned(0, &a, "audit", create("audit")),
            planned(1, &a, "audit", attach("111111111111")),
            planned(2, &b, "audit", create("audit")),
            planned(3, &b, "audit", attach("222222222222")),
            // c attaches another account's policy: a different change.
            planned(4, &c, "audit", create("audit")),
            planned(5, &c, "audit", attach("111111111111")),
            planned(6, &c, "solo", create("solo")),
        ];
        let shared = shared_changes(&changes);
        assert_eq!(
            shared,
            [SharedChange {
                target: EntityRef::new(EntityKind::Role, "audit"),
                accounts: vec!["a".into(), "b".into()],
                changes: vec![0, 1],
            }]
        );
    }

    #[test]
    fn long_account_lists_are_cut() {
        let accounts: Vec<String> = (1..=47).map(|i| format!("dev-{i}")).collect();
        assert_eq!(
            accounts_phrase(&accounts, 3),
            "in 47 accounts: dev-1, dev-2, dev-3, and 44 more"
        );
        assert_eq!(
            accounts_phrase(&accounts[..2], 3),
            "in 2 accounts: dev-1, dev-2"
        );
    }
}
