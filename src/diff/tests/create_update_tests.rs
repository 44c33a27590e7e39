//! Creating from nothing, updating in place, and leaving equal states alone.

use super::fixtures::*;
use crate::diff::{Action, FieldChange};
use crate::model::{EntityMeta, Ownership, PasswordPolicy, PolicyDocument};

fn with_meta(id: &str) -> EntityMeta {
    EntityMeta {
        id: Some(id.into()),
        arn: None,
        created: Some("2024-01-01T00:00:00Z".into()),
    }
}

/// A small account: a policy attached to a group, a user in it, a role in a profile.
fn small_account() -> crate::model::AccountIam {
    let mut iam = prod();
    iam.policies.insert("read".into(), policy("read"));
    let mut g = group("devs");
    g.managed_policies.insert(policy_arn("read"));
    iam.groups.insert("devs".into(), g);
    let mut u = user("alice");
    u.groups.insert("devs".into());
    u.inline_policies
        .insert("extra".into(), doc("s3:ListBucket"));
    u.permissions_boundary = Some(policy_arn("read"));
    u.tags.insert("team".into(), "a".into());
    iam.users.insert("alice".into(), u);
    let mut r = role("web");
    r.managed_policies.insert(policy_arn("read"));
    iam.roles.insert("web".into(), r);
    iam.instance_profiles
        .insert("web".into(), profile("web", &["web"]));
    iam
}

#[test]
fn equal_states_give_no_changes() {
    let desired = small_account();
    let mut actual = small_account();
    actual.users.get_mut("alice").unwrap().meta = with_meta("AIDA1");
    // Same document, different key order and read URL-encoded.
    actual.policies.get_mut("read").unwrap().document = PolicyDocument::from_iam_string(
        "%7B%22Statement%22%3A%5B%7B%22Resource%22%3A%22*%22%2C%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%7D%5D%2C%22Version%22%3A%222012-10-17%22%7D",
    )
    .unwrap();
    let result = diff_prod(desired, actual, true);
    assert_eq!(described(&result), Vec::<String>::new());
    assert!(result.ignored.is_empty() && result.warnings.is_empty());
}

#[test]
fn new_entities_are_created_bare_then_linked() {
    let result = diff_prod(small_account(), prod(), false);
    let read = policy_arn("read");
    assert_eq!(
        described(&result),
        vec![
            "policy read: create".to_string(),
            "group devs: create".into(),
            format!("group devs: attach {read}"),
            "user alice: create".into(),
            "user alice: put_inline extra".into(),
            "user alice: add_to_group devs".into(),
            "role web: create".into(),
            format!("role web: attach {read}"),
            "instance profile web: create".into(),
            "instance profile web: add_role web".into(),
        ]
    );
    let Action::Create { entity } = &result.changes[3].action else {
        panic!("expected the user's create");
    };
    let crate::model::Entity::User(u) = entity.as_ref() else {
        panic!("expected a user");
    };
    assert!(u.groups.is_empty() && u.inline_policies.is_empty());
    assert_eq!(
        u.permissions_boundary,
        Some(read),
        "boundary is part of the create"
    );
}

#[test]
fn users_update_every_in_place_part() {
    let mut actual = small_account();
    let alice = actual.users.get_mut("alice").unwrap();
    alice.path = "/old/".into();
    alice.tags.insert("team".into(), "b".into());
    alice.managed_policies.insert(policy_arn("legacy"));
    alice.inline_policies.insert("gone".into(), doc("ec2:*"));
    alice.inline_policies.insert("extra".into(), doc("s3:*"));
    alice.permissions_boundary = None;
    alice.groups.clear();
    actual.groups.insert("ops".into(), group("ops"));
    actual
        .users
        .get_mut("alice")
        .unwrap()
        .groups
        .insert("ops".into());
    let mut desired = small_account();
    desired.groups.insert("ops".into(), group("ops"));
    let result = diff_prod(desired, actual, false);
    assert_eq!(
        described(&result),
        vec![
            "user alice: update path,tags".to_string(),
            format!("user alice: detach {}", policy_arn("legacy")),
            "user alice: delete_inline gone".into(),
            "user alice: put_inline extra".into(),
            format!("user alice: put_boundary {}", policy_arn("read")),
            "user alice: remove_from_group ops".into(),
            "user alice: add_to_group devs".into(),
        ]
    );
}

#[test]
fn boundaries_change_and_go() {
    let mut desired = small_account();
    desired.users.get_mut("alice").unwrap().permissions_boundary = Some(policy_arn("other"));
    desired.roles.get_mut("web").unwrap().permissions_boundary = None;
    let mut actual = small_account();
    actual.roles.get_mut("web").unwrap().permissions_boundary = Some(policy_arn("read"));
    let result = diff_prod(desired, actual, false);
    assert_eq!(
        described(&result),
        vec![
            format!("user alice: put_boundary {}", policy_arn("other")),
            format!("role web: delete_boundary {}", policy_arn("read")),
        ]
    );
    assert!(matches!(
        &result.changes[0].action,
        Action::PutPermissionsBoundary { before: Some(b), .. } if *b == policy_arn("read")
    ));
}

#[test]
fn roles_and_policies_update_in_place() {
    let mut desired = small_account();
    let web = desired.roles.get_mut("web").unwrap();
    web.description = Some("web servers".into());
    web.max_session_duration = 7200;
    web.tags.insert("tier".into(), "front".into());
    web.trust_policy = trust(&["arn:aws:iam::222222222222:root"]);
    desired.policies.get_mut("read").unwrap().document = doc("s3:*");
    let result = diff_prod(desired, small_account(), false);
    assert_eq!(
        described(&result),
        vec![
            "policy read: update_document",
            "role web: update description,max_session_duration,tags",
            "role web: update_trust",
        ]
    );
}

/// Policy and instance-profile tags are compared like users' and roles': an edit, or a
/// tag changed out of band, is one Update whose tags field apply turns into Tag/Untag.
#[test]
fn policy_and_profile_tags_are_compared() {
    let mut desired = small_account();
    desired
        .policies
        .get_mut("read")
        .unwrap()
        .tags
        .insert("k".into(), "v".into());
    desired
        .instance_profiles
        .get_mut("web")
        .unwrap()
        .tags
        .insert("k".into(), "v".into());
    let result = diff_prod(desired.clone(), small_account(), false);
    assert_eq!(
        described(&result),
        vec![
            "policy read: update tags",
            "instance profile web: update tags"
        ]
    );
    let mut actual = desired.clone();
    actual
        .policies
        .get_mut("read")
        .unwrap()
        .tags
        .insert("k".into(), "changed".into());
    let result = diff_prod(desired.clone(), actual, false);
    let Action::Update { fields } = &result.changes[0].action else {
        panic!("{:?}", described(&result))
    };
    assert_eq!(
        fields,
        &[FieldChange::Tags {
            before: [("k".to_string(), "changed".to_string())].into(),
            after: [("k".to_string(), "v".to_string())].into(),
        }]
    );
    let result = diff_prod(desired.clone(), desired, false);
    assert!(result.changes.is_empty(), "{:?}", described(&result));
}

#[test]
fn aws_reserved_tags_are_neither_compared_nor_untagged() {
    let stack = (
        "aws:cloudformation:stack-name".to_string(),
        "net".to_string(),
    );
    let mut actual = small_account();
    actual
        .roles
        .get_mut("web")
        .unwrap()
        .tags
        .insert(stack.0.clone(), stack.1.clone());
    let result = diff_prod(small_account(), actual.clone(), false);
    assert!(result.changes.is_empty(), "{:?}", described(&result));

    // A real tag change leaves the `aws:` tag out of both sides, so apply never untags it.
    let mut desired = small_account();
    desired
        .roles
        .get_mut("web")
        .unwrap()
        .tags
        .insert("team".into(), "web".into());
    let result = diff_prod(desired, actual, false);
    let fields: Vec<&FieldChange> = result
        .changes
        .iter()
        .filter_map(|c| match &c.action {
            Action::Update { fields } => Some(fields),
            _ => None,
        })
        .flatten()
        .collect();
    match fields.as_slice() {
        [FieldChange::Tags { before, after }] => {
            assert!(before.is_empty(), "{before:?}");
            assert_eq!(after.keys().collect::<Vec<_>>(), ["team"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn account_settings_only_when_the_manifest_sets_them() {
    let policy = PasswordPolicy {
        minimum_password_length: 14,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: true,
        require_lowercase_characters: true,
        allow_users_to_change_password: true,
        max_password_age: None,
        password_reuse_prevention: Some(5),
        hard_expiry: false,
    };
    let mut actual = prod();
    actual.settings.alias = Some("old".into());
    actual.settings.password_policy = Some(policy.clone());
    let result = diff_prod(prod(), actual.clone(), true);
    assert!(result.changes.is_empty(), "unset settings are unmanaged");

    let mut desired = prod();
    desired.settings.alias = Some("acme".into());
    desired.settings.password_policy = Some(PasswordPolicy {
        minimum_password_length: 16,
        ..policy
    });
    let result = diff_prod(desired, actual, true);
    assert_eq!(
        described(&result),
        vec![
            "account settings account: set_alias acme",
            "account settings account: set_password_policy",
        ]
    );
}

#[test]
fn memberships_of_unmanaged_groups_are_left_alone() {
    let mut actual = small_account();
    actual.groups.insert("legacy".into(), group("legacy"));
    actual
        .users
        .get_mut("alice")
        .unwrap()
        .groups
        .insert("legacy".into());
    let result = diff_prod(small_account(), actual, false);
    assert!(result.changes.is_empty(), "{:?}", described(&result));
    assert_eq!(result.ignored.len(), 1);
    assert_eq!(result.ignored[0].ownership, Ownership::Unmanaged);
}

#[test]
fn a_reserved_entity_named_in_a_manifest_is_never_changed() {
    let mut desired = prod();
    let mut slr = role("AWSServiceRoleForSupport");
    slr.description = Some("mine now".into());
    desired.roles.insert(slr.name.clone(), slr);
    let mut actual = prod();
    let mut existing = role("AWSServiceRoleForSupport");
    existing.path = "/aws-service-role/support.amazonaws.com/".into();
    actual.roles.insert(existing.name.clone(), existing);
    let result = diff_prod(desired, actual, true);
    assert!(result.changes.is_empty());
    assert_eq!(result.ignored[0].ownership, Ownership::Reserved);
    assert_eq!(
        result.warnings,
        vec![
            "prod: a manifest defines role AWSServiceRoleForSupport, which AWS reserves; iamform never changes it"
        ]
    );
}

#[test]
fn the_diff_is_deterministic() {
    let mut actual = small_account();
    actual.users.get_mut("alice").unwrap().groups.clear();
    let a = diff_prod(small_account(), actual.clone(), true);
    let b = diff_prod(small_account(), actual, true);
    assert_eq!(a, b);
}

#[test]
fn a_group_moves_path_in_place() {
    let mut desired = small_account();
    desired.groups.get_mut("devs").unwrap().path = "/teams/".into();
    let result = diff_prod(desired, small_account(), false);
    assert_eq!(described(&result), vec!["group devs: update path"]);
    assert!(matches!(
        &result.changes[0].action,
        Action::Update { fields } if fields.len() == 1
    ));
}
