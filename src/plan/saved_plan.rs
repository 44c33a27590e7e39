//! Checks that a plan saved earlier (`plan --out`) may still be applied: it covers
//! exactly the accounts being applied, and none of them changed since it was made.
//!
//! A saved plan is executed as written, without re-diffing, so applying it to accounts
//! it did not read, or to accounts that drifted, would make changes nobody reviewed.

use std::collections::{BTreeMap, BTreeSet};

use super::fingerprint::fingerprint;
use super::plan_document::{PLAN_FORMAT_VERSION, Plan};
use crate::diff::AccountKey;
use crate::model::{AccountConfig, AccountIam};

/// Why a saved plan may not be applied; nothing should be executed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavedPlanError {
    /// The plan was written by an incompatible version of iamform.
    #[error(
        "the plan has format_version {found}; this iamform reads format_version {PLAN_FORMAT_VERSION}"
    )]
    FormatVersion {
        /// The plan's version.
        found: u32,
    },
    /// The accounts the plan covers are not the accounts selected for this apply.
    #[error(
        "the plan covers {} but this apply selects {}; select the same accounts with --account, or run `iamform plan` again",
        name_list(.planned),
        name_list(.selected)
    )]
    AccountsDiffer {
        /// Account names in the plan.
        planned: Vec<String>,
        /// Account names selected from the manifests (all, or `--account`).
        selected: Vec<String>,
    },
    /// An account's id in the plan differs from the id `iamform.yaml` declares now.
    #[error(
        "account {name}: the plan was made for account id {planned}, but iamform.yaml declares {declared}; run `iamform plan` again"
    )]
    AccountIdDiffers {
        /// Account name.
        name: String,
        /// Id recorded in the plan.
        planned: String,
        /// Id in the manifests.
        declared: String,
    },
    /// A change targets an account the plan has no fingerprint for.
    #[error(
        "change {id} targets account {account} ({account_id}), which the plan does not cover; the plan file was edited or is corrupt"
    )]
    ChangeOutsidePlan {
        /// Change id.
        id: usize,
        /// Account name of the change.
        account: String,
        /// Account id of the change.
        account_id: String,
    },
    /// An account's IAM changed since the plan was made.
    #[error(
        "account {name} ({id}) changed since this plan was made (fingerprint {planned} is now {now}); run `iamform plan` again and review the new plan"
    )]
    Stale {
        /// Account name.
        name: String,
        /// Account id.
        id: String,
        /// Fingerprint recorded in the plan.
        planned: String,
        /// Fingerprint of the state read now.
        now: String,
    },
}

fn name_list(names: &[String]) -> String {
    match names {
        [] => "no accounts".to_string(),
        [one] => format!("account {one}"),
        many => format!("accounts {}", many.join(", ")),
    }
}

/// Checks, before any account is read, that `plan` is of a readable version, covers
/// exactly the `selected` accounts with the ids they are declared with, and changes
/// nothing outside them.
pub fn check_plan_accounts(plan: &Plan, selected: &[&AccountConfig]) -> Result<(), SavedPlanError> {
    if plan.format_version != PLAN_FORMAT_VERSION {
        return Err(SavedPlanError::FormatVersion {
            found: plan.format_version,
        });
    }
    // An incomplete plan covers its unread accounts too: they were selected, and
    // applying it must select them again, though none of its changes is theirs.
    let covered: Vec<&AccountKey> = plan
        .accounts
        .iter()
        .map(|a| &a.account)
        .chain(plan.incomplete.iter().map(|u| &u.account))
        .collect();
    let planned: BTreeSet<&str> = covered.iter().map(|a| a.name.as_str()).collect();
    let chosen: BTreeSet<&str> = selected.iter().map(|a| a.name.as_str()).collect();
    if planned != chosen || planned.len() != covered.len() {
        return Err(SavedPlanError::AccountsDiffer {
            planned: covered.iter().map(|a| a.name.clone()).collect(),
            selected: chosen.iter().map(|n| n.to_string()).collect(),
        });
    }
    for recorded in covered {
        let declared = selected
            .iter()
            .find(|a| a.name == recorded.name)
            .map(|a| a.id.as_str())
            .unwrap_or_default();
        if declared != recorded.id {
            return Err(SavedPlanError::AccountIdDiffers {
                name: recorded.name.clone(),
                planned: recorded.id.clone(),
                declared: declared.to_string(),
            });
        }
    }
    if let Some(outside) = plan
        .changes
        .iter()
        .find(|c| !plan.accounts.iter().any(|a| a.account == c.change.account))
    {
        return Err(SavedPlanError::ChangeOutsidePlan {
            id: outside.id,
            account: outside.change.account.name.clone(),
            account_id: outside.change.account.id.clone(),
        });
    }
    Ok(())
}

/// Checks that every account `plan` covers reads now exactly as when it was planned.
/// `actual` is keyed by account name, as `plan::build` takes it.
pub fn check_plan_fresh(
    plan: &Plan,
    actual: &BTreeMap<String, AccountIam>,
) -> Result<(), SavedPlanError> {
    for recorded in &plan.accounts {
        let now = actual
            .get(&recorded.account.name)
            .map(fingerprint)
            .unwrap_or_default();
        if now != recorded.fingerprint {
            return Err(SavedPlanError::Stale {
                name: recorded.account.name.clone(),
                id: recorded.account.id.clone(),
                planned: recorded.fingerprint.clone(),
                now,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{AccountKey, Action, Change};
    use crate::model::{EntityKind, EntityRef};
    use crate::plan::{AccountFingerprint, PlannedChange, Summary};

    fn config(name: &str, id: &str) -> AccountConfig {
        AccountConfig {
            partition: Default::default(),
            name: name.into(),
            id: id.into(),
            assume_role: None,
            profile: None,
        }
    }

    fn key(name: &str, id: &str) -> AccountKey {
        AccountKey {
            partition: Default::default(),
            name: name.into(),
            id: id.into(),
        }
    }

    /// A plan over `accounts` (name, id, state) with one change in the first account.
    fn plan_over(accounts: &[(&str, &str, &AccountIam)]) -> Plan {
        let (name, id, _) = accounts[0];
        Plan {
            format_version: PLAN_FORMAT_VERSION,
            targeting: None,
            accounts: accounts
                .iter()
                .map(|(name, id, iam)| AccountFingerprint {
                    account: key(name, id),
                    fingerprint: fingerprint(iam),
                })
                .collect(),
            changes: vec![PlannedChange {
                id: 0,
                change: Change {
                    account: key(name, id),
                    target: EntityRef::new(EntityKind::User, "alice"),
                    action: Action::AttachPolicy {
                        policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
                    },
                },
                depends_on: Vec::new(),
                expired: None,
            }],
            ignored: Vec::new(),
            warnings: Vec::new(),
            summary: Summary::default(),
            shared: Vec::new(),
            links: Vec::new(),
            access: Vec::new(),
            shared_access: Vec::new(),
            broadens_access: false,
            narrows_access: false,
            findings: Vec::new(),
            findings_on_unchanged: 0,
            incomplete: Vec::new(),
            held_back: Vec::new(),
            expiry: None,
            aws_data: None,
        }
    }

    #[test]
    fn accepts_the_accounts_it_was_made_for() {
        let iam = AccountIam::new("111111111111");
        let plan = plan_over(&[("main", "111111111111", &iam)]);
        let main = config("main", "111111111111");
        assert_eq!(check_plan_accounts(&plan, &[&main]), Ok(()));
        let actual = BTreeMap::from([("main".to_string(), iam)]);
        assert_eq!(check_plan_fresh(&plan, &actual), Ok(()));
    }

    #[test]
    fn refuses_a_different_account_selection() {
        let a = AccountIam::new("222222222222");
        let b = AccountIam::new("333333333333");
        let plan = plan_over(&[
            ("identity", "222222222222", &a),
            ("prod", "333333333333", &b),
        ]);
        let identity = config("identity", "222222222222");
        let err = check_plan_accounts(&plan, &[&identity]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the plan covers accounts identity, prod but this apply selects account identity; \
             select the same accounts with --account, or run `iamform plan` again"
        );
        let prod = config("prod", "333333333333");
        let extra = config("staging", "444444444444");
        assert!(matches!(
            check_plan_accounts(&plan, &[&identity, &prod, &extra]),
            Err(SavedPlanError::AccountsDiffer { .. })
        ));
    }

    #[test]
    fn refuses_a_changed_account_id_and_foreign_changes() {
        let iam = AccountIam::new("111111111111");
        let plan = plan_over(&[("main", "111111111111", &iam)]);
        let moved = config("main", "999999999999");
        assert!(matches!(
            check_plan_accounts(&plan, &[&moved]),
            Err(SavedPlanError::AccountIdDiffers { .. })
        ));
        let mut forged = plan.clone();
        forged.changes[0].change.account = key("main", "999999999999");
        let main = config("main", "111111111111");
        assert_eq!(
            check_plan_accounts(&forged, &[&main]),
            Err(SavedPlanError::ChangeOutsidePlan {
                id: 0,
                account: "main".into(),
                account_id: "999999999999".into(),
            })
        );
        let mut future = plan;
        future.format_version = PLAN_FORMAT_VERSION + 1;
        assert!(matches!(
            check_plan_accounts(&future, &[&main]),
            Err(SavedPlanError::FormatVersion { .. })
        ));
    }

    #[test]
    fn refuses_a_drifted_or_missing_account() {
        let iam = AccountIam::new("111111111111");
        let plan = plan_over(&[("main", "111111111111", &iam)]);
        let mut drifted = iam.clone();
        drifted.settings.alias = Some("renamed".into());
        let actual = BTreeMap::from([("main".to_string(), drifted)]);
        let err = check_plan_fresh(&plan, &actual).unwrap_err();
        assert!(matches!(&err, SavedPlanError::Stale { name, .. } if name == "main"));
        assert!(err.to_string().contains("changed since this plan was made"));
        assert!(check_plan_fresh(&plan, &BTreeMap::new()).is_err());
    }

    #[test]
    fn findings_do_not_make_a_plan_stale() {
        // Findings come from the manifests, not the accounts: a saved plan carrying them
        // is as fresh as one without, and a finding never stands in for a fingerprint.
        let iam = AccountIam::new("111111111111");
        let mut plan = plan_over(&[("main", "111111111111", &iam)]);
        plan.findings = vec![crate::plan::PlanFinding {
            account: "main".into(),
            entity: EntityRef::new(EntityKind::User, "alice"),
            code: "IAM100".into(),
            severity: crate::diagnostic::Severity::Warning,
            message: "user alice, inline policy admin: allows every action".into(),
            location: Some("users.yaml:3:5".into()),
            hint: None,
        }];
        plan.findings_on_unchanged = 3;
        let main = config("main", "111111111111");
        assert_eq!(check_plan_accounts(&plan, &[&main]), Ok(()));
        let actual = BTreeMap::from([("main".to_string(), iam.clone())]);
        assert_eq!(check_plan_fresh(&plan, &actual), Ok(()));
        let mut drifted = iam;
        drifted.settings.alias = Some("renamed".into());
        let actual = BTreeMap::from([("main".to_string(), drifted)]);
        assert!(check_plan_fresh(&plan, &actual).is_err());
    }

    #[test]
    fn an_incomplete_plan_covers_its_unread_accounts_but_checks_only_those_read() {
        let iam = AccountIam::new("111111111111");
        let mut plan = plan_over(&[("main", "111111111111", &iam)]);
        plan.incomplete = vec![crate::plan::UnreadAccount {
            account: key("dev", "333333333333"),
            error: "access denied".into(),
        }];
        let main = config("main", "111111111111");
        let dev = config("dev", "333333333333");
        assert_eq!(check_plan_accounts(&plan, &[&main, &dev]), Ok(()));
        let err = check_plan_accounts(&plan, &[&main]).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "the plan covers accounts main, dev but this apply selects account main"
            ),
            "{err}"
        );
        let moved = config("dev", "999999999999");
        assert!(matches!(
            check_plan_accounts(&plan, &[&main, &moved]),
            Err(SavedPlanError::AccountIdDiffers { name, .. }) if name == "dev"
        ));
        // Only the account read is compared: dev need not be readable now.
        let actual = BTreeMap::from([("main".to_string(), iam)]);
        assert_eq!(check_plan_fresh(&plan, &actual), Ok(()));
    }
}
