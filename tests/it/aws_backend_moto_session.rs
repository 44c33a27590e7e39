//! The real AWS backend against a moto server, beyond entity lifecycles: what a read
//! costs, which account credentials reach, how errors are classified, endpoint
//! configuration and concurrent use (`scripts/test --test it aws_backend_moto_session::`).

use std::collections::BTreeMap;

use crate::support::iam_fixtures::{change, create, fresh, group, read, user};
use crate::support::moto;
use crate::support::moto::moto_or_skip;
use iamform::backend::{AwsBackend, Backend, BackendError};
use iamform::diff::Action;
use iamform::model::{AccountConfig, Entity, EntityKind};

/// Calls of one read, by operation, made by a fresh backend.
fn read_cost(endpoint: &str, account: &AccountConfig) -> (usize, BTreeMap<String, u64>) {
    let b = moto::backend(endpoint);
    let iam = read(&b, account);
    let mut calls = b.api_calls();
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
    // Seven IAM listings and the credential provider's AssumeRole into the account.
    assert_eq!(large.get("AssumeRole"), Some(&1), "{large:?}");
    assert!(large.values().sum::<u64>() <= 8, "{large:?}");
}

/// Every request moto received for a read and for deletes (which list what IAM will not
/// delete along with an entity) asks for IAM's largest page wherever the API takes
/// MaxItems (1 to 1000 in each List* and GetAccountAuthorizationDetails reference page,
/// e.g. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html).
/// ListOpenIDConnectProviders, ListSAMLProviders and ListServiceSpecificCredentials take
/// none (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSAMLProviders.html).
#[test]
fn every_listing_sent_to_moto_asks_for_the_largest_page() {
    use crate::support::iam_fixtures::{policy, role};
    let endpoint = moto_or_skip!("every_listing_sent_to_moto_asks_for_the_largest_page");
    let (account, b) = fresh(&endpoint);
    create(&b, &account, Entity::User(user("leaving")));
    create(&b, &account, Entity::Role(role("leaving")));
    create(
        &b,
        &account,
        Entity::Policy(policy("leaving", "s3:GetObject")),
    );
    read(&b, &account);
    for (kind, entity) in [
        (EntityKind::User, Entity::User(user("leaving"))),
        (EntityKind::Role, Entity::Role(role("leaving"))),
        (
            EntityKind::Policy,
            Entity::Policy(policy("leaving", "s3:GetObject")),
        ),
    ] {
        let delete = change(
            &account,
            kind,
            "leaving",
            Action::Delete {
                entity: Box::new(entity),
            },
        );
        b.execute(&delete).unwrap();
    }
    let without = [
        "ListOpenIDConnectProviders",
        "ListSAMLProviders",
        "ListServiceSpecificCredentials",
    ];
    let listings: Vec<_> = b
        .sent_requests()
        .into_iter()
        .filter(|r| r.operation.starts_with("List") || r.operation.starts_with("GetAccountAuth"))
        .collect();
    assert!(listings.len() >= 10, "{listings:#?}");
    for r in &listings {
        let expected = if without.contains(&r.operation.as_str()) {
            None
        } else {
            Some(1000)
        };
        assert_eq!(r.max_items, expected, "{r:?}");
    }
    for op in [
        "ListAccessKeys",
        "ListInstanceProfilesForRole",
        "ListPolicyVersions",
    ] {
        assert!(
            listings.iter().any(|r| r.operation == op),
            "{op}: {listings:#?}"
        );
    }
}

#[test]
fn verify_account_refuses_credentials_for_another_account() {
    let endpoint = moto_or_skip!("verify_account_refuses_credentials_for_another_account");
    let b = moto::backend(&endpoint);
    let right = moto::fresh_account();
    assert_eq!(b.verify_account(&right).unwrap().account_id, right.id);

    let elsewhere = moto::unique_account_id();
    let wrong = AccountConfig {
        partition: Default::default(),
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

/// A permanent refusal ends the apply step at its first call, however long the retry
/// windows: MalformedPolicyDocument from IAM's policy validation
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html#API_PutGroupPolicy_Errors).
#[test]
fn a_permanent_error_fails_the_apply_step_at_the_first_call() {
    use iamform::apply::{self, ApplyEvent, ApplyOptions};
    use iamform::plan::{Plan, PlannedChange, Summary};
    let endpoint = moto_or_skip!("a_permanent_error_fails_the_apply_step_at_the_first_call");
    let (account, b) = fresh(&endpoint);
    create(&b, &account, Entity::Group(group("g")));
    // A statement without an action: IAM refuses it, every time.
    let malformed = iamform::model::PolicyDocument(serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Resource": "*"}]
    }));
    let put = change(
        &account,
        EntityKind::Group,
        "g",
        Action::PutInlinePolicy {
            policy_name: "broken".into(),
            before: None,
            after: malformed,
        },
    );
    let plan = Plan {
        format_version: 1,
        targeting: None,
        accounts: Vec::new(),
        changes: vec![PlannedChange {
            id: 0,
            change: put,
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
    };
    let options = ApplyOptions {
        accounts: vec![account.clone()],
        ..ApplyOptions::default()
    };
    let mut retried = false;
    let report = apply::execute(&plan, &b, &options, &mut |e| {
        retried |= matches!(e, ApplyEvent::Retrying { .. });
    })
    .unwrap();
    assert!(!retried);
    let [(0, BackendError::MalformedPolicy(reason))] = report.failed.as_slice() else {
        panic!("{report:?}");
    };
    assert!(
        reason.contains("PutGroupPolicy: MalformedPolicyDocument"),
        "{reason}"
    );
    assert_eq!(b.api_calls().get("PutGroupPolicy"), Some(&1));
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
        "aws_backend_moto_session::environment_child_reads_through_aws_endpoint_url",
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
        partition: Default::default(),
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
