//! Desired against actual Identity Center of the account holding the instance: permission
//! sets the manifests declare are created or brought in line (and provisioned again to
//! their accounts after a change of contents); undeclared ones are deleted only with
//! `prune: true`. Assignments are compared for the permission sets iamform owns.

use std::collections::{BTreeMap, BTreeSet};

use super::identity_center_change::{AccountLabel, IcAction};
use super::{AccountKey, Action, Change};
use crate::model::{EntityKind, EntityRef, IdentityCenter, PermissionSet, iso_duration_seconds};
use crate::policy::equivalent;

/// The changes that make `actual` match `desired` (both of one account).
pub fn diff_identity_center(
    key: &AccountKey,
    desired: Option<&IdentityCenter>,
    actual: Option<&IdentityCenter>,
    account_names: &BTreeMap<&str, &str>,
) -> Vec<Change> {
    let label = |id: &str| AccountLabel {
        name: account_names
            .get(id)
            .copied()
            .unwrap_or_default()
            .to_string(),
        id: id.to_string(),
    };
    let Some(desired) = desired else {
        return Vec::new();
    };
    let empty = IdentityCenter::default();
    let actual = actual.unwrap_or(&empty);
    let mut out = Vec::new();
    let mut push = |set: &str, action: IcAction| {
        out.push(Change {
            account: key.clone(),
            target: EntityRef::new(EntityKind::PermissionSet, set),
            action: Action::IdentityCenter(action),
        });
    };
    for (name, want) in &desired.permission_sets {
        let had = actual.permission_sets.get(name);
        let mut settings_changed = false;
        let contents = match had {
            None => {
                push(
                    name,
                    IcAction::CreatePermissionSet {
                        permission_set: Box::new(want.clone()),
                    },
                );
                set_changes(&PermissionSet::default(), want)
            }
            Some(had) => {
                settings_changed = !same_settings(had, want);
                if settings_changed {
                    push(
                        name,
                        IcAction::UpdatePermissionSet {
                            before: Box::new(had.clone()),
                            after: Box::new(want.clone()),
                        },
                    );
                }
                if had.tags != want.tags {
                    push(
                        name,
                        IcAction::SetTags {
                            before: had.tags.clone(),
                            after: want.tags.clone(),
                        },
                    );
                }
                set_changes(had, want)
            }
        };
        // Session duration and relay state are part of what each account receives too.
        let changed = settings_changed || !contents.is_empty();
        for action in contents {
            push(name, action);
        }
        let wanted: BTreeSet<_> = desired
            .assignments
            .iter()
            .filter(|a| &a.permission_set == name)
            .collect();
        let present: BTreeSet<_> = actual
            .assignments
            .iter()
            .filter(|a| &a.permission_set == name)
            .collect();
        if changed && had.is_some() {
            let accounts: BTreeSet<&str> = present
                .iter()
                .filter(|a| wanted.iter().any(|w| w.account_id == a.account_id))
                .map(|a| a.account_id.as_str())
                .collect();
            if !accounts.is_empty() {
                push(
                    name,
                    IcAction::Provision {
                        accounts: accounts.into_iter().map(label).collect(),
                    },
                );
            }
        }
        for a in present.difference(&wanted) {
            push(
                name,
                IcAction::DeleteAssignment {
                    assignment: (*a).clone(),
                    account_name: label(&a.account_id).name,
                },
            );
        }
        for a in wanted.difference(&present) {
            push(
                name,
                IcAction::CreateAssignment {
                    assignment: (*a).clone(),
                    account_name: label(&a.account_id).name,
                },
            );
        }
    }
    if desired.prune {
        for (name, had) in &actual.permission_sets {
            if desired.permission_sets.contains_key(name) {
                continue;
            }
            for a in actual
                .assignments
                .iter()
                .filter(|a| &a.permission_set == name)
            {
                push(
                    name,
                    IcAction::DeleteAssignment {
                        assignment: a.clone(),
                        account_name: label(&a.account_id).name,
                    },
                );
            }
            push(
                name,
                IcAction::DeletePermissionSet {
                    permission_set: Box::new(had.clone()),
                },
            );
        }
    }
    out
}

/// Description, session duration (compared as lengths: `PT60M` is `PT1H`) and relay state.
/// An omitted description or relay state is left as it is: UpdatePermissionSet can set
/// them but not clear them (an empty string is rejected).
fn same_settings(had: &PermissionSet, want: &PermissionSet) -> bool {
    let seconds =
        |s: &str| iso_duration_seconds(s).map_or_else(|| s.to_string(), |n| n.to_string());
    let kept = |had: &Option<String>, want: &Option<String>| want.is_none() || had == want;
    kept(&had.description, &want.description)
        && kept(&had.relay_state, &want.relay_state)
        && seconds(&had.session_duration) == seconds(&want.session_duration)
}

/// Policy, inline policy and boundary changes from `had` to `want`.
fn set_changes(had: &PermissionSet, want: &PermissionSet) -> Vec<IcAction> {
    let mut out = Vec::new();
    if let Some(after) = &want.permissions_boundary
        && had.permissions_boundary.as_ref() != Some(after)
    {
        out.push(IcAction::PutBoundary {
            before: had.permissions_boundary.clone(),
            after: after.clone(),
        });
    }
    for arn in want
        .aws_managed_policies
        .difference(&had.aws_managed_policies)
    {
        out.push(IcAction::AttachManagedPolicy {
            policy_arn: arn.clone(),
        });
    }
    for policy in want
        .customer_managed_policies
        .difference(&had.customer_managed_policies)
    {
        out.push(IcAction::AttachCustomerPolicy {
            policy: policy.clone(),
        });
    }
    match (&had.inline_policy, &want.inline_policy) {
        (before, Some(after)) if !before.as_ref().is_some_and(|b| equivalent(&b.0, &after.0)) => {
            out.push(IcAction::PutInlinePolicy {
                before: before.clone(),
                after: after.clone(),
            });
        }
        (Some(before), None) => out.push(IcAction::DeleteInlinePolicy {
            before: before.clone(),
        }),
        _ => {}
    }
    for arn in had
        .aws_managed_policies
        .difference(&want.aws_managed_policies)
    {
        out.push(IcAction::DetachManagedPolicy {
            policy_arn: arn.clone(),
        });
    }
    for policy in had
        .customer_managed_policies
        .difference(&want.customer_managed_policies)
    {
        out.push(IcAction::DetachCustomerPolicy {
            policy: policy.clone(),
        });
    }
    if let (Some(before), None) = (&had.permissions_boundary, &want.permissions_boundary) {
        out.push(IcAction::DeleteBoundary {
            before: before.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::order_changes;
    use crate::model::{Assignment, PrincipalType};

    fn key() -> AccountKey {
        AccountKey {
            name: "mgmt".into(),
            id: "111111111111".into(),
            ..AccountKey::default()
        }
    }

    fn admin(duration: &str) -> PermissionSet {
        PermissionSet {
            session_duration: duration.into(),
            aws_managed_policies: ["arn:aws:iam::aws:policy/AdministratorAccess".to_string()]
                .into(),
            ..PermissionSet::default()
        }
    }

    fn assignment(account: &str) -> Assignment {
        Assignment {
            account_id: account.into(),
            permission_set: "Admin".into(),
            principal_type: PrincipalType::Group,
            principal: "admins".into(),
        }
    }

    fn center(sets: &[(&str, PermissionSet)], assignments: &[Assignment]) -> IdentityCenter {
        IdentityCenter {
            permission_sets: sets
                .iter()
                .map(|(n, s)| (n.to_string(), s.clone()))
                .collect(),
            assignments: assignments.iter().cloned().collect(),
            ..IdentityCenter::default()
        }
    }

    fn words(changes: Vec<Change>) -> Vec<String> {
        order_changes(changes)
            .unwrap()
            .into_iter()
            .map(|c| c.change.to_string().replace("[mgmt] ", ""))
            .collect()
    }

    #[test]
    fn a_new_permission_set_is_created_then_given_policies_then_assigned() {
        let desired = center(&[("Admin", admin("PT8H"))], &[assignment("222222222222")]);
        let changes = diff_identity_center(&key(), Some(&desired), None, &BTreeMap::new());
        assert_eq!(
            words(changes),
            [
                "create permission set Admin",
                "attach arn:aws:iam::aws:policy/AdministratorAccess to permission set Admin",
                "assign permission set Admin to group admins in account 222222222222",
            ]
        );
    }

    #[test]
    fn equal_lengths_written_differently_are_no_change() {
        let desired = center(&[("Admin", admin("PT1H"))], &[assignment("222222222222")]);
        let actual = center(&[("Admin", admin("PT60M"))], &[assignment("222222222222")]);
        assert!(
            diff_identity_center(&key(), Some(&desired), Some(&actual), &BTreeMap::new())
                .is_empty()
        );
        assert!(diff_identity_center(&key(), None, Some(&actual), &BTreeMap::new()).is_empty());
    }

    #[test]
    fn a_changed_permission_set_is_provisioned_again_after_its_changes() {
        let mut wanted = admin("PT8H");
        wanted.aws_managed_policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess".into()].into();
        let desired = center(
            &[("Admin", wanted)],
            &[assignment("222222222222"), assignment("333333333333")],
        );
        let actual = center(&[("Admin", admin("PT1H"))], &[assignment("222222222222")]);
        let changes = diff_identity_center(&key(), Some(&desired), Some(&actual), &BTreeMap::new());
        assert_eq!(
            words(changes),
            [
                "update permission set Admin",
                "attach arn:aws:iam::aws:policy/ReadOnlyAccess to permission set Admin",
                "detach arn:aws:iam::aws:policy/AdministratorAccess from permission set Admin",
                "provision permission set Admin to 222222222222",
                "assign permission set Admin to group admins in account 333333333333",
            ]
        );
    }

    // UpdatePermissionSet's Description and RelayState are optional and, when given,
    // 1 to 700 and 1 to 240 characters: an update can change them but never clear them.
    // https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_UpdatePermissionSet.html
    #[test]
    fn an_omitted_description_or_relay_state_is_left_as_it_is() {
        let mut had = admin("PT1H");
        had.description = Some("made by hand".into());
        had.relay_state = Some("https://console.aws.amazon.com/".into());
        let actual = center(&[("Admin", had)], &[]);
        let desired = center(&[("Admin", admin("PT1H"))], &[]);
        assert!(
            diff_identity_center(&key(), Some(&desired), Some(&actual), &BTreeMap::new())
                .is_empty()
        );
        let mut described = admin("PT1H");
        described.description = Some("platform".into());
        let desired = center(&[("Admin", described)], &[]);
        assert_eq!(
            words(diff_identity_center(
                &key(),
                Some(&desired),
                Some(&actual),
                &BTreeMap::new()
            )),
            ["update permission set Admin"]
        );
    }

    #[test]
    fn undeclared_permission_sets_are_deleted_only_with_prune() {
        let actual = center(&[("Admin", admin("PT1H"))], &[assignment("222222222222")]);
        let mut desired = IdentityCenter::default();
        assert!(
            diff_identity_center(&key(), Some(&desired), Some(&actual), &BTreeMap::new())
                .is_empty()
        );
        desired.prune = true;
        let changes = diff_identity_center(&key(), Some(&desired), Some(&actual), &BTreeMap::new());
        assert_eq!(
            words(changes),
            [
                "remove assignment of permission set Admin from group admins in account 222222222222",
                "delete permission set Admin",
            ]
        );
    }
}
