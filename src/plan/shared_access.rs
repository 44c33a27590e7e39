//! Identical effective-access changes in many accounts, found once: a role defined for
//! many accounts usually gives the same access in each, and a reviewer should read that
//! once with the accounts ("+ role audit in 47 accounts: …: gains …"), and per account
//! only what differs. Compared like [`super::shared_changes`]: each account's own id
//! stands as `{{account.id}}`.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::AccountFingerprint;
use super::shared_changes::OWN_ACCOUNT_ID;
use crate::access::AccessChange;

/// The same access change of one principal in several accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedAccess {
    /// The principal (`role audit`), the same in each account.
    pub principal: String,
    /// The accounts, by manifest name, in the order of [`super::Plan::access`].
    pub accounts: Vec<String>,
    /// Positions in [`super::Plan::access`] of each account's change, as `accounts`: the
    /// first is the one shown, the others repeat it.
    pub access: Vec<usize>,
}

/// Groups of identical access changes of one principal across at least two accounts, in
/// the order of their first change. Two accounts' changes are identical when they are
/// equal once the account name is left out and each account's own id (from `accounts`)
/// is replaced by `{{account.id}}`. Each change of a principal changed more than once serialized once.
pub fn shared_access(
    access: &[AccessChange],
    accounts: &[AccountFingerprint],
) -> Vec<SharedAccess> {
    let ids: BTreeMap<&str, &str> = accounts
        .iter()
        .map(|a| (a.account.name.as_str(), a.account.id.as_str()))
        .collect();
    // Only a principal changed more than once can be shared: the others (all of them in
    // a one-account plan) are not serialized.
    let mut changes_of: HashMap<&str, usize> = HashMap::new();
    for change in access {
        *changes_of.entry(change.principal.as_str()).or_default() += 1;
    }
    let mut groups: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (i, change) in access.iter().enumerate() {
        if changes_of[change.principal.as_str()] < 2 {
            continue;
        }
        let key = AccessChange {
            account: String::new(),
            ..change.clone()
        };
        let mut compared = serde_json::to_string(&key).unwrap_or_default();
        if let Some(id) = ids.get(change.account.as_str()) {
            compared = compared.replace(id, OWN_ACCOUNT_ID);
        }
        groups
            .entry((change.principal.as_str(), compared))
            .or_default()
            .push(i);
    }
    let mut shared: Vec<SharedAccess> = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|((principal, _), members)| SharedAccess {
            principal: principal.to_string(),
            accounts: members.iter().map(|&i| access[i].account.clone()).collect(),
            access: members,
        })
        .collect();
    shared.sort_by_key(|s| s.access[0]);
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::AccountKey;

    fn fingerprint(name: &str, id: &str) -> AccountFingerprint {
        AccountFingerprint {
            account: AccountKey {
                name: name.into(),
                id: id.into(),
                partition: Default::default(),
            },
            fingerprint: String::new(),
        }
    }

    fn change(account: &str, principal: &str, source: &str) -> AccessChange {
        AccessChange {
            broadens: true,
            sources: vec![source.into()],
            ..AccessChange::new(account, principal.into())
        }
    }

    #[test]
    fn one_principal_changed_alike_in_several_accounts_is_one_group() {
        let accounts = [
            fingerprint("dev", "111111111111"),
            fingerprint("prod-1", "222222222222"),
            fingerprint("prod-2", "333333333333"),
        ];
        let access = [
            change("dev", "role audit", "policy of 111111111111"),
            change("dev", "role other", "policy of 111111111111"),
            change("prod-1", "role audit", "policy of 222222222222"),
            change("prod-2", "role audit", "policy of 333333333333"),
            // Names another account's id: not the same change.
            change("prod-2", "role other", "policy of 111111111111"),
        ];
        assert_eq!(
            shared_access(&access, &accounts),
            [SharedAccess {
                principal: "role audit".into(),
                accounts: vec!["dev".into(), "prod-1".into(), "prod-2".into()],
                access: vec![0, 2, 3],
            }]
        );
    }
}
