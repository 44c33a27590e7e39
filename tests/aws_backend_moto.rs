//! The real AWS backend against a moto server (`scripts/test --test aws_backend_moto`).
//! Each test works in its own account, so they run in parallel.

mod support;

use std::collections::BTreeMap;

use iamform::backend::{AwsBackend, Backend, BackendError};
use iamform::diff::{Action, FieldChange};
use iamform::model::{
    AccountConfig, Entity, EntityKind, EntityRef, PasswordPolicy, PolicyDocument,
};
use serde_json::json;
use support::iam_fixtures::{
    allow, change, create, ec2_trust, fresh, group, instance_profile, policy, read, role, run,
    tags, user,
};
use support::moto;

/// Skips (or fails under scripts/test) when moto is not there.
macro_rules! moto_or_skip {
    ($name:expr) => {
        match moto::endpoint($name) {
            Some(endpoint) => endpoint,
            None => return,
        }
    };
}

#[test]
fn reads_an_empty_account() {
    let endpoint = moto_or_skip!("reads_an_empty_account");
    let account = moto::fresh_account();
    let backend = moto::backend(&endpoint);
    let iam = read(&backend, &account);
    assert_eq!(iam.account_id, account.id);
    assert_eq!(iam.entity_count(), 0, "{iam:#?}");
    assert!(iam.settings.is_empty());
    assert!(iam.oidc_providers.is_empty() && iam.saml_providers.is_empty());
    let identity = backend.caller_identity(&account).unwrap().unwrap();
    assert_eq!(identity.account_id, account.id);
    assert!(identity.arn.contains("iamform-"), "{}", identity.arn);
}

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

#[test]
fn roles_trust_updates_and_instance_profiles() {
    let endpoint = moto_or_skip!("roles_trust_updates_and_instance_profiles");
    let (account, b) = fresh(&endpoint);
    use EntityKind::{InstanceProfile as P, Role as R};
    create(&b, &account, Entity::Role(role("web")));
    create(
        &b,
        &account,
        Entity::InstanceProfile(instance_profile("web")),
    );
    create(
        &b,
        &account,
        Entity::InstanceProfile(instance_profile("spare")),
    );
    run(
        &b,
        &account,
        P,
        "web",
        Action::AddRoleToInstanceProfile { role: "web".into() },
    );

    let iam = read(&b, &account);
    let web = &iam.roles["web"];
    assert_eq!(web.path, "/app/");
    assert_eq!(web.trust_policy, ec2_trust());
    assert_eq!(web.description.as_deref(), Some("web servers"));
    assert_eq!(web.max_session_duration, 7200);
    assert_eq!(web.tags, tags(&[("team", "web")]));
    assert!(iam.instance_profiles["web"].roles.contains("web"));
    assert!(iam.instance_profiles["spare"].roles.is_empty());

    // Description alone, then session alone: the other field must survive each.
    run(
        &b,
        &account,
        R,
        "web",
        Action::Update {
            fields: vec![FieldChange::Description {
                before: Some("web servers".into()),
                after: Some("front end".into()),
            }],
        },
    );
    run(
        &b,
        &account,
        R,
        "web",
        Action::Update {
            fields: vec![FieldChange::MaxSessionDuration {
                before: 7200,
                after: 14400,
            }],
        },
    );
    let lambda_trust = PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }));
    run(
        &b,
        &account,
        R,
        "web",
        Action::UpdateTrustPolicy {
            before: ec2_trust(),
            after: lambda_trust.clone(),
        },
    );
    run(
        &b,
        &account,
        R,
        "web",
        Action::Update {
            fields: vec![FieldChange::Tags {
                before: tags(&[("team", "web")]),
                after: tags(&[("team", "edge")]),
            }],
        },
    );
    let web = read(&b, &account).roles["web"].clone();
    assert_eq!(web.description.as_deref(), Some("front end"));
    assert_eq!(web.max_session_duration, 14400);
    assert_eq!(web.trust_policy, lambda_trust);
    assert_eq!(web.tags, tags(&[("team", "edge")]));

    // Boundary on a role (moto implements the role calls, not the user ones).
    create(&b, &account, Entity::Policy(policy("boundary", "s3:*")));
    let boundary = read(&b, &account).policies["boundary"]
        .meta
        .arn
        .clone()
        .unwrap();
    run(
        &b,
        &account,
        R,
        "web",
        Action::PutPermissionsBoundary {
            before: None,
            after: boundary.clone(),
        },
    );
    assert_eq!(
        read(&b, &account).roles["web"]
            .permissions_boundary
            .as_deref(),
        Some(boundary.as_str())
    );
    run(
        &b,
        &account,
        R,
        "web",
        Action::DeletePermissionsBoundary { before: boundary },
    );
    assert_eq!(read(&b, &account).roles["web"].permissions_boundary, None);

    // A role still in an instance profile can be deleted: it is taken out first.
    run(
        &b,
        &account,
        R,
        "web",
        Action::Delete {
            entity: Box::new(Entity::Role(web)),
        },
    );
    let iam = read(&b, &account);
    assert!(!iam.roles.contains_key("web"));
    assert!(iam.instance_profiles["web"].roles.is_empty());

    run(
        &b,
        &account,
        P,
        "spare",
        Action::Delete {
            entity: Box::new(Entity::InstanceProfile(instance_profile("spare"))),
        },
    );
    assert!(!read(&b, &account).instance_profiles.contains_key("spare"));
}

#[test]
fn policy_updates_keep_at_most_five_versions() {
    let endpoint = moto_or_skip!("policy_updates_keep_at_most_five_versions");
    let (account, b) = fresh(&endpoint);
    create(
        &b,
        &account,
        Entity::Policy(policy("rotating", "s3:GetObject")),
    );
    let mut before = allow("s3:GetObject");
    for i in 1..=6 {
        let after = allow(&format!("s3:Action{i}"));
        run(
            &b,
            &account,
            EntityKind::Policy,
            "rotating",
            Action::UpdatePolicyDocument {
                before,
                after: after.clone(),
            },
        );
        before = after;
    }
    let p = read(&b, &account).policies["rotating"].clone();
    assert!(p.versions.len() <= 5, "{:?}", p.versions);
    assert_eq!(p.document, allow("s3:Action6"));
    let default = p
        .versions
        .iter()
        .filter(|v| v.is_default)
        .collect::<Vec<_>>();
    assert_eq!(default.len(), 1);
    assert_eq!(
        default[0].version_id,
        p.versions.last().unwrap().version_id,
        "{:?}",
        p.versions
    );
    assert_eq!(p.description.as_deref(), Some("made by a test"));
    assert_eq!(p.path, "/iamform/");

    run(
        &b,
        &account,
        EntityKind::Policy,
        "rotating",
        Action::Delete {
            entity: Box::new(Entity::Policy(p)),
        },
    );
    assert!(!read(&b, &account).policies.contains_key("rotating"));
}

#[test]
fn replace_deletes_then_creates() {
    let endpoint = moto_or_skip!("replace_deletes_then_creates");
    let (account, b) = fresh(&endpoint);
    create(&b, &account, Entity::Role(role("moving")));
    let mut moved = role("moving");
    moved.path = "/moved/".into();
    run(
        &b,
        &account,
        EntityKind::Role,
        "moving",
        Action::Replace {
            reason: "path changes from /app/ to /moved/".into(),
            before: Box::new(Entity::Role(role("moving"))),
            after: Box::new(Entity::Role(moved)),
        },
    );
    assert_eq!(read(&b, &account).roles["moving"].path, "/moved/");
}

#[test]
fn account_alias_and_password_policy() {
    let endpoint = moto_or_skip!("account_alias_and_password_policy");
    let (account, b) = fresh(&endpoint);
    let settings = EntityKind::AccountSettings;
    let alias = format!("iamform-{}", account.id);
    run(
        &b,
        &account,
        settings,
        "account",
        Action::SetAccountAlias {
            before: None,
            after: alias.clone(),
        },
    );
    assert_eq!(
        read(&b, &account).settings.alias.as_deref(),
        Some(alias.as_str())
    );
    let renamed = format!("{alias}-new");
    run(
        &b,
        &account,
        settings,
        "account",
        Action::SetAccountAlias {
            before: Some(alias),
            after: renamed.clone(),
        },
    );
    assert_eq!(read(&b, &account).settings.alias, Some(renamed));

    let wanted = PasswordPolicy {
        minimum_password_length: 14,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: true,
        require_lowercase_characters: false,
        allow_users_to_change_password: true,
        max_password_age: Some(90),
        password_reuse_prevention: Some(5),
        hard_expiry: false,
    };
    run(
        &b,
        &account,
        settings,
        "account",
        Action::SetPasswordPolicy {
            before: None,
            after: wanted.clone(),
        },
    );
    assert_eq!(read(&b, &account).settings.password_policy, Some(wanted));
}

#[test]
fn entities_made_behind_iamforms_back_are_read() {
    let endpoint = moto_or_skip!("entities_made_behind_iamforms_back_are_read");
    let (account, b) = fresh(&endpoint);
    let sdk = moto::BehindTheBack::new(&endpoint, &account);
    let trust = ec2_trust().to_json_string();
    sdk.run(async {
        sdk.iam
            .create_role()
            .role_name("AWSServiceRoleForSupport")
            .path("/aws-service-role/support.amazonaws.com/")
            .assume_role_policy_document(&trust)
            .send()
            .await
            .unwrap();
        sdk.iam
            .create_role()
            .role_name("hand-made")
            .assume_role_policy_document(&trust)
            .description("clicked in the console")
            .send()
            .await
            .unwrap();
        sdk.iam
            .put_role_policy()
            .role_name("hand-made")
            .policy_name("raw")
            .policy_document(allow("ec2:Describe*").to_json_string())
            .send()
            .await
            .unwrap();
        sdk.iam
            .create_user()
            .user_name("intruder")
            .send()
            .await
            .unwrap();
        sdk.iam
            .create_open_id_connect_provider()
            .url("https://token.actions.githubusercontent.com")
            .client_id_list("sts.amazonaws.com")
            .thumbprint_list("6938fd4d98bab03faadb97b34396831e3780aea1")
            .send()
            .await
            .unwrap();
    });
    let iam = read(&b, &account);
    let slr = &iam.roles["AWSServiceRoleForSupport"];
    assert_eq!(slr.path, "/aws-service-role/support.amazonaws.com/");
    assert!(iamform::model::is_reserved(
        &EntityRef::new(EntityKind::Role, &slr.name),
        &slr.path
    ));
    let hand = &iam.roles["hand-made"];
    assert_eq!(hand.description.as_deref(), Some("clicked in the console"));
    assert_eq!(hand.inline_policies["raw"], allow("ec2:Describe*"));
    assert_eq!(hand.trust_policy, ec2_trust());
    assert!(iam.users.contains_key("intruder"));
    let oidc = iam
        .oidc_providers
        .values()
        .next()
        .expect("one OIDC provider");
    assert_eq!(oidc.url, "token.actions.githubusercontent.com");
    assert!(oidc.client_ids.contains("sts.amazonaws.com"));
}

/// Calls of one read, by operation, made by a fresh backend.
fn read_cost(endpoint: &str, account: &AccountConfig) -> (usize, BTreeMap<String, u64>) {
    let b = moto::backend(endpoint);
    let iam = read(&b, account);
    let mut calls = b.api_calls();
    // Connecting asks STS nothing; only IAM reads are counted here.
    calls.retain(|_, n| *n > 0);
    (iam.users.len(), calls)
}

#[test]
fn read_cost_does_not_grow_with_the_account() {
    let endpoint = moto_or_skip!("read_cost_does_not_grow_with_the_account");
    let account = moto::fresh_account();
    let sdk = moto::BehindTheBack::new(&endpoint, &account);
    let add_users = |range: std::ops::Range<u32>| {
        sdk.run(async {
            for i in range {
                sdk.iam
                    .create_user()
                    .user_name(format!("u{i}"))
                    .send()
                    .await
                    .unwrap();
            }
        })
    };
    add_users(0..5);
    let (users, small) = read_cost(&endpoint, &account);
    assert_eq!(users, 5);
    add_users(5..60);
    let (users, large) = read_cost(&endpoint, &account);
    assert_eq!(users, 60);
    assert_eq!(small, large);
    assert_eq!(
        large.get("GetAccountAuthorizationDetails"),
        Some(&1),
        "{large:?}"
    );
    assert!(large.values().sum::<u64>() <= 8, "{large:?}");
}

#[test]
fn verify_account_refuses_credentials_for_another_account() {
    let endpoint = moto_or_skip!("verify_account_refuses_credentials_for_another_account");
    let b = moto::backend(&endpoint);
    let right = moto::fresh_account();
    assert_eq!(b.verify_account(&right).unwrap().account_id, right.id);

    let elsewhere = moto::unique_account_id();
    let wrong = AccountConfig {
        name: "prod".into(),
        id: moto::unique_account_id(),
        assume_role: Some(format!("arn:aws:iam::{elsewhere}:role/{}", moto::TEST_ROLE)),
        profile: None,
    };
    match b.verify_account(&wrong) {
        Err(BackendError::Credentials(m)) => {
            assert!(m.contains(&wrong.id) && m.contains(&elsewhere), "{m}");
        }
        other => panic!("expected a credentials error, got {other:?}"),
    }
}

#[test]
fn errors_are_classified_by_iam_code() {
    let endpoint = moto_or_skip!("errors_are_classified_by_iam_code");
    let (account, b) = fresh(&endpoint);
    create(&b, &account, Entity::Group(group("twice")));
    let again = change(
        &account,
        EntityKind::Group,
        "twice",
        Action::Create {
            entity: Box::new(Entity::Group(group("twice"))),
        },
    );
    assert!(matches!(
        b.execute(&again),
        Err(BackendError::EntityAlreadyExists(_))
    ));
    let missing = change(
        &account,
        EntityKind::User,
        "ghost",
        Action::AddUserToGroup {
            group: "twice".into(),
        },
    );
    let err = b.execute(&missing).unwrap_err();
    assert!(matches!(err, BackendError::NoSuchEntity(_)), "{err:?}");
    assert!(err.may_be_propagation());
}

#[test]
fn changes_to_unread_accounts_are_refused() {
    let endpoint = moto_or_skip!("changes_to_unread_accounts_are_refused");
    let b = moto::backend(&endpoint);
    let account = moto::fresh_account();
    let c = change(
        &account,
        EntityKind::Group,
        "g",
        Action::Create {
            entity: Box::new(Entity::Group(group("g"))),
        },
    );
    assert!(matches!(b.execute(&c), Err(BackendError::Credentials(_))));
}

/// Marks the child process of [`aws_endpoint_url_from_the_environment_is_used`].
const CHILD_VAR: &str = "IAMFORM_ENDPOINT_CHILD_ACCOUNT";

#[test]
fn aws_endpoint_url_from_the_environment_is_used() {
    let endpoint = moto_or_skip!("aws_endpoint_url_from_the_environment_is_used");
    let account = moto::unique_account_id();
    let (_dir, env) = moto::binary_env(&endpoint);
    // The environment is process-wide, so the check runs in a child test process.
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "environment_child_reads_through_aws_endpoint_url",
        "--nocapture",
    ]);
    for var in moto::INHERITED_AWS_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env).env(CHILD_VAR, &account);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("child read account {account}")),
        "{stdout}\n{stderr}"
    );
}

/// Runs only as the child of [`aws_endpoint_url_from_the_environment_is_used`]: default
/// options, so endpoint, region and keys all come from the environment.
#[test]
fn environment_child_reads_through_aws_endpoint_url() {
    let Ok(id) = std::env::var(CHILD_VAR) else {
        eprintln!(
            "skipping: runs only as a child of aws_endpoint_url_from_the_environment_is_used"
        );
        return;
    };
    let account = AccountConfig {
        name: "child".into(),
        id: id.clone(),
        assume_role: Some(moto::TEST_ROLE.into()),
        profile: None,
    };
    let b = AwsBackend::new(Default::default()).unwrap();
    b.verify_account(&account).unwrap();
    let iam = b.read_account(&account).unwrap();
    assert_eq!(iam.account_id, id);
    eprintln!("child read account {id}");
}

#[test]
fn execute_runs_from_several_threads_at_once() {
    let endpoint = moto_or_skip!("execute_runs_from_several_threads_at_once");
    let (account, b) = fresh(&endpoint);
    std::thread::scope(|scope| {
        for i in 0..4 {
            let (b, account) = (&b, &account);
            scope.spawn(move || create(b, account, Entity::User(user(&format!("t{i}")))));
        }
    });
    let iam = read(&b, &account);
    assert_eq!(iam.users.len(), 4, "{:?}", iam.users.keys());
    assert_eq!(b.api_calls().get("CreateUser"), Some(&4));
}
