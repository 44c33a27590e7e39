//! Links: both halves in the desired state, and located errors.

use serde_json::json;

use crate::diagnostic::Severity;
use crate::manifest::test_project::{TWO_ACCOUNTS, check_files, positions};
use crate::model::{EntityKind, EntityRef};

const IDENTITY: &str = "\
account: identity
users:
  alice: {path: /people/, groups: [admins]}
  bob: {groups: [admins]}
groups:
  admins: {}
roles:
  ci: {trust: [{service: codebuild.amazonaws.com}]}
";

const PROD: &str = "\
roles:
  admin:
    trust: [{service: ec2.amazonaws.com}]
";

const LINKS: &str = "\
links:
  admins-to-prod:
    from: {account: identity, groups: [admins], roles: [ci]}
    to: {account: prod, role: admin}
    require_mfa: true
    max_session_duration: 2h
";

#[test]
fn a_link_writes_the_trust_statements_and_the_grants() {
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", IDENTITY),
        ("prod.yaml", PROD),
        ("links.yaml", LINKS),
    ]);
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let admin = &state.accounts["prod"].iam.roles["admin"];
    assert_eq!(admin.max_session_duration, 7200);
    let mfa = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    assert_eq!(
        admin.trust_policy.0,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:role/ci"},
                 "Action": "sts:AssumeRole", "Condition": mfa},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                 "Action": "sts:AssumeRole",
                 "Condition": {
                     "Bool": {"aws:MultiFactorAuthPresent": "true"},
                     "ArnEquals": {"aws:PrincipalArn": [
                         "arn:aws:iam::222222222222:user/bob",
                         "arn:aws:iam::222222222222:user/people/alice"
                     ]}
                 }}
            ]
        })
    );
    let identity = &state.accounts["identity"].iam;
    let grant = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Resource": "arn:aws:iam::111111111111:role/admin"
    }]});
    assert_eq!(
        identity.groups["admins"].inline_policies["iamform-link-prod-admin"].0,
        grant
    );
    assert_eq!(
        identity.roles["ci"].inline_policies["iamform-link-prod-admin"].0,
        grant
    );
    assert!(identity.users["alice"].inline_policies.is_empty());
    let link = &state.links[0];
    assert_eq!(
        (
            link.name.as_str(),
            link.from_account.as_str(),
            link.to_account.as_str(),
            link.role.as_str()
        ),
        ("admins-to-prod", "identity", "prod", "admin")
    );
    assert_eq!(
        link.sources,
        [
            EntityRef::new(EntityKind::Role, "ci"),
            EntityRef::new(EntityKind::Group, "admins")
        ]
    );
}

#[test]
fn users_are_trusted_by_arn_with_the_external_id() {
    let links = "\
links:
  alice-prod:
    from: {account: identity, users: [alice]}
    to: {account: prod, role: admin}
    external_id: ticket-42
";
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", IDENTITY),
        ("prod.yaml", PROD),
        ("links.yaml", links),
    ]);
    let state = report.state.unwrap();
    let statements = &state.accounts["prod"].iam.roles["admin"].trust_policy.0["Statement"];
    assert_eq!(
        statements[1],
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:user/people/alice"},
               "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "ticket-42"}}})
    );
    assert_eq!(
        state.accounts["prod"].iam.roles["admin"].max_session_duration,
        3600
    );
    assert!(
        state.accounts["identity"].iam.users["alice"]
            .inline_policies
            .contains_key("iamform-link-prod-admin")
    );
}

#[test]
fn unknown_roles_principals_and_accounts_are_located() {
    let links = "\
links:
  bad:
    from: {account: identity, users: [alic], groups: [nobody]}
    to: {account: prod, role: admn}
  worse:
    from: {account: idnetity, users: [alice]}
    to: {account: prod}
  empty:
    to: {account: prod, role: admin}
";
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", IDENTITY),
        ("prod.yaml", PROD),
        ("links.yaml", links),
    ]);
    assert!(report.state.is_none());
    assert_eq!(
        positions(&report),
        [
            (
                3,
                39,
                "user `alic` is not defined in account `identity`".to_string()
            ),
            (
                3,
                55,
                "group `nobody` is not defined in account `identity`".to_string()
            ),
            (
                4,
                31,
                "role `admn` is not defined in account `prod`".to_string()
            ),
            (6, 21, "unknown account `idnetity`".to_string()),
            (7, 9, "link `to` has no `role`".to_string()),
            (8, 3, "link `empty` has no `from`".to_string()),
        ]
    );
    let helps: Vec<_> = report
        .diagnostics
        .0
        .iter()
        .map(|d| d.help.clone().unwrap_or_default())
        .collect();
    assert_eq!(helps[0], "did you mean `alice`?");
    assert_eq!(helps[2], "did you mean `admin`?");
}

#[test]
fn a_session_duration_that_contradicts_the_role_is_an_error() {
    let prod = "roles:\n  admin:\n    max_session_duration: 1h\n    trust: [{service: ec2.amazonaws.com}]\n";
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", IDENTITY),
        ("prod.yaml", prod),
        ("links.yaml", LINKS),
    ]);
    assert!(report.state.is_none());
    let errors: Vec<_> = report
        .diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    let span = errors[0].span.as_ref().unwrap();
    assert_eq!((span.line, span.column), (6, 27));
    assert_eq!(
        errors[0].message,
        "link `admins-to-prod` sets max_session_duration of role `admin` in account `prod` to 7200s, but it is already 3600s"
    );
    assert_eq!(errors[0].related[0].0.line, 3);
}

#[test]
fn a_group_without_members_is_a_warning_and_adds_no_trust() {
    let identity = "account: identity\ngroups: {ops: {}}\n";
    let links = "links:\n  ops:\n    from: {account: identity, groups: [ops]}\n    to: {account: prod, role: admin}\n";
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", identity),
        ("prod.yaml", PROD),
        ("links.yaml", links),
    ]);
    assert_eq!(report.diagnostics.0.len(), 1);
    assert_eq!(report.diagnostics.0[0].severity, Severity::Warning);
    let state = report.state.unwrap();
    let statements = state.accounts["prod"].iam.roles["admin"].trust_policy.0["Statement"].clone();
    assert_eq!(statements.as_array().unwrap().len(), 1);
    assert!(
        state.accounts["identity"].iam.groups["ops"]
            .inline_policies
            .contains_key("iamform-link-prod-admin")
    );
}

#[test]
fn the_same_source_and_target_twice_is_an_error() {
    let links = "\
links:
  one: {from: {account: identity, roles: [ci]}, to: {account: prod, role: admin}}
  two: {from: {account: identity, roles: [ci]}, to: {account: prod, role: admin}}
";
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", IDENTITY),
        ("prod.yaml", PROD),
        ("links.yaml", links),
    ]);
    assert_eq!(
        positions(&report),
        [(
            3,
            3,
            "links `one` and `two` both let role ci in account `identity` assume role `admin` in account `prod`"
                .to_string()
        )]
    );
}

#[test]
fn a_role_with_empty_trust_needs_a_link() {
    let prod = "roles:\n  admin: {trust: []}\n";
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("identity.yaml", IDENTITY),
        ("prod.yaml", prod),
    ]);
    assert_eq!(
        positions(&report),
        [(
            2,
            3,
            "role `admin` in account `prod` trusts nobody: its `trust` is empty and no link targets it"
                .to_string()
        )]
    );
}
