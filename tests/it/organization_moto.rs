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

/// A project of the organization's accounts owning `/iamform/` with pruning on, holding
/// `files` (name, text) besides its iamform.yaml.
fn pruned_project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "iamform.yaml",
        &format!(
            "organization: {{assume_role: {ROLE}}}\nscope: {{paths: [/iamform/], prune: true}}\n"
        ),
    );
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
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
    // Accounts that are not active are not planned, and the plan says so.
    assert!(
        first.warnings.contains(&format!(
            "account Old ({old}) is SUSPENDED in the organization, so it is left out"
        )),
        "{:?} {}",
        first.warnings,
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

/// `(account, entity)` of every change of action `kind` (`create`, `delete`, …).
fn of_kind(plan: &Plan, kind: &str) -> Vec<(String, String)> {
    changes(plan)
        .into_iter()
        .filter(|(_, action, _)| action == kind)
        .map(|(account, _, entity)| (account, entity))
        .collect()
}

const BASELINE: &str = r#"
roles:
  audit-readonly:
    accounts: {ou: ["/Workloads/*"]}
    path: /iamform/
    description: "Audit role of {{account.name}} in {{account.ou}}"
    trust: [{account: identity}]
  break-glass:
    accounts: {tags: {env: prod}}
    path: /iamform/
    trust: [{account: identity, require_mfa: true}]
    overrides:
      - {accounts: [prod-1], max_session_duration: 2h}
    inline_policies:
      read-logs:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "arn:aws:s3:::logs-{{account.id}}-{{account.tags.env}}/*"
policies:
  "deploy-{{account.name}}":
    accounts: {names: [dev-*], exclude: [dev-3]}
    path: /iamform/
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:PutObject
          Resource: "arn:aws:s3:::artifacts-{{account.id}}/*"
"#;

#[test]
fn one_definition_follows_the_accounts_its_selector_matches() {
    let endpoint = moto_or_skip!("one_definition_follows_the_accounts_its_selector_matches");
    let org = MotoOrganization::new(&endpoint);
    let security = org.create_ou(&org.root, "Security");
    let workloads = org.create_ou(&org.root, "Workloads");
    let dev_ou = org.create_ou(&workloads, "Dev");
    let prod_ou = org.create_ou(&workloads, "Prod");
    let sandbox = org.create_ou(&org.root, "Sandbox");
    org.create_account("Identity", &[("env", "shared")], &security);
    org.create_account("Log Archive", &[("env", "shared")], &security);
    let mut ids = std::collections::BTreeMap::new();
    for n in 1..=4 {
        ids.insert(
            format!("dev-{n}"),
            org.create_account(&format!("Dev {n}"), &[("env", "dev")], &dev_ou),
        );
        ids.insert(
            format!("prod-{n}"),
            org.create_account(&format!("Prod {n}"), &[("env", "prod")], &prod_ou),
        );
    }
    org.create_account("Sandbox 1", &[("env", "sandbox")], &sandbox);
    org.create_account("Sandbox 2", &[("env", "sandbox")], &sandbox);

    let dir = pruned_project(&[("baseline.yaml", BASELINE)]);

    let (first, _) = plan(&org, dir.path());
    let created = of_kind(&first, "create");
    let expected: Vec<(String, String)> = {
        let mut e = Vec::new();
        for n in 1..=4 {
            e.push((format!("dev-{n}"), "audit-readonly".to_string()));
            e.push((format!("prod-{n}"), "audit-readonly".to_string()));
            e.push((format!("prod-{n}"), "break-glass".to_string()));
            if n != 3 {
                e.push((format!("dev-{n}"), format!("deploy-dev-{n}")));
            }
        }
        e.sort();
        e
    };
    assert_eq!(created, expected);
    // The same changes in several accounts are listed once, with the accounts: the
    // break-glass role's policy names each account's own id, which is the same change.
    let shared: Vec<(&str, Vec<&str>)> = first
        .shared
        .iter()
        .map(|s| {
            (
                s.target.name.as_str(),
                s.accounts.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        shared,
        [("break-glass", vec!["prod-2", "prod-3", "prod-4"])]
    );
    // prod-1's override makes its copy differ.
    let prod_1 = first
        .changes
        .iter()
        .find(|c| c.change.account.name == "prod-1" && c.change.target.name == "break-glass")
        .expect("break-glass in prod-1");
    let created = serde_json::to_value(&prod_1.change.action).unwrap();
    assert_eq!(created["entity"]["max_session_duration"], 7200, "{created}");
    let text = org.iamform(dir.path(), &["plan"]).expect_code(0).stdout;
    assert_eq!(
        text.matches("+ role break-glass in 3 accounts: prod-2, prod-3, prod-4")
            .count(),
        1,
        "{text}"
    );
    // The variables took each account's values.
    let json = serde_json::to_value(&first).unwrap().to_string();
    assert!(
        json.contains("Audit role of prod-2 in /Workloads/Prod"),
        "{json}"
    );
    assert!(json.contains(&format!("arn:aws:s3:::logs-{}-prod/*", ids["prod-3"])));
    assert!(json.contains(&format!("arn:aws:s3:::artifacts-{}/*", ids["dev-4"])));

    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let (converged, _) = plan(&org, dir.path());
    assert!(changes(&converged).is_empty(), "{:?}", changes(&converged));

    // A new account in the OU gets the baseline, and only it.
    org.create_account("Dev 5", &[("env", "dev")], &dev_ou);
    let (grown, _) = plan(&org, dir.path());
    assert_eq!(
        of_kind(&grown, "create"),
        [
            ("dev-5".to_string(), "audit-readonly".to_string()),
            ("dev-5".to_string(), "deploy-dev-5".to_string())
        ]
    );
    assert!(of_kind(&grown, "delete").is_empty());
    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);

    // An account moved out of the OU loses what the OU gave it, and keeps what its tag gives.
    org.move_account(&ids["prod-4"], &prod_ou, &sandbox);
    let (moved, _) = plan(&org, dir.path());
    assert_eq!(
        of_kind(&moved, "delete"),
        [("prod-4".to_string(), "audit-readonly".to_string())]
    );
    assert!(of_kind(&moved, "create").is_empty());
    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let (settled, _) = plan(&org, dir.path());
    assert!(changes(&settled).is_empty(), "{:?}", changes(&settled));

    // Access that expires ends in every account it was given to once the clock passes
    // it (pruning aside: it is owned and explicitly ended).
    write(dir.path(), "contractor.yaml", CONTRACTOR);
    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let after = org
        .iamform_at(
            dir.path(),
            &["plan", "--format", "json"],
            "2031-01-02T00:00:00Z",
        )
        .expect_code(0)
        .plan();
    let mut ended = of_kind(&after, "delete");
    ended.retain(|(_, role)| role == "contractor");
    assert_eq!(
        ended,
        ["prod-1", "prod-2", "prod-3", "prod-4"].map(|a| (a.to_string(), "contractor".to_string()))
    );
    assert_eq!(
        changes(&after).len(),
        4,
        "only the expired role goes: {:?}",
        changes(&after)
    );
    org.iamform_at(
        dir.path(),
        &["apply", "--auto-approve"],
        "2031-01-02T00:00:00Z",
    )
    .expect_code(0);
    let gone = org
        .iamform_at(
            dir.path(),
            &["plan", "--format", "json"],
            "2031-01-02T00:00:00Z",
        )
        .expect_code(0)
        .plan();
    assert!(changes(&gone).is_empty(), "{:?}", changes(&gone));
}

/// A role in every account tagged `env=prod` (prod-4 moved out of the OU keeps its tag)
/// that ends on 2031-01-01.
const CONTRACTOR: &str = r#"
roles:
  contractor:
    accounts: {tags: {env: prod}}
    path: /iamform/
    expires: 2031-01-01
    trust: [{service: ec2.amazonaws.com}]
"#;

const LINKED: &str = r#"
account: identity
users:
  alice: {path: /iamform/, groups: [oncall]}
groups:
  oncall: {path: /iamform/}
"#;

const LINK_TARGETS: &str = r#"
roles:
  break-glass:
    accounts: {tags: {env: prod}}
    path: /iamform/
    trust: []
links:
  oncall-break-glass:
    from: {account: identity, groups: [oncall]}
    to: {accounts: {tags: {env: prod}}, role: break-glass}
    require_mfa: true
    external_id: "break-glass-{{account.name}}"
"#;

/// `(from account, to account)` of each link of a plan.
fn link_pairs(plan: &Plan) -> Vec<(String, String)> {
    plan.links
        .iter()
        .map(|l| (l.from_account.clone(), l.to_account.clone()))
        .collect()
}

#[test]
fn a_link_to_every_prod_account_follows_the_organization() {
    let endpoint = moto_or_skip!("a_link_to_every_prod_account_follows_the_organization");
    let org = MotoOrganization::new(&endpoint);
    let security = org.create_ou(&org.root, "Security");
    let prod_ou = org.create_ou(&org.root, "Prod");
    org.create_account("Identity", &[("env", "shared")], &security);
    let prod_1 = org.create_account("Prod 1", &[("env", "prod")], &prod_ou);
    org.create_account("Prod 2", &[("env", "prod")], &prod_ou);
    org.create_account("Dev 1", &[("env", "dev")], &prod_ou);

    let dir = pruned_project(&[("identity.yaml", LINKED), ("links.yaml", LINK_TARGETS)]);

    let (first, _) = plan(&org, dir.path());
    assert_eq!(
        link_pairs(&first),
        [
            ("identity".to_string(), "prod-1".to_string()),
            ("identity".to_string(), "prod-2".to_string())
        ]
    );
    let trust = first
        .changes
        .iter()
        .find(|c| c.change.account.id == prod_1 && c.change.target.name == "break-glass")
        .map(|c| serde_json::to_value(&c.change.action).unwrap())
        .expect("break-glass in prod-1");
    let trust = trust["entity"]["trust_policy"].to_string();
    assert!(trust.contains("break-glass-prod-1"), "{trust}");
    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let (converged, _) = plan(&org, dir.path());
    assert!(changes(&converged).is_empty(), "{:?}", changes(&converged));

    // A new prod account gets the role and its trust, and the group a grant for it.
    org.create_account("Prod 3", &[("env", "prod")], &prod_ou);
    let (grown, _) = plan(&org, dir.path());
    assert_eq!(
        link_pairs(&grown),
        [("identity".to_string(), "prod-3".to_string())]
    );
    assert_eq!(
        changes(&grown),
        [
            (
                "identity".to_string(),
                "put_inline_policy".to_string(),
                "oncall".to_string()
            ),
            (
                "prod-3".to_string(),
                "create".to_string(),
                "break-glass".to_string()
            ),
        ]
    );
    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let (settled, _) = plan(&org, dir.path());
    assert!(changes(&settled).is_empty(), "{:?}", changes(&settled));
}
