//! Trust entries resolved into statements, in the role's partition, with located
//! problems.

use serde_json::json;

use crate::manifest::test_project::{TWO_ACCOUNTS, check_files, positions};

const ROLES: &str = "\
roles:
  ci:
    path: /ci/
    trust: [{service: ec2.amazonaws.com}]
  deployer:
    trust:
      - services: [ec2.amazonaws.com, lambda.amazonaws.com]
      - roles: [ci]
        require_mfa: true
      - account: identity
        users: [alice]
      - accounts: [identity, \"333333333333\"]
        external_id: xyz
      - account: \"444444444444\"
        roles: [auditor]
      - federated: token.actions.githubusercontent.com
        conditions:
          StringEquals: {\"token.actions.githubusercontent.com:aud\": sts.amazonaws.com}
      - federated: arn:aws:iam::111111111111:saml-provider/okta
";

#[test]
fn generates_one_statement_per_entry() {
    let report = check_files(&[
        ("iamform.yaml", TWO_ACCOUNTS),
        ("roles.yaml", ROLES),
        (
            "identity.yaml",
            "account: identity\nusers: {alice: {path: /people/}}\n",
        ),
    ]);
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let role = &state.accounts["prod"].iam.roles["deployer"];
    assert_eq!(
        role.trust_policy.0,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/ci/ci"}, "Action": "sts:AssumeRole",
                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:user/people/alice"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]},
                 "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "xyz"}}},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:role/auditor"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}},
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML"}
            ]
        })
    );
}

// Every ARN a trust shorthand builds is in the role's partition, as IAM writes the
// principals of GovCloud accounts:
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
#[test]
fn shorthands_build_arns_in_the_account_partition() {
    let gov = TWO_ACCOUNTS
        .replace(
            "\"111111111111\"}",
            "\"111111111111\", partition: aws-us-gov}",
        )
        .replace(
            "\"222222222222\"}",
            "\"222222222222\", partition: aws-us-gov}",
        );
    let report = check_files(&[
        ("iamform.yaml", gov.as_str()),
        ("roles.yaml", ROLES),
        (
            "identity.yaml",
            "account: identity\nusers: {alice: {path: /people/}}\n",
        ),
    ]);
    // The SAML provider of ROLES is written in `aws`: the only error.
    assert_eq!(
            positions(&report),
            [(
                19,
                20,
                "`arn:aws:iam::111111111111:saml-provider/okta` is in partition `aws`, but this role is in `aws-us-gov`".to_string()
            )]
        );
    let fixed = ROLES.replace("arn:aws:iam", "arn:aws-us-gov:iam");
    let report = check_files(&[
        ("iamform.yaml", gov.as_str()),
        ("roles.yaml", fixed.as_str()),
        (
            "identity.yaml",
            "account: identity\nusers: {alice: {path: /people/}}\n",
        ),
    ]);
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let trust = state.accounts["prod"].iam.roles["deployer"]
        .trust_policy
        .0
        .to_string();
    assert!(!trust.contains("arn:aws:"), "{trust}");
    for arn in [
        "arn:aws-us-gov:iam::111111111111:role/ci/ci",
        "arn:aws-us-gov:iam::222222222222:user/people/alice",
        "arn:aws-us-gov:iam::333333333333:root",
        "arn:aws-us-gov:iam::444444444444:role/auditor",
        "arn:aws-us-gov:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
    ] {
        assert!(trust.contains(arn), "{arn} in {trust}");
    }
}

#[test]
fn nested_trust_problems_are_located_exactly() {
    let roles = "\
roles:
  web:
    trust:
      - service: ec2.amazonaws.com
        requre_mfa: true
      - roles: [missing]
      -   account: nowhere
";
    let report = check_files(&[("iamform.yaml", TWO_ACCOUNTS), ("roles.yaml", roles)]);
    assert!(report.state.is_none());
    assert_eq!(
        positions(&report),
        [
            (
                5,
                9,
                "unknown key `requre_mfa` in a trust entry".to_string()
            ),
            (
                6,
                17,
                "trusted role `missing` is not defined in account `prod`".to_string()
            ),
            (7, 20, "unknown account `nowhere`".to_string()),
        ]
    );
}
