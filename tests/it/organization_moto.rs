//! Accounts from AWS Organizations on moto (`scripts/test --test it organization_moto::`):
//! each test makes its own organization in a fresh management account, and the real
//! binary discovers the accounts, names them by slug and reaches each through the
//! organization's `assume_role`.

use std::path::Path;

use iamform::plan::Plan;

use crate::support::moto::moto_or_skip;
use crate::support::moto_org::MotoOrganization;
use crate::support::moto_project::Run;

/// moto creates this role in every account it creates, trusting the management account.
const ROLE: &str = "OrganizationAccountAccessRole";

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write manifest");
}

fn plan(org: &MotoOrganization, dir: &Path) -> (Plan, Run) {
    let run = org
        .iamform(dir, &["plan", "--format", "json"])
        .expect_code(0);
    (run.plan(), run)
}

/// `(account name, action, entity)` of each change: what a plan does, where.
fn changes(plan: &Plan) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = plan
        .changes
        .iter()
        .map(|c| {
            let action = serde_json::to_value(&c.change.action).expect("action serializes");
            (
                c.change.account.name.clone(),
                action["type"].as_str().unwrap_or_default().to_string(),
                c.change.target.name.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn discovered_accounts_are_named_by_slug_and_reached_through_the_role() {
    let endpoint =
        moto_or_skip!("discovered_accounts_are_named_by_slug_and_reached_through_the_role");
    let org = MotoOrganization::new(&endpoint);
    let workloads = org.create_ou(&org.root, "Workloads");
    let dev = org.create_account("Dev 1", &[("env", "dev")], &workloads);
    org.create_account("Prod 1", &[("env", "prod")], &workloads);
    let old = org.create_account("Old", &[], &workloads);
    org.close_account(&old);

    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "iamform.yaml",
        &format!("organization: {{assume_role: {ROLE}}}\nscope: {{paths: [/iamform/]}}\n"),
    );
    write(
        dir.path(),
        "roles.yaml",
        "roles:\n  auditor: {account: dev-1, path: /iamform/, trust: [{service: ec2.amazonaws.com}], description: audit}\n",
    );
    let (first, run) = plan(&org, dir.path());
    assert_eq!(
        changes(&first),
        [(
            "dev-1".to_string(),
            "create".to_string(),
            "auditor".to_string()
        )]
    );
    assert!(
        run.stderr.contains(&format!(
            "note: account Old ({old}) is SUSPENDED in the organization; left out"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(first.changes[0].change.account.id, dev);

    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let (again, _) = plan(&org, dir.path());
    assert!(changes(&again).is_empty(), "{:?}", changes(&again));

    // `accounts` shows what selectors can match on, tags included.
    let listed = org
        .iamform(dir.path(), &["accounts", "--format", "json"])
        .expect_code(0);
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let dev_row = listed["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "dev-1")
        .expect("dev-1 is listed");
    assert_eq!(dev_row["ou"], "/Workloads");
    assert_eq!(dev_row["tags"]["env"], "dev");

    // The organization is recorded, so the plan works offline too.
    org.iamform(dir.path(), &["state", "pull", "--out", "state.json"])
        .expect_code(0);
    let offline = org
        .iamform_with(
            dir.path(),
            &["plan", "--state", "state.json", "--format", "json"],
            &["AWS_REGION"],
        )
        .expect_code(0);
    assert!(changes(&offline.plan()).is_empty());
    let state = std::fs::read_to_string(dir.path().join("state.json")).unwrap();
    assert!(state.contains("\"organization\"") && state.contains("\"/Workloads\""));
}
