//! One plan over three accounts on moto, each reached through AssumeRole (moto maps the
//! returned keys to the target account): bootstrap with links, then remove a link and
//! its source role (`scripts/test --test it multi_account_moto::`).

use std::path::Path;

use crate::support::moto;
use crate::support::moto::moto_or_skip;
use assert_cmd::Command;
use serde_json::Value;

const IDENTITY: &str = "\
account: identity
groups:
  admins: {path: /iamform/}
users:
  alice: {path: /iamform/, groups: [admins]}
roles:
  ci: {path: /iamform/, trust: [{service: codebuild.amazonaws.com}]}
";

const TARGETS: &str = "\
roles:
  admin: {account: prod, path: /iamform/, trust: []}
  deployer: {account: prod, path: /iamform/, trust: [{service: codebuild.amazonaws.com}]}
  developer: {account: dev, path: /iamform/, trust: [], max_session_duration: 2h}
";

const LINKS: &str = "\
links:
  admins-to-prod:
    from: {account: identity, groups: [admins]}
    to: {account: prod, role: admin}
    require_mfa: true
  alice-to-dev:
    from: {account: identity, users: [alice]}
    to: {account: dev, role: developer}
";

const CI_LINK: &str = "\
links:
  ci-to-prod:
    from: {account: identity, roles: [ci]}
    to: {account: prod, role: deployer}
    external_id: build-42
";

/// Writes the project for three fresh accounts.
fn write_project(dir: &Path) {
    let ids: Vec<String> = (0..3).map(|_| moto::unique_account_id()).collect();
    let config = format!(
        "accounts:\n  identity: {{id: \"{}\", assume_role: {role}}}\n  prod: {{id: \"{}\", assume_role: {role}}}\n  dev: {{id: \"{}\", assume_role: {role}}}\ndefault_account: identity\nscope: {{paths: [/iamform/], prune: true}}\n",
        ids[0],
        ids[1],
        ids[2],
        role = moto::TEST_ROLE
    );
    std::fs::write(dir.join("iamform.yaml"), config).unwrap();
    std::fs::write(dir.join("identity.yaml"), IDENTITY).unwrap();
    std::fs::write(dir.join("targets.yaml"), TARGETS).unwrap();
    std::fs::write(dir.join("links.yaml"), LINKS).unwrap();
    std::fs::write(dir.join("ci.yaml"), CI_LINK).unwrap();
}

/// Runs iamform against moto; returns exit code, stdout and stderr.
fn iamform(endpoint: &str, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let (_env_dir, env) = moto::binary_env(endpoint);
    let mut cmd = Command::cargo_bin("iamform").unwrap();
    for var in moto::INHERITED_AWS_VARS {
        cmd.env_remove(var);
    }
    let output = cmd
        .envs(env)
        .env("NO_COLOR", "1")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

fn json_plan(endpoint: &str, dir: &Path) -> Value {
    let (code, out, err) = iamform(endpoint, dir, &["plan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    serde_json::from_str(&out).unwrap()
}

/// The id of the first change matching `account`, `target` and action `kind`.
fn position(plan: &Value, account: &str, target: &str, kind: &str) -> u64 {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["account"]["name"] == account
                && format!(
                    "{} {}",
                    c["target"]["kind"].as_str().unwrap(),
                    c["target"]["name"].as_str().unwrap()
                ) == target
                && c["action"]["type"] == kind
        })
        .and_then(|c| c["id"].as_u64())
        .unwrap_or_else(|| panic!("no {kind} of {target} in {account}: {plan:#}"))
}

#[test]
fn bootstrap_then_remove_a_link_across_three_accounts() {
    let endpoint = moto_or_skip!("bootstrap_then_remove_a_link_across_three_accounts");
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path());

    // Bootstrap from empty: the source role exists before the trust that names it.
    let plan = json_plan(&endpoint, dir.path());
    assert!(
        position(&plan, "identity", "role ci", "create")
            < position(&plan, "prod", "role deployer", "create")
    );
    assert_eq!(
        plan["links"].as_array().unwrap().len(),
        3,
        "{:#}",
        plan["links"]
    );
    let (code, out, err) = iamform(&endpoint, dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = iamform(&endpoint, dir.path(), &["plan"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No changes."), "{out}");

    // Remove the CI link and the CI role: the trust stops naming the role and the grant
    // goes before the role is deleted, across accounts.
    std::fs::remove_file(dir.path().join("ci.yaml")).unwrap();
    let identity = IDENTITY.replace(
        "roles:\n  ci: {path: /iamform/, trust: [{service: codebuild.amazonaws.com}]}\n",
        "",
    );
    std::fs::write(dir.path().join("identity.yaml"), identity).unwrap();
    let plan = json_plan(&endpoint, dir.path());
    let trust = position(&plan, "prod", "role deployer", "update_trust_policy");
    let grant = position(&plan, "identity", "role ci", "delete_inline_policy");
    let delete = position(&plan, "identity", "role ci", "delete");
    assert!(trust < delete && grant < delete, "{:#}", plan["changes"]);
    let removed: Vec<&Value> = plan["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["removed"] == true)
        .collect();
    assert_eq!(removed.len(), 1, "{:#}", plan["links"]);
    assert_eq!(removed[0]["name"], "iamform-link-prod-deployer");
    assert_eq!(removed[0]["trust_changes"], serde_json::json!([trust]));
    assert_eq!(removed[0]["grant_changes"], serde_json::json!([grant]));
    let (code, out, err) = iamform(&endpoint, dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = iamform(&endpoint, dir.path(), &["plan"]);
    assert!(out.contains("No changes."), "{out}");
}
