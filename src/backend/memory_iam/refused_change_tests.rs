//! A refused change leaves every account as it was, and an applied one lists exactly the
//! entities whose state differs, checked against a comparison of the whole account.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::sample::*;
use super::*;
use crate::diff::FieldChange;
use crate::model::{EntityKind, PasswordPolicy, PolicyVersionMeta};

/// Entities whose state differs between two copies of one account: the slow, obviously
/// complete answer that `apply_listing_changed` must agree with.
fn whole_account_diff(before: &AccountIam, after: &AccountIam) -> Vec<EntityRef> {
    fn diff<V: PartialEq>(
        kind: EntityKind,
        a: &BTreeMap<String, V>,
        b: &BTreeMap<String, V>,
        out: &mut Vec<EntityRef>,
    ) {
        let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        out.extend(
            names
                .into_iter()
                .filter(|n| a.get(*n) != b.get(*n))
                .map(|n| EntityRef::new(kind, n.clone())),
        );
    }
    let mut out = Vec::new();
    diff(
        EntityKind::Policy,
        &before.policies,
        &after.policies,
        &mut out,
    );
    diff(EntityKind::Group, &before.groups, &after.groups, &mut out);
    diff(EntityKind::User, &before.users, &after.users, &mut out);
    diff(EntityKind::Role, &before.roles, &after.roles, &mut out);
    diff(
        EntityKind::InstanceProfile,
        &before.instance_profiles,
        &after.instance_profiles,
        &mut out,
    );
    if before.settings != after.settings {
        out.push(EntityRef::new(EntityKind::AccountSettings, "account"));
    }
    out
}

/// Applies `change`, checking the listed entities against the whole-account diff when
/// it succeeds and that nothing moved when it is refused; returns whether it succeeded.
fn apply_checked(iam: &mut MemoryIam, change: &Change) -> bool {
    let before = iam.accounts().clone();
    let result = iam.apply_listing_changed(change);
    let id = &change.account.id;
    match result {
        Ok(listed) => {
            let old = before
                .get(id)
                .cloned()
                .unwrap_or_else(|| AccountIam::new(id));
            let expected = whole_account_diff(&old, &iam.read(id));
            assert_eq!(listed, expected, "{change:?}");
            true
        }
        Err(e) => {
            assert_eq!(iam.accounts(), &before, "refused with {e}: {change:?}");
            false
        }
    }
}

fn user_change(name: &str, action: Action) -> Change {
    on(EntityKind::User, name, action)
}

fn role_change(name: &str, action: Action) -> Change {
    on(EntityKind::Role, name, action)
}

fn password_policy(min: u32) -> PasswordPolicy {
    PasswordPolicy {
        minimum_password_length: min,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: true,
        require_lowercase_characters: true,
        allow_users_to_change_password: true,
        max_password_age: None,
        password_reuse_prevention: None,
        hard_expiry: false,
    }
}

fn role_at(name: &str, path: &str, max_session_duration: u32) -> Entity {
    let Entity::Role(mut r) = role(name) else {
        unreachable!()
    };
    r.path = path.into();
    r.max_session_duration = max_session_duration;
    Entity::Role(r)
}

fn replace(name: &str, after: Entity) -> Change {
    role_change(
        name,
        Action::Replace {
            reason: "path changes".into(),
            before: Box::new(role(name)),
            after: Box::new(after),
        },
    )
}

#[test]
fn every_change_lists_what_it_altered_and_refused_ones_alter_nothing() {
    let mut iam = MemoryIam::with_seed(3);
    let attach = |kind, name: &str| {
        on(
            kind,
            name,
            Action::AttachPolicy {
                policy_arn: policy_arn("p"),
            },
        )
    };
    let update_p = |action: &str| {
        on(
            EntityKind::Policy,
            "p",
            Action::UpdatePolicyDocument {
                before: allow("s3:GetObject"),
                after: allow(action),
            },
        )
    };
    let join = |group: &str| {
        user_change(
            "Alice",
            Action::AddUserToGroup {
                group: group.into(),
            },
        )
    };
    let script = vec![
        (create(policy("p")), true),
        (create(group("ops")), true),
        (create(user("Alice")), true),
        (create(user("alice")), false),
        (create(role("r")), true),
        (create(profile("ip")), true),
        (join("ops"), true),
        (join("OPS"), true),
        (join("ghost"), false),
        (attach(EntityKind::User, "alice"), true),
        (attach(EntityKind::Group, "ops"), true),
        (attach(EntityKind::Role, "r"), true),
        (
            user_change(
                "alice",
                Action::PutInlinePolicy {
                    policy_name: "inline".into(),
                    before: None,
                    after: allow("s3:ListBucket"),
                },
            ),
            true,
        ),
        (
            user_change(
                "Alice",
                Action::PutInlinePolicy {
                    policy_name: "huge".into(),
                    before: None,
                    after: allow(&format!("s3:{}", "x".repeat(3000))),
                },
            ),
            false,
        ),
        (
            role_change(
                "r",
                Action::PutPermissionsBoundary {
                    before: None,
                    after: policy_arn("p"),
                },
            ),
            true,
        ),
        (
            on(
                EntityKind::InstanceProfile,
                "ip",
                Action::AddRoleToInstanceProfile { role: "R".into() },
            ),
            true,
        ),
        (
            role_change(
                "r",
                Action::UpdateTrustPolicy {
                    before: trust(json!({"Service":"ec2.amazonaws.com"})),
                    after: trust(json!({"AWS":"arn:aws:iam::123456789012:user/Alice"})),
                },
            ),
            true,
        ),
        (
            role_change(
                "r",
                Action::UpdateTrustPolicy {
                    before: trust(json!({"Service":"ec2.amazonaws.com"})),
                    after: trust(json!({"AWS":"arn:aws:iam::123456789012:user/ghost"})),
                },
            ),
            false,
        ),
        (
            role_change(
                "r",
                Action::Update {
                    fields: vec![
                        FieldChange::Description {
                            before: None,
                            after: Some("ci".into()),
                        },
                        FieldChange::MaxSessionDuration {
                            before: 3600,
                            after: 1,
                        },
                    ],
                },
            ),
            false,
        ),
        (update_p("s3:A1"), true),
        (update_p("s3:A2"), true),
        (update_p("s3:A3"), true),
        (update_p("s3:A4"), true),
        (update_p("s3:A5"), true),
        (delete(policy("p")), false),
        (replace("r", role_at("r", "/svc/", 3600)), false),
        (
            on(
                EntityKind::AccountSettings,
                "account",
                Action::SetAccountAlias {
                    before: None,
                    after: "acme-prod".into(),
                },
            ),
            true,
        ),
        (
            on(
                EntityKind::AccountSettings,
                "account",
                Action::SetPasswordPolicy {
                    before: None,
                    after: password_policy(5),
                },
            ),
            false,
        ),
        (delete(user("Alice")), false),
        (
            user_change(
                "alice",
                Action::RemoveUserFromGroup {
                    group: "ops".into(),
                },
            ),
            true,
        ),
        (
            on(
                EntityKind::InstanceProfile,
                "ip",
                Action::RemoveRoleFromInstanceProfile { role: "r".into() },
            ),
            true,
        ),
        (delete(profile("ip")), true),
    ];
    for (change, accepted) in &script {
        assert_eq!(apply_checked(&mut iam, change), *accepted, "{change:?}");
    }
}

#[test]
fn a_refused_create_step_of_a_replace_restores_the_deleted_entity() {
    let mut iam = iam_with(vec![role("r")]);
    let before = iam.accounts().clone();
    let refused = replace("r", role_at("r", "/svc/", 1));
    assert!(matches!(
        iam.apply(&refused),
        Err(BackendError::InvalidInput(_))
    ));
    assert_eq!(iam.accounts(), &before);
    assert!(apply_checked(
        &mut iam,
        &replace("r", role_at("R", "/svc/", 3600))
    ));
    let roles = &iam.account(ACCOUNT).unwrap().roles;
    assert_eq!(roles.keys().collect::<Vec<_>>(), ["R"]);
}

#[test]
fn a_refused_policy_delete_keeps_its_versions() {
    let mut iam = iam_with(vec![policy("p"), user("u")]);
    let update = on(
        EntityKind::Policy,
        "p",
        Action::UpdatePolicyDocument {
            before: allow("s3:GetObject"),
            after: allow("s3:*"),
        },
    );
    let attach = on(
        EntityKind::User,
        "u",
        Action::AttachPolicy {
            policy_arn: policy_arn("p"),
        },
    );
    apply_all(&mut iam, &[update.clone(), update, attach]);
    assert!(!apply_checked(&mut iam, &delete(policy("p"))));
    assert_eq!(
        iam.account(ACCOUNT).unwrap().policies["p"].versions.len(),
        3
    );
}

#[test]
fn a_refused_version_rotation_keeps_the_oldest_version() {
    // A recorded policy over IAM's version limit: rotation deletes the oldest version,
    // then the create is still over the limit and is refused.
    let mut account = iam_with(vec![policy("p")]).read(ACCOUNT);
    account.policies.get_mut("p").unwrap().versions = (1..=6)
        .map(|n| PolicyVersionMeta {
            version_id: format!("v{n}"),
            is_default: n == 6,
            created: None,
        })
        .collect();
    let mut iam = MemoryIam::with_seed(1);
    iam.insert_account(account);
    let update = on(
        EntityKind::Policy,
        "p",
        Action::UpdatePolicyDocument {
            before: allow("s3:GetObject"),
            after: allow("s3:*"),
        },
    );
    assert!(!apply_checked(&mut iam, &update));
    assert_eq!(
        iam.account(ACCOUNT).unwrap().policies["p"].versions.len(),
        6
    );
}

#[test]
fn a_refused_change_to_an_account_not_held_leaves_no_account() {
    let mut iam = MemoryIam::with_seed(1);
    assert!(!apply_checked(&mut iam, &delete(user("ghost"))));
    assert!(iam.accounts().is_empty());
    assert!(apply_checked(&mut iam, &create(user("u"))));
    assert_eq!(iam.accounts().len(), 1);
}
