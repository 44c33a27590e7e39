//! Changes IAM cannot make in place: delete and re-create, with teardown and rebuild.

use super::fixtures::*;
use crate::diff::Action;
use crate::model::AccountIam;

fn with_role_in_profile() -> AccountIam {
    let mut iam = prod();
    iam.policies.insert("read".into(), policy("read"));
    let mut r = role("web");
    r.managed_policies.insert(policy_arn("read"));
    r.inline_policies.insert("logs".into(), doc("logs:*"));
    r.permissions_boundary = Some(policy_arn("read"));
    iam.roles.insert("web".into(), r);
    iam.instance_profiles
        .insert("web".into(), profile("web", &["web"]));
    iam
}

#[test]
fn a_role_path_change_replaces_it_with_teardown_and_rebuild() {
    let mut desired = with_role_in_profile();
    desired.roles.get_mut("web").unwrap().path = "/svc/".into();
    let result = diff_prod(desired, with_role_in_profile(), false);
    let read = policy_arn("read");
    assert_eq!(
        described(&result),
        vec![
            format!("role web: detach {read}"),
            "role web: delete_inline logs".into(),
            "role web: replace path changes from / to /svc/".into(),
            format!("role web: attach {read}"),
            "role web: put_inline logs".into(),
            "instance profile web: remove_role web".into(),
            "instance profile web: add_role web".into(),
        ]
    );
}

#[test]
fn a_policy_description_change_detaches_and_reattaches_it() {
    let mut desired = with_role_in_profile();
    desired.policies.get_mut("read").unwrap().description = Some("read only".into());
    let result = diff_prod(desired, with_role_in_profile(), false);
    let read = policy_arn("read");
    assert_eq!(
        described(&result),
        vec![
            "policy read: replace description changes (IAM cannot update it)".to_string(),
            format!("role web: detach {read}"),
            format!("role web: attach {read}"),
            format!("role web: delete_boundary {read}"),
            format!("role web: put_boundary {read}"),
        ]
    );
    assert!(matches!(
        &result.changes[4].action,
        Action::PutPermissionsBoundary { before: None, .. }
    ));
}

#[test]
fn a_policy_path_change_moves_attachments_to_the_new_arn() {
    let mut desired = with_role_in_profile();
    desired.policies.get_mut("read").unwrap().path = "/team/".into();
    let new_arn =
        crate::arn::iam_entity(crate::arn::Partition::Aws, PROD, "policy", "/team/", "read");
    let web = desired.roles.get_mut("web").unwrap();
    web.managed_policies = [new_arn.clone()].into();
    web.permissions_boundary = Some(new_arn.clone());
    let result = diff_prod(desired, with_role_in_profile(), false);
    let old = policy_arn("read");
    assert_eq!(
        described(&result),
        vec![
            "policy read: replace path changes from / to /team/".to_string(),
            format!("role web: detach {old}"),
            format!("role web: attach {new_arn}"),
            format!("role web: delete_boundary {old}"),
            format!("role web: put_boundary {new_arn}"),
        ]
    );
}

#[test]
fn an_instance_profile_path_change_replaces_it() {
    let mut desired = with_role_in_profile();
    desired.instance_profiles.get_mut("web").unwrap().path = "/svc/".into();
    let result = diff_prod(desired, with_role_in_profile(), false);
    assert_eq!(
        described(&result),
        vec![
            "instance profile web: remove_role web",
            "instance profile web: replace path changes from / to /svc/",
            "instance profile web: add_role web",
        ]
    );
}

#[test]
fn a_role_held_by_an_unowned_profile_is_not_replaced() {
    let mut desired = with_role_in_profile();
    desired.instance_profiles.clear();
    desired.roles.get_mut("web").unwrap().path = "/svc/".into();
    let result = diff_prod(desired, with_role_in_profile(), false);
    assert!(result.changes.is_empty(), "{:?}", described(&result));
    assert_eq!(
        result.warnings,
        vec![
            "prod: role web is not replaced (its path changes): instance profile web holds it and \
             is not managed by iamform; remove the role from that profile, or keep the role's path"
        ]
    );
}
