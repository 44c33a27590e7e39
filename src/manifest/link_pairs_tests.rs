//! Links with `accounts:` ends through the whole manifest load: both halves in every
//! matched pair, each end's variables, and located errors.

use serde_json::json;

use crate::manifest::test_project::{check_files_in, positions};
use crate::model::{OrgAccount, Organization, Tags};

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
        ],
        tags_read: true,
    }
}

const CONFIG: &str = "organization: {assume_role: OrganizationAccountAccessRole}\naccounts:\n  identity: {id: \"222222222222\"}\n";

const IDENTITY: &str = "\
account: identity
users:
  alice: {groups: [oncall]}
groups:
  oncall: {}
";

const BREAK_GLASS: &str = "\
roles:
  break-glass:
    accounts: {tags: {env: prod}}
    trust: []
";

#[test]
fn a_selected_target_gets_the_trust_and_the_source_a_grant_per_account() {
    let links = "\
links:
  oncall-break-glass:
    from: {account: identity, groups: [oncall]}
    to: {accounts: {tags: {env: prod}}, role: break-glass}
    external_id: \"{{account.name}}-{{account.tags.env}}\"
";
    let report = check_files_in(
        &[
            ("iamform.yaml", CONFIG),
            ("identity.yaml", IDENTITY),
            ("roles.yaml", BREAK_GLASS),
            ("links.yaml", links),
        ],
        &organization(),
    );
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let pairs: Vec<(&str, &str)> = state
        .links
        .iter()
        .map(|l| (l.from_account.as_str(), l.to_account.as_str()))
        .collect();
    assert_eq!(pairs, [("identity", "prod-1"), ("identity", "prod-2")]);
    assert!(state.links.iter().all(|l| l.name == "oncall-break-glass"));
    let trust = &state.accounts["prod-2"].iam.roles["break-glass"].trust_policy;
    // The target's variables: the external id names the account it is written in.
    assert_eq!(
        trust.0["Statement"][0]["Condition"],
        json!({
            "StringEquals": {"sts:ExternalId": "prod-2-prod"},
            "ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::222222222222:user/alice"}
        })
    );
    let grants: Vec<&String> = state.accounts["identity"].iam.groups["oncall"]
        .inline_policies
        .keys()
        .collect();
    assert_eq!(
        grants,
        [
            "iamform-link-prod-1-break-glass",
            "iamform-link-prod-2-break-glass"
        ]
    );
}

#[test]
fn selectors_on_both_ends_skip_an_account_paired_with_itself() {
    let roles = "\
roles:
  \"deployer-{{account.name}}\":
    accounts: {ou: [\"/Workloads/*\"]}
    trust: [{service: codebuild.amazonaws.com}]
  audit:
    accounts: all
    trust: [{service: ec2.amazonaws.com}]
";
    let links = "\
links:
  deployers-audit:
    from: {accounts: {ou: [\"/Workloads/*\"]}, roles: [\"deployer-{{account.name}}\"]}
    to: {accounts: [prod-*], role: audit}
";
    let report = check_files_in(
        &[
            ("iamform.yaml", CONFIG),
            ("roles.yaml", roles),
            ("links.yaml", links),
        ],
        &organization(),
    );
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let pairs: Vec<(&str, &str)> = state
        .links
        .iter()
        .map(|l| (l.from_account.as_str(), l.to_account.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("dev-1", "prod-1"),
            ("dev-1", "prod-2"),
            ("prod-1", "prod-2"),
            ("prod-2", "prod-1")
        ]
    );
    // The source's variables: each pair names its own account's deployer.
    let trust = &state.accounts["prod-1"].iam.roles["audit"].trust_policy;
    let principals: Vec<&serde_json::Value> = trust.0["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|s| &s["Principal"]["AWS"])
        .collect();
    assert_eq!(
        principals,
        [
            "arn:aws:iam::300000000001:role/deployer-dev-1",
            "arn:aws:iam::300000000003:role/deployer-prod-2"
        ]
    );
    assert!(
        state.accounts["prod-2"].iam.roles["deployer-prod-2"]
            .inline_policies
            .contains_key("iamform-link-prod-1-audit")
    );
}

/// A role that trusts someone without its links, so a link that fails says only why.
const TRUSTED_BREAK_GLASS: &str = "\
roles:
  break-glass:
    accounts: {tags: {env: prod}}
    trust: [{account: identity}]
";

#[test]
fn bad_link_selectors_are_located_errors() {
    let links = "\
links:
  both:
    from: {account: identity, accounts: all, groups: [oncall]}
    to: {accounts: {tags: {env: prod}}, role: break-glass}
  nothing:
    from: {account: identity, groups: [oncall]}
    to: {accounts: {exclude: [dev-1]}, role: break-glass}
  unknown:
    from: {account: identitty, groups: [oncall]}
    to: {accounts: [prod-*], role: break-glass}
  variable:
    from: {account: identity, groups: [oncall]}
    to: {accounts: [prod-*], role: \"{{account.nmae}}\"}
  no-end:
    from: {groups: [oncall]}
    to: {accounts: all, role: break-glass}
";
    let report = check_files_in(
        &[
            ("iamform.yaml", CONFIG),
            ("identity.yaml", IDENTITY),
            ("roles.yaml", TRUSTED_BREAK_GLASS),
            ("links.yaml", links),
        ],
        &organization(),
    );
    assert_eq!(
        positions(&report),
        [
            (
                3,
                21,
                "link `from` names `account` or `accounts`, not both".to_string()
            ),
            (7, 20, "the selector selects by nothing".to_string()),
            (9, 21, "unknown account `identitty`".to_string()),
            (13, 36, "unknown variable `account.nmae`".to_string()),
            (15, 11, "link `from` has no `account`".to_string()),
        ]
    );
}

#[test]
fn the_number_of_pairs_is_bounded() {
    // 400 accounts on both ends: 159,600 pairs, over the bound; refused at the link
    // before any pair is resolved.
    let many: Vec<OrgAccount> = (0..400)
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
    let roles = "roles:\n  hub:\n    accounts: all\n    trust: [{service: ec2.amazonaws.com}]\n";
    let links = "links:\n  mesh:\n    from: {accounts: all, roles: [hub]}\n    to: {accounts: all, role: hub}\n";
    let report = check_files_in(
        &[
            ("iamform.yaml", CONFIG),
            ("roles.yaml", roles),
            ("links.yaml", links),
        ],
        &organization,
    );
    assert_eq!(
        positions(&report),
        [(
            2,
            3,
            "links with `accounts:` ends join more than 100000 pairs of accounts together"
                .to_string()
        )]
    );
    assert!(report.state.is_none());
}

#[test]
fn grants_to_many_accounts_must_fit_the_sources_inline_quota() {
    // A user's inline policies may have 2,048 characters together; a grant is about 130,
    // so a user linked to 20 accounts is over it
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    let organization = Organization {
        accounts: (1..=20)
            .map(|i| OrgAccount {
                id: format!("3{i:011}"),
                name: format!("Prod {i}"),
                ou: "/Prod".into(),
                status: "ACTIVE".into(),
                tags: Tags::new(),
            })
            .collect(),
        tags_read: false,
    };
    let identity = "account: identity\nusers:\n  alice: {}\n";
    let roles = "roles:\n  admin:\n    accounts: {ou: [/Prod]}\n    trust: [{service: ec2.amazonaws.com}]\n";
    let links = "links:\n  alice-admin:\n    from: {account: identity, users: [alice]}\n    to: {accounts: {ou: [/Prod]}, role: admin}\n";
    let report = check_files_in(
        &[
            ("iamform.yaml", CONFIG),
            ("identity.yaml", identity),
            ("roles.yaml", roles),
            ("links.yaml", links),
        ],
        &organization,
    );
    let found = positions(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (2, 3));
    assert!(
        found[0].2.starts_with(
            "inline policies of user alice in account `identity` with its link grants: "
        ),
        "{found:?}"
    );
    assert!(found[0].2.ends_with("IAM allows at most 2048"), "{found:?}");
}
