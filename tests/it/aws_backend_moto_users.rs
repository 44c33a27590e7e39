//! The real AWS backend against a moto server: users, groups, memberships, attachments,
//! inline policies and deleting a user with credentials
//! (`scripts/test --test it aws_backend_moto_users::`). Each test works in its own account.

use crate::support::iam_fixtures::{allow, create, fresh, group, policy, read, run, tags, user};
use crate::support::moto;
use crate::support::moto::moto_or_skip;
use iamform::diff::{Action, FieldChange};
use iamform::model::{Entity, EntityKind};

#[test]
fn users_groups_memberships_attachments_and_inline_policies() {
    let endpoint = moto_or_skip!("users_groups_memberships_attachments_and_inline_policies");
    let (account, b) = fresh(&endpoint);
    let mut alice = user("alice");
    alice.path = "/people/".into();
    alice.tags = tags(&[("team", "core"), ("tier", "1")]);
    create(&b, &account, Entity::User(alice));
    create(&b, &account, Entity::Group(group("devs")));
    create(&b, &account, Entity::Policy(policy("read-s3", "s3:Get*")));
    let policy_arn = read(&b, &account).policies["read-s3"]
        .meta
        .arn
        .clone()
        .unwrap();

    use EntityKind::{Group as G, User as U};
    run(
        &b,
        &account,
        U,
        "alice",
        Action::AddUserToGroup {
            group: "devs".into(),
        },
    );
    run(
        &b,
        &account,
        U,
        "alice",
        Action::AttachPolicy {
            policy_arn: policy_arn.clone(),
        },
    );
    run(
        &b,
        &account,
        G,
        "devs",
        Action::AttachPolicy {
            policy_arn: policy_arn.clone(),
        },
    );
    let put = |name: &str| Action::PutInlinePolicy {
        policy_name: name.into(),
        before: None,
        after: allow("sqs:SendMessage"),
    };
    run(&b, &account, U, "alice", put("send"));
    run(&b, &account, G, "devs", put("group-send"));

    let iam = read(&b, &account);
    let alice = &iam.users["alice"];
    assert_eq!(alice.path, "/people/");
    assert_eq!(alice.tags, tags(&[("team", "core"), ("tier", "1")]));
    assert!(alice.groups.contains("devs"));
    assert!(alice.managed_policies.contains(&policy_arn));
    assert_eq!(alice.inline_policies["send"], allow("sqs:SendMessage"));
    assert!(alice.meta.id.is_some() && alice.meta.created.is_some());
    assert_eq!(
        alice.meta.arn.as_deref(),
        Some(format!("arn:aws:iam::{}:user/people/alice", account.id).as_str())
    );
    let devs = &iam.groups["devs"];
    assert!(devs.managed_policies.contains(&policy_arn));
    assert_eq!(devs.inline_policies["group-send"], allow("sqs:SendMessage"));

    // Path and tag updates in place.
    run(
        &b,
        &account,
        U,
        "alice",
        Action::Update {
            fields: vec![
                FieldChange::Path {
                    before: "/people/".into(),
                    after: "/staff/".into(),
                },
                FieldChange::Tags {
                    before: tags(&[("team", "core"), ("tier", "1")]),
                    after: tags(&[("team", "platform"), ("oncall", "yes")]),
                },
            ],
        },
    );
    run(
        &b,
        &account,
        G,
        "devs",
        Action::Update {
            fields: vec![FieldChange::Path {
                before: "/".into(),
                after: "/eng/".into(),
            }],
        },
    );
    let iam = read(&b, &account);
    assert_eq!(iam.users["alice"].path, "/staff/");
    assert_eq!(
        iam.users["alice"].tags,
        tags(&[("team", "platform"), ("oncall", "yes")])
    );
    // moto applies UpdateGroup's NewPath only together with NewGroupName, so the group's
    // path cannot be read back here; the call itself must have gone out and succeeded.
    assert_eq!(b.api_calls().get("UpdateGroup"), Some(&1));

    // And everything undone.
    run(
        &b,
        &account,
        U,
        "alice",
        Action::RemoveUserFromGroup {
            group: "devs".into(),
        },
    );
    run(
        &b,
        &account,
        U,
        "alice",
        Action::DetachPolicy {
            policy_arn: policy_arn.clone(),
        },
    );
    run(&b, &account, G, "devs", Action::DetachPolicy { policy_arn });
    for (kind, owner, name) in [(U, "alice", "send"), (G, "devs", "group-send")] {
        run(
            &b,
            &account,
            kind,
            owner,
            Action::DeleteInlinePolicy {
                policy_name: name.into(),
                before: allow("sqs:SendMessage"),
            },
        );
    }
    let iam = read(&b, &account);
    let alice = &iam.users["alice"];
    assert!(alice.groups.is_empty() && alice.managed_policies.is_empty());
    assert!(alice.inline_policies.is_empty());
    assert!(iam.groups["devs"].managed_policies.is_empty());
    assert!(iam.groups["devs"].inline_policies.is_empty());
    run(
        &b,
        &account,
        G,
        "devs",
        Action::Delete {
            entity: Box::new(Entity::Group(group("devs"))),
        },
    );
    assert!(!read(&b, &account).groups.contains_key("devs"));
}

#[test]
fn deleting_a_user_removes_its_credentials_first() {
    let endpoint = moto_or_skip!("deleting_a_user_removes_its_credentials_first");
    let (account, b) = fresh(&endpoint);
    create(&b, &account, Entity::User(user("leaver")));
    let sdk = moto::BehindTheBack::new(&endpoint, &account);
    sdk.run(async {
        sdk.iam
            .create_access_key()
            .user_name("leaver")
            .send()
            .await
            .unwrap();
        sdk.iam
            .create_login_profile()
            .user_name("leaver")
            .password("Correct-horse-9")
            .send()
            .await
            .unwrap();
    });
    run(
        &b,
        &account,
        EntityKind::User,
        "leaver",
        Action::Delete {
            entity: Box::new(Entity::User(user("leaver"))),
        },
    );
    assert!(!read(&b, &account).users.contains_key("leaver"));
    let calls = b.api_calls();
    assert_eq!(calls.get("DeleteAccessKey"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DeleteLoginProfile"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DeleteUser"), Some(&1), "{calls:?}");
}
