//! The real AWS backend against a moto server: creating, updating, reading back and
//! deleting every kind of entity (`scripts/test --test it aws_backend_moto::`). Each test works
//! in its own account, so they run in parallel. Read cost, credentials, errors and
//! endpoints are in `aws_backend_moto_session.rs`.

use crate::support::iam_fixtures::{
    allow, create, ec2_trust, fresh, instance_profile, policy, read, role, run, tags,
};
use crate::support::moto;
use crate::support::moto::moto_or_skip;
use iamform::backend::Backend;
use iamform::diff::{Action, FieldChange};
use iamform::model::{Entity, EntityKind, EntityRef, PasswordPolicy, PolicyDocument};
use serde_json::json;

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
