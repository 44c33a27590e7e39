//! `accounts:` entities through the whole manifest load: copies per selected account,
//! variables, and the problems a template can have.

use crate::model::{EntityKind, EntityRef, OrgAccount, Organization, Tags};

use crate::manifest::test_project::{TWO_ACCOUNTS, check_files, check_files_in, positions};

fn organization() -> Organization {
    let member = |id: &str, name: &str, ou: &str, env: &str| OrgAccount {
        id: id.into(),
        name: name.into(),
        ou: ou.into(),
        status: "ACTIVE".into(),
        tags: Tags::from([("env".to_string(), env.to_string())]),
    };
    Organization {
        accounts: vec![
            member("300000000001", "Dev 1", "/Workloads/Dev", "dev"),
            member("300000000002", "Prod 1", "/Workloads/Prod", "prod"),
            member("300000000003", "Prod 2", "/Workloads/Prod", "prod"),
            member("400000000001", "Sandbox", "/Sandbox", "sandbox"),
        ],
        tags_read: true,
    }
}

const CONFIG: &str = "organization: {assume_role: OrganizationAccountAccessRole}\naccounts:\n  identity: {id: \"222222222222\"}\n";

fn role(name: &str) -> EntityRef {
    EntityRef::new(EntityKind::Role, name)
}

#[test]
fn an_entity_exists_in_every_selected_account_with_its_values() {
    let roles = "roles:\n  audit-{{account.name}}:\n    accounts: {ou: [\"/Workloads/*\"], exclude: [prod-2]}\n    description: \"{{account.id}} {{account.ou}} {{account.tags.env}}\"\n    trust: [{account: identity}]\n";
    let report = check_files_in(
        &[("iamform.yaml", CONFIG), ("roles.yaml", roles)],
        &organization(),
    );
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let with_role: Vec<_> = state
        .accounts
        .iter()
        .filter(|(_, a)| !a.iam.roles.is_empty())
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(with_role, ["dev-1", "prod-1"]);
    let prod = &state.accounts["prod-1"].iam.roles["audit-prod-1"];
    assert_eq!(
        prod.description.as_deref(),
        Some("300000000002 /Workloads/Prod prod")
    );
    assert!(
        state.accounts["prod-1"]
            .origins
            .contains_key(&role("audit-prod-1"))
    );
}

#[test]
fn all_and_name_globs_select_declared_accounts_too() {
    let groups = "groups:\n  everyone: {accounts: all}\n  devs: {accounts: [dev-*, identity]}\n";
    let report = check_files_in(
        &[("iamform.yaml", CONFIG), ("g.yaml", groups)],
        &organization(),
    );
    let state = report.state.expect("valid");
    let everyone = state
        .accounts
        .values()
        .filter(|a| a.iam.groups.contains_key("everyone"));
    assert_eq!(everyone.count(), 5);
    let devs: Vec<_> = state
        .accounts
        .iter()
        .filter(|(_, a)| a.iam.groups.contains_key("devs"))
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(devs, ["dev-1", "identity"]);
}

#[test]
fn template_problems_are_located_and_reported_once() {
    let roles = "roles:\n  r:\n    account: identity\n    accounts: all\n    trust: [{service: ec2.amazonaws.com}]\n  s:\n    accounts: {tags: {env: prod}}\n    description: \"{{account.nmae}}\"\n    trust: [{service: ec2.amazonaws.com}]\n  t:\n    accounts: [identity]\n    description: \"{{account.ou}}\"\n    trust: [{service: ec2.amazonaws.com}]\n";
    let report = check_files_in(
        &[("iamform.yaml", CONFIG), ("roles.yaml", roles)],
        &organization(),
    );
    assert_eq!(
        positions(&report),
        [
            (
                3,
                14,
                "an entity names `account` or `accounts`, not both".to_string()
            ),
            (8, 18, "unknown variable `account.nmae`".to_string()),
            (
                12,
                18,
                "account `identity` is not in the organization, so it has no OU".to_string()
            ),
        ]
    );
}

#[test]
fn without_the_organization_selectors_see_only_declared_accounts() {
    let roles = "roles:\n  r:\n    accounts: {ou: [/Workloads]}\n    trust: [{service: ec2.amazonaws.com}]\n  s:\n    accounts: [prod]\n    trust: [{service: ec2.amazonaws.com}]\n";
    let report = check_files(&[("iamform.yaml", TWO_ACCOUNTS), ("roles.yaml", roles)]);
    let state = report.state.expect("valid");
    assert!(state.accounts["identity"].iam.roles.is_empty());
    assert_eq!(
        state.accounts["prod"].iam.roles.keys().collect::<Vec<_>>(),
        ["s"]
    );
}

#[test]
fn the_number_of_copies_is_bounded() {
    let many: Vec<OrgAccount> = (0..1_000)
        .map(|i| OrgAccount {
            id: format!("5{i:011}"),
            name: format!("a{i}"),
            ou: "/".into(),
            status: "ACTIVE".into(),
            tags: Tags::new(),
        })
        .collect();
    let organization = Organization {
        accounts: many,
        tags_read: false,
    };
    let mut groups = String::from("groups:\n");
    for g in 0..101 {
        groups.push_str(&format!("  g{g}: {{accounts: all}}\n"));
    }
    let report = check_files_in(
        &[("iamform.yaml", CONFIG), ("g.yaml", &groups)],
        &organization,
    );
    let messages: Vec<_> = report
        .diagnostics
        .0
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["`accounts:` selectors define more than 100000 entities together"]
    );
    assert!(report.state.is_none());
}

#[test]
fn overrides_set_fields_for_the_accounts_they_select_in_order() {
    let roles = "roles:\n  ops:\n    accounts: {ou: [\"/Workloads/*\"]}\n    description: base\n    trust: [{account: identity}]\n    overrides:\n      - {accounts: [prod-*], max_session_duration: 2h, description: \"prod {{account.name}}\"}\n      - {accounts: [prod-2], max_session_duration: 4h}\n";
    let report = check_files_in(
        &[("iamform.yaml", CONFIG), ("roles.yaml", roles)],
        &organization(),
    );
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let ops = |account: &str| state.accounts[account].iam.roles["ops"].clone();
    assert_eq!(ops("dev-1").description.as_deref(), Some("base"));
    assert_eq!(ops("dev-1").max_session_duration, 3600);
    assert_eq!(ops("prod-1").description.as_deref(), Some("prod prod-1"));
    assert_eq!(ops("prod-1").max_session_duration, 7200);
    // The later override wins where both apply; the earlier one's other fields stay.
    assert_eq!(ops("prod-2").max_session_duration, 14400);
    assert_eq!(ops("prod-2").description.as_deref(), Some("prod prod-2"));
}

#[test]
fn override_problems_are_located() {
    let roles = "roles:\n  a:\n    account: identity\n    trust: [{service: ec2.amazonaws.com}]\n    overrides: [{accounts: all, description: x}]\n  b:\n    accounts: all\n    trust: [{service: ec2.amazonaws.com}]\n    overrides:\n      - {description: x}\n      - {accounts: all, account: identity}\n      - {accounts: all, descripton: x}\n";
    let report = check_files_in(
        &[("iamform.yaml", CONFIG), ("roles.yaml", roles)],
        &organization(),
    );
    let found: Vec<_> = positions(&report)
        .into_iter()
        .map(|(line, _, message)| (line, message))
        .collect();
    assert_eq!(
        found,
        [
            (
                5,
                "`overrides` apply only to an entity with `accounts`".to_string()
            ),
            (10, "an override names no `accounts`".to_string()),
            (11, "`account` cannot be overridden".to_string()),
            (12, "unknown key `descripton` in a role".to_string()),
        ]
    );
}
