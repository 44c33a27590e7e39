use std::collections::BTreeMap;

use super::*;
use crate::diff::tests::fixtures::{desired_accounts, policy};
use crate::model::{ManagedPolicy, PolicyDocument, PrincipalType, Scope};

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn read_objects() -> ManagedPolicy {
    ManagedPolicy {
        path: "/guards/".into(),
        document: PolicyDocument(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
        })),
        ..policy("read-objects")
    }
}

fn assignment(set: &str) -> Assignment {
    Assignment {
        account_id: "222222222222".into(),
        permission_set: set.into(),
        principal_type: PrincipalType::Group,
        principal: "platform".into(),
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

/// A management account holding `want`, a prod account holding `read-objects`; the
/// read management account holds `had`.
fn plan(want: IdentityCenter, had: IdentityCenter) -> Vec<AccessChange> {
    let mut management = AccountIam::new("111111111111".to_string());
    management.identity_center = Some(want);
    let mut prod = AccountIam::new("222222222222".to_string());
    prod.policies.insert("read-objects".into(), read_objects());
    let desired = desired_accounts(
        vec![
            ("management", "111111111111", management),
            ("prod", "222222222222", prod.clone()),
        ],
        Scope::default(),
    );
    let mut read_management = AccountIam::new("111111111111".to_string());
    read_management.identity_center = Some(had);
    let actual = BTreeMap::from([
        ("management".to_string(), read_management),
        ("prod".to_string(), prod),
    ]);
    permission_set_access_changes(&desired, &actual)
}

fn admin() -> PermissionSet {
    PermissionSet {
        session_duration: "PT1H".into(),
        aws_managed_policies: [ADMIN.to_string()].into(),
        ..PermissionSet::default()
    }
}

// A permission set's permissions are the union of its AWS-managed policies,
// customer-managed policies found by name and path in each assigned account, and its
// inline policy, limited by its permissions boundary:
// https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
// https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html
#[test]
fn a_new_assignment_grants_the_permission_set_in_the_assigned_account() {
    let want = center(&[("Admin", admin())], &[assignment("Admin")]);
    let changes = plan(want, IdentityCenter::default());
    assert_eq!(changes.len(), 1, "{changes:?}");
    let change = &changes[0];
    assert_eq!(change.account, "prod");
    assert_eq!(change.principal, "group platform (permission set Admin)");
    assert_eq!(change.sources, ["new assignment of permission set Admin"]);
    assert!(change.broadens && !change.narrows);
    assert_eq!(change.summary[0].actions, "all actions");
}

#[test]
fn customer_managed_references_are_resolved_in_the_assigned_account() {
    let mut read_only = PermissionSet {
        session_duration: "PT1H".into(),
        ..PermissionSet::default()
    };
    let had = center(
        &[("ReadOnly", read_only.clone())],
        &[assignment("ReadOnly")],
    );
    read_only.customer_managed_policies = [CustomerPolicyRef {
        name: "read-objects".into(),
        path: "/guards/".into(),
    }]
    .into();
    let want = center(&[("ReadOnly", read_only)], &[assignment("ReadOnly")]);
    let changes = plan(want, had);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].sources,
        ["permission set ReadOnly: new policy /guards/read-objects"]
    );
    assert_eq!(changes[0].summary[0].actions, "s3:GetObject");
    assert!(changes[0].not_evaluated.is_empty());
}

#[test]
fn a_boundary_narrows_and_an_unchanged_assignment_is_left_out() {
    let had = center(&[("Admin", admin())], &[assignment("Admin")]);
    assert!(plan(had.clone(), had.clone()).is_empty());
    let mut bounded = admin();
    bounded.permissions_boundary = Some(Boundary::CustomerManaged(CustomerPolicyRef {
        name: "read-objects".into(),
        path: "/guards/".into(),
    }));
    let want = center(&[("Admin", bounded)], &[assignment("Admin")]);
    let changes = plan(want, had);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].sources,
        ["permission set Admin: new permissions boundary policy /guards/read-objects"]
    );
    assert!(changes[0].narrows && !changes[0].broadens);
}

#[test]
fn an_ended_assignment_revokes_and_a_missing_customer_policy_is_not_evaluated() {
    let mut set = admin();
    set.customer_managed_policies = [CustomerPolicyRef {
        name: "nowhere".into(),
        path: "/".into(),
    }]
    .into();
    let assigned = center(&[("Admin", set.clone())], &[assignment("Admin")]);
    let unassigned = center(&[("Admin", set)], &[]);
    let ended = plan(unassigned.clone(), assigned.clone());
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(
        ended[0].sources,
        ["ended assignment of permission set Admin"]
    );
    assert!(ended[0].narrows && !ended[0].broadens);
    let started = plan(assigned, unassigned);
    assert_eq!(started[0].not_evaluated, ["/nowhere"]);
}

#[test]
fn a_targeted_plan_sees_the_permission_sets_as_its_changes_leave_them() {
    let had = center(&[("Admin", admin())], &[]);
    let mut management = AccountIam::new("111111111111".to_string());
    management.identity_center = Some(center(&[("Admin", admin())], &[assignment("Admin")]));
    let prod = AccountIam::new("222222222222".to_string());
    let desired = desired_accounts(
        vec![
            ("management", "111111111111", management.clone()),
            ("prod", "222222222222", prod.clone()),
        ],
        Scope::default(),
    );
    let mut read_management = AccountIam::new("111111111111".to_string());
    read_management.identity_center = Some(had);
    let actual = BTreeMap::from([
        ("management".to_string(), read_management.clone()),
        ("prod".to_string(), prod.clone()),
    ]);
    // The assignment's change left out: nothing changes.
    let untouched = BTreeMap::from([
        ("management".to_string(), read_management),
        ("prod".to_string(), prod.clone()),
    ]);
    assert!(permission_set_access_changes_to(&desired, &actual, &untouched).is_empty());
    // Kept: the group gains the permission set in prod.
    let assigned = BTreeMap::from([
        ("management".to_string(), management),
        ("prod".to_string(), prod),
    ]);
    let changes = permission_set_access_changes_to(&desired, &actual, &assigned);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].principal,
        "group platform (permission set Admin)"
    );
}
