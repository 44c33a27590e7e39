//! `plan --target`: a plan of some entities and what they need first, for recovering
//! from a mistake or staging a rollout.
//!
//! A target names an entity by kind and name (`role/deployer`), in one account
//! (`prod:role/deployer`) or in every account of the plan. The plan keeps the changes
//! whose target is a named entity (its delete included, when no manifest defines it any
//! more: it is named and the account holds it), then every change those depend on,
//! transitively (`depends_on`): creating the policy a targeted role attaches, or the
//! role in another account that a link grant names. Changes of other entities stay out,
//! even when they name a target: a membership of a targeted group is a change of the
//! user.
//!
//! Where: `depends_on` is only known once the whole diff is ordered, so [`restrict`] takes
//! the ordered changes; it runs before anything else of the plan is computed (summary,
//! links, findings, access), so each of those sees only the kept changes and no built
//! plan is patched. The kept changes keep their order, a valid one since every
//! dependency of a kept change is kept, and are numbered again from 0. The access
//! section compares the accounts as read with the accounts after the kept changes
//! ([`super::state_after`]), not with the manifests; the whole plan's access section is
//! computed too, to count the principals whose access change the plan does not show.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use super::state_after::accounts_after;
use super::unread_accounts::keep_only;
use super::{PlannedChange, Targeting};
use crate::access::{AccessChange, access_changes, access_changes_to};
use crate::diff::{ACCOUNT_SETTINGS_NAME, Change};
use crate::model::{AccountIam, DesiredState, EntityKind, EntityRef};

/// Close names suggested for a target that names nothing.
const SUGGESTIONS: usize = 3;

/// One `--target`: `KIND/NAME`, or `ACCOUNT:KIND/NAME` for one account.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// The account's manifest name; `None` for every account of the plan.
    pub account: Option<String>,
    /// The entity.
    pub entity: EntityRef,
}

impl Target {
    /// True when `change` is a change of this target.
    pub fn matches(&self, change: &Change) -> bool {
        change.target == self.entity
            && self
                .account
                .as_ref()
                .is_none_or(|account| *account == change.account.name)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(account) = &self.account {
            write!(f, "{account}:")?;
        }
        write!(f, "{}/{}", self.entity.kind.keyword(), self.entity.name)
    }
}

impl FromStr for Target {
    type Err = TargetError;

    /// `KIND/NAME` or `ACCOUNT:KIND/NAME`; IAM names hold neither `/` nor `:`.
    fn from_str(text: &str) -> Result<Target, TargetError> {
        let (account, rest) = match text.split_once(':') {
            Some((account, rest)) => (Some(account), rest),
            None => (None, text),
        };
        let Some((kind, name)) = rest.split_once('/') else {
            return Err(TargetError::Malformed);
        };
        if account == Some("") || rest.contains(':') || name.is_empty() || name.contains('/') {
            return Err(TargetError::Malformed);
        }
        let kind: EntityKind = kind
            .parse()
            .map_err(|e: crate::model::UnknownKind| TargetError::UnknownKind(e.to_string()))?;
        Ok(Target {
            account: account.map(str::to_string),
            entity: EntityRef::new(kind, name),
        })
    }
}

/// Why a target cannot be used; no plan is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// Not `KIND/NAME` nor `ACCOUNT:KIND/NAME`.
    Malformed,
    /// The kind is unknown; the message lists the kinds.
    UnknownKind(String),
    /// The account is not one the plan covers.
    UnknownAccount {
        /// The target as given.
        target: String,
        /// Its account.
        account: String,
        /// The accounts the plan covers.
        accounts: Vec<String>,
        /// True when `iamform.yaml` declares the account but `--account` left it out.
        declared: bool,
    },
    /// Neither the manifests nor the accounts read hold the entity.
    NoSuchEntity {
        /// The target as given.
        target: String,
        /// The accounts looked in.
        accounts: Vec<String>,
        /// Targets with close names, best first.
        suggestions: Vec<String>,
    },
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Parse errors: clap names the value, so they do not repeat it.
            TargetError::Malformed => write!(
                f,
                "write KIND/NAME or ACCOUNT:KIND/NAME, with the name alone (no path), \
                 e.g. role/deployer or prod:role/deployer"
            ),
            TargetError::UnknownKind(message) => f.write_str(message),
            TargetError::UnknownAccount {
                target,
                account,
                accounts,
                declared,
            } => {
                write!(f, "--target {target}: ")?;
                if *declared {
                    write!(
                        f,
                        "account {account} is not in this plan, which covers {}; \
                         add --account {account}",
                        accounts.join(", ")
                    )
                } else {
                    write!(
                        f,
                        "no account {account} in iamform.yaml (accounts: {})",
                        accounts.join(", ")
                    )
                }
            }
            TargetError::NoSuchEntity {
                target,
                accounts,
                suggestions,
            } => {
                let noun = if accounts.len() == 1 {
                    "account"
                } else {
                    "accounts"
                };
                write!(
                    f,
                    "--target {target}: neither the manifests nor the {noun} read ({}) \
                     hold it",
                    accounts.join(", ")
                )?;
                if !suggestions.is_empty() {
                    write!(f, "; did you mean {}?", suggestions.join(" or "))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for TargetError {}

/// Checks that every target's account is one the plan covers and that the manifests or
/// an account read (`actual`, by account name) hold its entity; the error on a target
/// that names nothing suggests close names.
pub fn check_targets(
    targets: &[Target],
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Result<(), TargetError> {
    let covered: Vec<String> = desired.accounts.keys().cloned().collect();
    for target in targets {
        let accounts: Vec<&String> = match &target.account {
            Some(account) if desired.accounts.contains_key(account) => vec![account],
            Some(account) => {
                let declared = desired.project.accounts.contains_key(account);
                return Err(TargetError::UnknownAccount {
                    target: target.to_string(),
                    account: account.clone(),
                    accounts: if declared {
                        covered
                    } else {
                        desired.project.accounts.keys().cloned().collect()
                    },
                    declared,
                });
            }
            None => desired.accounts.keys().collect(),
        };
        let holds = |kind: EntityKind| -> BTreeSet<&str> {
            accounts
                .iter()
                .flat_map(|name| {
                    let wanted = desired.accounts.get(*name).map(|a| &a.iam);
                    wanted.into_iter().chain(actual.get(*name))
                })
                .flat_map(|iam| names(iam, kind))
                .collect()
        };
        if holds(target.entity.kind).contains(target.entity.name.as_str()) {
            continue;
        }
        let suggestions = suggestions(target, holds);
        return Err(TargetError::NoSuchEntity {
            target: target.to_string(),
            accounts: accounts.into_iter().cloned().collect(),
            suggestions,
        });
    }
    Ok(())
}

/// Names of `kind` in `iam`; every account has its settings.
fn names(iam: &AccountIam, kind: EntityKind) -> Vec<&str> {
    fn keys<V>(map: &BTreeMap<String, V>) -> Vec<&str> {
        map.keys().map(String::as_str).collect()
    }
    match kind {
        EntityKind::Policy => keys(&iam.policies),
        EntityKind::Group => keys(&iam.groups),
        EntityKind::User => keys(&iam.users),
        EntityKind::Role => keys(&iam.roles),
        EntityKind::InstanceProfile => keys(&iam.instance_profiles),
        EntityKind::OidcProvider => keys(&iam.oidc_providers),
        EntityKind::SamlProvider => keys(&iam.saml_providers),
        EntityKind::AccountSettings => vec![ACCOUNT_SETTINGS_NAME],
        EntityKind::PermissionSet => iam
            .identity_center
            .iter()
            .flat_map(|ic| keys(&ic.permission_sets))
            .collect(),
    }
}

/// Close names of the target's kind, then the same name of another kind (`role/alice`
/// when alice is a user), as targets in the account the target names.
fn suggestions<'a>(
    target: &Target,
    holds: impl Fn(EntityKind) -> BTreeSet<&'a str>,
) -> Vec<String> {
    let wanted = target.entity.name.to_lowercase();
    let mut scored: Vec<(f64, &str)> = holds(target.entity.kind)
        .into_iter()
        .map(|name| (strsim::jaro_winkler(&wanted, &name.to_lowercase()), name))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let as_target = |kind, name: &str| {
        Target {
            account: target.account.clone(),
            entity: EntityRef::new(kind, name),
        }
        .to_string()
    };
    let mut out: Vec<String> = scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, name)| as_target(target.entity.kind, name))
        .collect();
    for kind in EntityKind::ALL {
        if kind != target.entity.kind && holds(kind).contains(target.entity.name.as_str()) {
            out.push(as_target(kind, &target.entity.name));
        }
    }
    out
}

/// A plan's changes and access section limited to some targets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Targeted {
    /// The kept changes, numbered from 0 in their order.
    pub changes: Vec<PlannedChange>,
    /// The access section of the kept changes.
    pub access: Vec<AccessChange>,
    /// The targets and what is left out, for the plan.
    pub targeting: Targeting,
}

/// Keeps of `ordered` (the whole plan's changes, in order) the changes of `targets` and
/// what they depend on; the access section is that of the kept changes.
pub(crate) fn restrict(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    ordered: Vec<PlannedChange>,
    targets: &[Target],
) -> Targeted {
    let total = ordered.len();
    let changes = with_dependencies(ordered, targets);
    let after = accounts_after(desired, actual, &changes);
    let access = access_changes_to(desired, actual, &after);
    let access_left_out = access_changes(desired, actual)
        .iter()
        .filter(|whole| !access.contains(whole))
        .count();
    Targeted {
        targeting: Targeting {
            targets: targets.iter().map(ToString::to_string).collect(),
            left_out: total - changes.len(),
            access_left_out,
        },
        changes,
        access,
    }
}

/// The changes of `targets` and, transitively, those they depend on, renumbered.
fn with_dependencies(ordered: Vec<PlannedChange>, targets: &[Target]) -> Vec<PlannedChange> {
    let index: BTreeMap<usize, usize> =
        ordered.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut keep = vec![false; ordered.len()];
    let mut next: Vec<usize> = (0..ordered.len())
        .filter(|&i| targets.iter().any(|t| t.matches(&ordered[i].change)))
        .collect();
    while let Some(i) = next.pop() {
        if std::mem::replace(&mut keep[i], true) {
            continue;
        }
        next.extend(
            ordered[i]
                .depends_on
                .iter()
                .filter_map(|id| index.get(id).copied()),
        );
    }
    keep_only(ordered, &keep)
}

#[cfg(test)]
#[path = "target/tests.rs"]
mod tests;
