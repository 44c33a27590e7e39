//! `iamform import` on recorded states: what it writes reads back to exactly the
//! account (a plan shows no changes), and importing again writes identical bytes.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use iamform::backend::state_file::StateFile;
use iamform::import::{AccountImport, PROJECT_FILE, import_account, project_config};
use iamform::model::{AccountConfig, AccountIam, PolicyDocument, Role, User};
use serde_json::json;

fn read_state(path: &str) -> StateFile {
    let text = std::fs::read_to_string(path).unwrap();
    StateFile::parse(&text, Path::new(path)).unwrap()
}

/// Imports `account` as `name` into a fresh directory, then loads it back and plans.
fn round_trip(name: &str, account: &AccountIam) -> (AccountImport, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = project_config(&[AccountConfig {
        name: name.to_string(),
        id: account.account_id.clone(),
        partition: account.partition,
        ..AccountConfig::default()
    }]);
    std::fs::write(dir.path().join(PROJECT_FILE), config).unwrap();
    let desired = iamform::manifest::load(dir.path(), iamform::model::UtcTime { unix: 0 }).unwrap();
    let import = import_account(account, name, &desired.project);
    for file in &import.files {
        let path = dir.path().join(&file.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.text).unwrap();
    }
    let desired = match iamform::manifest::load(dir.path(), iamform::model::UtcTime { unix: 0 }) {
        Ok(d) => d,
        Err(diags) => panic!("imported manifests do not load: {diags:?}\n{import:#?}"),
    };
    let actual = BTreeMap::from([(name.to_string(), account.clone())]);
    let plan = iamform::plan::build(&desired, &actual).unwrap();
    assert!(
        plan.is_empty(),
        "{}",
        iamform::render::text(&plan, &Default::default())
    );
    let again = import_account(account, name, &desired.project);
    assert_eq!(again, import, "a second import must write the same files");
    (import, dir)
}

/// The trust shorthands and the providers they name come back as written: import reads
/// `github:`, `gitlab:` (of gitlab.com and of a self-managed instance), `eks:` and
/// `saml:` back from the documents they generate.
#[test]
fn trust_shorthands_and_providers_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let project = Path::new("tests/fixtures/workflows/federation");
    for file in ["iamform.yaml", "providers.yaml"] {
        std::fs::copy(project.join(file), dir.path().join(file)).unwrap();
    }
    std::fs::create_dir(dir.path().join("saml")).unwrap();
    std::fs::copy(
        project.join("saml/corp-idp.xml"),
        dir.path().join("saml/corp-idp.xml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("roles.yaml"),
        "account: main\nroles:\n  ci:\n    trust:\n\
         \x20     - github: {repo: acme/web, ref: refs/heads/main}\n\
         \x20     - github: {repo: \"acme/*\", environment: production}\n\
         \x20     - github: {repo: acme/web, pull_request: true}\n\
         \x20     - gitlab: {project: acme/infra, tag: \"v*\"}\n\
         \x20     - eks: {cluster_oidc: \"https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\", namespace: apps, service_account: web}\n\
         \x20     - saml: corp-idp\n\
         \x20       require_mfa: true\n\
         \x20 self-managed:\n    trust:\n\
         \x20     - gitlab: {host: gitlab.example.com, project: acme/web, ref: main}\n",
    )
    .unwrap();
    let desired = iamform::manifest::load(dir.path(), iamform::model::UtcTime { unix: 0 }).unwrap();
    let account = desired.accounts["main"].iam.clone();
    let (import, _dir) = round_trip("main", &account);
    let roles = &import
        .files
        .iter()
        .find(|f| f.name == "roles.yaml")
        .unwrap()
        .text;
    insta::assert_snapshot!("shorthand_import_roles", roles);
    assert!(import.raw_trust.is_empty(), "{:?}", import.raw_trust);
}

#[test]
fn the_imported_example_is_what_import_writes() {
    let state = read_state("examples/imported/state.json");
    let account = &state.accounts["012345678901"];
    let desired = iamform::manifest::load(
        Path::new("examples/imported"),
        iamform::model::UtcTime { unix: 0 },
    )
    .unwrap();
    let import = import_account(account, "prod", &desired.project);
    for file in &import.files {
        let committed =
            std::fs::read_to_string(Path::new("examples/imported").join(&file.name)).unwrap();
        assert_eq!(
            committed, file.text,
            "examples/imported/{} is stale",
            file.name
        );
    }
    let names: Vec<String> = import.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        [
            "role AWSReservedSSO_Admin_0f3a9c",
            "role AWSServiceRoleForSupport",
            "SAML provider AWSSSO_5e2c_DO_NOT_DELETE"
        ]
    );
    assert_eq!(import.raw_trust, ["app-server"]);
    let actual = BTreeMap::from([("prod".to_string(), account.clone())]);
    assert!(iamform::plan::build(&desired, &actual).unwrap().is_empty());
    round_trip("prod", account);
}

#[test]
fn the_quickstart_state_round_trips() {
    let state = read_state("examples/quickstart/state.json");
    let (import, _dir) = round_trip("main", &state.accounts["111111111111"]);
    let roles = import
        .files
        .iter()
        .find(|f| f.name == "roles.yaml")
        .unwrap();
    // A bare account id principal is the account root: `trust: [{account: main}]`.
    assert!(
        roles.text.contains("trust:\n      - account: main\n"),
        "{}",
        roles.text
    );
}

#[test]
fn awkward_names_and_values_round_trip() {
    let mut account = AccountIam::new("000000000042");
    let tags = BTreeMap::from([
        ("yes".to_string(), "no".to_string()),
        ("empty".to_string(), String::new()),
        ("zip".to_string(), "01234".to_string()),
        ("colon".to_string(), "a: b".to_string()),
        ("accent".to_string(), "café".to_string()),
        ("@at".to_string(), "-1".to_string()),
        ("=".to_string(), ":x +y".to_string()),
    ]);
    account.users.insert(
        "null".to_string(),
        User {
            name: "null".to_string(),
            path: "/a-b/".to_string(),
            tags: tags.clone(),
            permissions_boundary: Some("arn:aws:iam::aws:policy/NotInTheBuiltInList".into()),
            managed_policies: ["arn:aws:iam::999999999999:policy/shared".to_string()].into(),
            inline_policies: BTreeMap::from([(
                "on".to_string(),
                PolicyDocument(json!({
                    "Version": "2012-10-17",
                    "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                        "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                                      "Bool": {"aws:SecureTransport": true}}}
                })),
            )]),
            groups: Default::default(),
            credential_rules: Default::default(),
            credential_state: None,
            meta: Default::default(),
        },
    );
    account.roles.insert(
        "1st".to_string(),
        Role {
            name: "1st".to_string(),
            path: "/".to_string(),
            description: Some("line one\nline \"two\"".to_string()),
            max_session_duration: 5400,
            trust_policy: PolicyDocument(json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": ["000000000042", "arn:aws:iam::000000000042:root"]},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}},
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000042:user/a-b/null"},
                     "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"]},
                     "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "000000000042"}}}
                ]
            })),
            permissions_boundary: None,
            managed_policies: Default::default(),
            inline_policies: Default::default(),
            tags,
            meta: Default::default(),
        },
    );
    let (import, _dir) = round_trip("yes", &account);
    assert!(import.raw_trust.is_empty(), "{import:#?}");
    let users = &import
        .files
        .iter()
        .find(|f| f.name == "users.yaml")
        .unwrap()
        .text;
    assert!(users.starts_with(
        "# Imported by `iamform import` from account yes (000000000042).\naccount: \"yes\"\n"
    ));
}

#[test]
fn cli_import_writes_config_once_and_plans_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("manifests");
    let import = || {
        Command::cargo_bin("iamform")
            .unwrap()
            .args([
                "import",
                "--state",
                "examples/imported/state.json",
                "--account",
                "prod",
            ])
            .arg("--out")
            .arg(&out)
            .assert()
            .success()
    };
    let first = import().get_output().stderr.clone();
    let first = String::from_utf8(first)
        .unwrap()
        .replace(&out.display().to_string(), "OUT");
    insta::assert_snapshot!("cli_import_stderr", first);
    let config = std::fs::read_to_string(out.join(PROJECT_FILE)).unwrap();
    insta::assert_snapshot!("cli_import_project_config", config);
    let second = String::from_utf8(import().get_output().stderr.clone()).unwrap();
    assert!(
        !second.contains("iamform.yaml"),
        "iamform.yaml is written only if absent"
    );
    for name in ["roles.yaml", "users.yaml", "groups.yaml", "policies.yaml"] {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            std::fs::read_to_string(Path::new("examples/imported").join(name)).unwrap(),
        );
    }
    let plan = Command::cargo_bin("iamform")
        .unwrap()
        .arg("-C")
        .arg(&out)
        .args([
            "plan",
            "--state",
            "examples/imported/state.json",
            "--detailed-exitcode",
        ])
        .assert()
        .code(0);
    let stdout = String::from_utf8(plan.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("No changes."), "{stdout}");
}

#[test]
fn cli_import_never_overwrites_hand_written_manifests() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("users.yaml"), "users: {me: {}}\n").unwrap();
    let assert = Command::cargo_bin("iamform")
        .unwrap()
        .args(["import", "--state", "examples/imported/state.json", "--out"])
        .arg(dir.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("users.yaml exists and was not written by `iamform import`"),
        "{stderr}"
    );
    let kept = std::fs::read_to_string(dir.path().join("users.yaml")).unwrap();
    assert_eq!(kept, "users: {me: {}}\n");
    assert!(
        !dir.path().join("roles.yaml").exists(),
        "nothing is written"
    );
}

#[test]
fn cli_import_needs_an_account_id_for_a_multi_account_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("two.json");
    let text = std::fs::read_to_string("examples/imported/state.json").unwrap();
    let mut two: serde_json::Value = serde_json::from_str(&text).unwrap();
    two["accounts"]["222222222222"] = json!({"account_id": "222222222222"});
    std::fs::write(&state, two.to_string()).unwrap();
    let assert = Command::cargo_bin("iamform")
        .unwrap()
        .arg("import")
        .arg("--state")
        .arg(&state)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("holds 2 accounts; choose one with --account-id"),
        "{stderr}"
    );
}

#[test]
fn several_accounts_import_into_one_directory_each() {
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().join("config");
    std::fs::create_dir(&config_dir).unwrap();
    std::fs::write(
        config_dir.join(PROJECT_FILE),
        "accounts:\n  identity: {id: \"222222222222\", profile: id-admin}\n  prod: {id: \"333333333333\"}\ndefault_account: prod\n",
    )
    .unwrap();
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}]});
    let state = json!({"format_version": 1, "accounts": {
        "222222222222": {"account_id": "222222222222",
            "users": {"alice": {"name": "alice", "path": "/people/"}}},
        "333333333333": {"account_id": "333333333333",
            "roles": {"admin": {"name": "admin", "trust_policy": trust}}}
    }});
    let state_path = dir.path().join("state.json");
    std::fs::write(&state_path, state.to_string()).unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("iamform")
        .unwrap()
        .arg("-C")
        .arg(&config_dir)
        .arg("import")
        .arg("--state")
        .arg(&state_path)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let roles = std::fs::read_to_string(out.join("prod/roles.yaml")).unwrap();
    assert!(roles.contains("account: prod\n"), "{roles}");
    assert!(
        roles.contains("trust:\n      - account: identity\n"),
        "{roles}"
    );
    assert!(out.join("identity/users.yaml").is_file());
    let config = std::fs::read_to_string(out.join(PROJECT_FILE)).unwrap();
    assert!(
        config.contains("identity:\n    id: \"222222222222\"\n    profile: id-admin\n  prod:\n"),
        "{config}"
    );
    let plan = Command::cargo_bin("iamform")
        .unwrap()
        .arg("-C")
        .arg(&out)
        .arg("plan")
        .arg("--state")
        .arg(&state_path)
        .assert()
        .success();
    let stdout = String::from_utf8(plan.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("No changes."), "{stdout}");
}

/// Two existing roles that trust each other and one that trusts itself: IAM accepts
/// that once the roles exist, so the import names them and plans clean.
#[test]
fn roles_that_trust_each_other_round_trip() {
    let state = read_state("tests/fixtures/states/mutual_trust.json");
    let (import, _dir) = round_trip("main", &state.accounts["111111111111"]);
    assert!(import.raw_trust.is_empty(), "{import:#?}");
    let roles = &import
        .files
        .iter()
        .find(|f| f.name == "roles.yaml")
        .unwrap()
        .text;
    for entry in ["roles: [green]", "roles: [blue]", "roles: [mirror]"] {
        assert!(roles.contains(entry), "{entry} in {roles}");
    }
}

// A GovCloud account: import writes its partition into iamform.yaml, names its
// arn:aws-us-gov: policies and principals the way the loader builds them back, and the
// plan finds nothing to change.
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
#[test]
fn a_govcloud_account_round_trips() {
    let text = std::fs::read_to_string("examples/imported/state.json")
        .unwrap()
        .replace("arn:aws:", "arn:aws-us-gov:")
        // Documents IAM returns are URL-encoded.
        .replace("arn%3Aaws%3A", "arn%3Aaws-us-gov%3A");
    let state = StateFile::parse(&text, Path::new("gov.json")).unwrap();
    let mut account = state.accounts["012345678901"].clone();
    account.partition = iamform::arn::Partition::AwsUsGov;
    let (import, dir) = round_trip("prod", &account);
    let config = std::fs::read_to_string(dir.path().join(PROJECT_FILE)).unwrap();
    assert!(config.contains("partition: aws-us-gov"), "{config}");
    // As in `aws`, only the role whose trust has a Sid and two actions stays raw.
    assert_eq!(import.raw_trust, ["app-server"]);
}

/// A state file of one account with `users` users, each with a small inline policy.
fn write_users_state(path: &Path, users: usize) {
    let mut account = AccountIam::new("111111111111");
    for i in 0..users {
        let name = format!("engineer-{i:05}");
        let document = PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                           "Resource": format!("arn:aws:s3:::team-bucket-{i}/*")}]
        }));
        account.users.insert(
            name.clone(),
            User {
                name,
                path: "/people/".to_string(),
                tags: BTreeMap::from([("team".to_string(), format!("team-{}", i % 17))]),
                permissions_boundary: None,
                managed_policies: Default::default(),
                inline_policies: BTreeMap::from([("own".to_string(), document)]),
                groups: Default::default(),
                credential_rules: Default::default(),
                credential_state: None,
                meta: Default::default(),
            },
        );
    }
    let state = StateFile {
        format_version: iamform::backend::state_file::STATE_FORMAT_VERSION,
        accounts: BTreeMap::from([(account.account_id.clone(), account)]),
        organization: None,
    };
    std::fs::write(path, serde_json::to_string(&state).unwrap()).unwrap();
}

#[test]
fn a_large_account_is_imported_in_parts_and_stale_parts_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (out, state) = (dir.path().join("manifests"), dir.path().join("state.json"));
    let import = |users: usize| {
        write_users_state(&state, users);
        let assert = Command::cargo_bin("iamform")
            .unwrap()
            .arg("import")
            .arg("--state")
            .arg(&state)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        String::from_utf8(assert.get_output().stderr.clone()).unwrap()
    };
    // A few hundred bytes of YAML per user: 7,000 users are more than one part.
    import(7_000);
    let user_files = || {
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("users"))
            .collect();
        names.sort();
        names
    };
    let parts = user_files();
    assert!(
        parts.len() >= 2 && parts.contains(&"users-2.yaml".to_string()),
        "{parts:?}"
    );
    for part in &parts {
        let text = std::fs::read_to_string(out.join(part)).unwrap();
        assert!(text.len() <= iamform::import::PART_BYTES + 200, "{part}");
    }
    Command::cargo_bin("iamform")
        .unwrap()
        .arg("validate")
        .arg(&out)
        .assert()
        .success();
    // The account shrinks: the parts no import writes any more go, a file someone wrote
    // by hand under such a name stays.
    std::fs::write(out.join("users-9.yaml"), "users: {}\n").unwrap();
    let stderr = import(10);
    assert_eq!(user_files(), ["users-9.yaml", "users.yaml"]);
    assert!(
        stderr.contains("users-2.yaml: a part of an earlier import"),
        "{stderr}"
    );
}
