//! `iamform import` against moto (`scripts/test --test it import_moto::`): an account built
//! through the real SDK is imported by the binary, and a plan of the result shows no
//! changes; a second import writes the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::iam_fixtures::{
    allow, create, fresh, group, instance_profile, policy, read, role, run, tags, user,
};
use crate::support::moto;
use iamform::diff::Action;
use iamform::manifest::{REQUIRE_MFA_POLICY_NAME, require_mfa_document};
use iamform::model::{AccountConfig, Entity, EntityKind, PasswordPolicy, PolicyDocument};
use serde_json::json;

fn iamform(endpoint: &str, dir: &Path, args: &[&str]) -> (i32, String, String) {
    moto::run_binary(endpoint, dir, args)
}

fn build_account(endpoint: &str) -> AccountConfig {
    let (account, b) = fresh(endpoint);
    use EntityKind::{
        AccountSettings as S, Group as G, InstanceProfile as P, Policy as Pol, Role as R, User as U,
    };
    // Policy and instance-profile tags: no listing returns them, import must read them.
    let mut deploy = policy("deploy", "s3:PutObject");
    deploy.tags = tags(&[("team", "core")]);
    create(&b, &account, Entity::Policy(deploy));
    for action in [
        "s3:GetObject",
        "lambda:UpdateFunctionCode",
        "ecr:PutImage",
        "logs:PutLogEvents",
    ] {
        let before = read(&b, &account).policies["deploy"].document.clone();
        run(
            &b,
            &account,
            Pol,
            "deploy",
            Action::UpdatePolicyDocument {
                before,
                after: allow(action),
            },
        );
    }
    let mut boundary = policy("bound", "s3:*");
    boundary.path = "/boundaries/".into();
    create(&b, &account, Entity::Policy(boundary));
    let iam = read(&b, &account);
    let deploy_arn = iam.policies["deploy"].meta.arn.clone().unwrap();
    let bound_arn = iam.policies["bound"].meta.arn.clone().unwrap();

    create(&b, &account, Entity::Group(group("devs")));
    run(
        &b,
        &account,
        G,
        "devs",
        Action::AttachPolicy {
            // moto serves no AWS-managed policies unless configured to.
            policy_arn: deploy_arn.clone(),
        },
    );
    run(
        &b,
        &account,
        G,
        "devs",
        Action::PutInlinePolicy {
            policy_name: REQUIRE_MFA_POLICY_NAME.into(),
            before: None,
            after: PolicyDocument(require_mfa_document()),
        },
    );
    let mut alice = user("alice");
    alice.path = "/people/".into();
    // moto answers PutUserPermissionsBoundary with a 500; CreateUser takes the boundary.
    alice.permissions_boundary = Some(bound_arn.clone());
    alice.tags = tags(&[("team", "core"), ("on-call", "yes"), ("zip", "0042")]);
    create(&b, &account, Entity::User(alice));
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
        Action::PutInlinePolicy {
            policy_name: "own-bucket".into(),
            before: None,
            after: PolicyDocument(json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": "arn:aws:s3:::home/${aws:username}/*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})),
        },
    );

    create(&b, &account, Entity::Role(role("app")));
    let before = read(&b, &account).roles["app"].trust_policy.clone();
    let trust = PolicyDocument(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{}:user/people/alice", account.id)},
         "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
         "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "vendor-1"}}}
    ]}));
    run(
        &b,
        &account,
        R,
        "app",
        Action::UpdateTrustPolicy {
            before,
            after: trust,
        },
    );
    run(
        &b,
        &account,
        R,
        "app",
        Action::AttachPolicy {
            policy_arn: deploy_arn,
        },
    );
    run(
        &b,
        &account,
        R,
        "app",
        Action::PutPermissionsBoundary {
            before: None,
            after: bound_arn,
        },
    );
    run(
        &b,
        &account,
        R,
        "app",
        Action::PutInlinePolicy {
            policy_name: "logs".into(),
            before: None,
            after: allow("logs:*"),
        },
    );
    let mut profile = instance_profile("app");
    profile.tags = tags(&[("tier", "web")]);
    create(&b, &account, Entity::InstanceProfile(profile));
    run(
        &b,
        &account,
        P,
        "app",
        Action::AddRoleToInstanceProfile { role: "app".into() },
    );
    run(
        &b,
        &account,
        S,
        "account",
        Action::SetPasswordPolicy {
            before: None,
            after: PasswordPolicy {
                minimum_password_length: 14,
                require_symbols: true,
                require_numbers: true,
                require_uppercase_characters: true,
                require_lowercase_characters: true,
                allow_users_to_change_password: true,
                max_password_age: Some(90),
                password_reuse_prevention: Some(24),
                hard_expiry: false,
            },
        },
    );
    let versions = &read(&b, &account).policies["deploy"].versions;
    assert_eq!(versions.len(), 5, "{versions:?}");
    account
}

#[test]
fn import_then_plan_shows_no_changes() {
    let Some(endpoint) = moto::endpoint("import_then_plan_shows_no_changes") else {
        return;
    };
    let account = build_account(&endpoint);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "accounts:\n  test:\n    id: \"{}\"\n    assume_role: {}\n",
        account.id,
        moto::TEST_ROLE
    );
    // The manifests go next to the config directory: a manifest directory reads its
    // subdirectories too.
    let config_dir = dir.path().join("config");
    std::fs::create_dir(&config_dir).unwrap();
    std::fs::write(config_dir.join("iamform.yaml"), &config).unwrap();
    let out = dir.path().join("manifests");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("iamform.yaml"), &config).unwrap();

    let import_args = ["import", "--out", out.to_str().unwrap()];
    let (code, _, stderr) = iamform(&endpoint, &config_dir, &import_args);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("kept as assume_role_policy"), "{stderr}");
    let written = |dir: &Path| -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    };
    let first = written(&out);
    assert_eq!(
        first.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "account_settings.yaml",
            "groups.yaml",
            "iamform.yaml",
            "instance_profiles.yaml",
            "policies.yaml",
            "roles.yaml",
            "users.yaml"
        ]
    );
    assert!(
        first["groups.yaml"].contains("require_mfa: true"),
        "{}",
        first["groups.yaml"]
    );
    for (file, tag) in [
        ("policies.yaml", "team: core"),
        ("instance_profiles.yaml", "tier: web"),
    ] {
        assert!(first[file].contains(tag), "{tag} in {}", first[file]);
    }
    assert!(
        first["roles.yaml"].contains("external_id: vendor-1"),
        "{}",
        first["roles.yaml"]
    );

    let (code, stdout, stderr) = iamform(&endpoint, &out, &["plan", "--detailed-exitcode"]);
    assert_eq!(
        code, 0,
        "plan after import must be empty:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("No changes."), "{stdout}");

    let (code, _, stderr) = iamform(&endpoint, &config_dir, &import_args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        written(&out),
        first,
        "a second import must write identical files"
    );
}

/// `import -v` says what it cost, like every command that reads: each request (the
/// credential provider's AssumeRole included) and the time of each phase.
#[test]
fn import_verbose_prints_every_request_and_the_timings() {
    let Some(endpoint) = moto::endpoint("import_verbose_prints_every_request_and_the_timings")
    else {
        return;
    };
    let (account, b) = fresh(&endpoint);
    create(&b, &account, Entity::Group(group("devs")));
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "accounts:\n  test:\n    id: \"{}\"\n    assume_role: {}\n",
        account.id,
        moto::TEST_ROLE
    );
    std::fs::write(dir.path().join("iamform.yaml"), config).unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = iamform(
        &endpoint,
        dir.path(),
        &["-v", "import", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    // Two of them ask Identity Center (moto gives every account an instance) for its
    // permission sets, which import writes when there are any.
    for line in [
        "API calls: 11",
        "  SWBExternalService.ListInstances         1",
        "  SWBExternalService.ListPermissionSets    1",
        "  AssumeRole                               1",
        "  GetAccountAuthorizationDetails           1",
        "  GetCallerIdentity                        1",
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line:?} in:\n{stderr}");
    }
    let timings = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Timings: "))
        .unwrap_or_else(|| panic!("no timings in:\n{stderr}"));
    assert!(
        timings.starts_with("read ") && timings.contains(", render "),
        "{timings}"
    );
}
