//! Trust policies read back into entries, or kept raw when no entry says the same.

use super::*;
use crate::import::yaml_text::write_document;

fn naming() -> TrustNaming<'static> {
    TrustNaming {
        account_id: "111111111111",
        partition: Partition::Aws,
        account_names: BTreeMap::from([("111111111111", "main"), ("222222222222", "identity")]),
        role_paths: BTreeMap::from([("ci", "/ci/")]),
        user_paths: BTreeMap::from([("bot", "/automation/")]),
    }
}

fn yaml(doc: Value) -> Option<String> {
    trust_entries(&doc, &naming()).map(|y| write_document(&[("trust".into(), y)]))
}

#[test]
fn expressible_statements_become_entries() {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111111111111:role/ci/ci", "arn:aws:iam::111111111111:user/automation/bot"]},
         "Action": ["sts:AssumeRole"], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
        {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "333333333333"]},
         "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "xyz", "aws:PrincipalTag/team": "ops"}}},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:role/auditor"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML"}
    ]});
    assert_eq!(
        yaml(doc).unwrap(),
        "trust:
  - service: ec2.amazonaws.com
  - roles: [ci]
    users: [bot]
    require_mfa: true
  - accounts: [identity, \"333333333333\"]
    external_id: xyz
    conditions:
      StringEquals:
        aws:PrincipalTag/team: ops
  - account: \"444444444444\"
    roles: [auditor]
  - federated: arn:aws:iam::111111111111:saml-provider/okta
"
    );
}

// A GovCloud account's trust names arn:aws-us-gov: principals; an aws ARN there is
// not one the loader would write, so it stays raw:
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
#[test]
fn entries_are_read_and_written_in_the_account_partition() {
    let gov = TrustNaming {
        partition: Partition::AwsUsGov,
        ..naming()
    };
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::111111111111:role/ci/ci"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::222222222222:root"}, "Action": "sts:AssumeRole"}
    ]});
    let entries = trust_entries(&doc, &gov).map(|y| write_document(&[("trust".into(), y)]));
    assert_eq!(
        entries.as_deref(),
        Some("trust:\n  - roles: [ci]\n  - account: identity\n")
    );
    let commercial = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}
    ]});
    assert_eq!(trust_entries(&commercial, &gov), None);
}

/// GitLab's AWS setup: provider of the instance host, `aud` the instance URL,
/// `sub` = `project_path:…` (https://docs.gitlab.com/ee/ci/cloud_services/aws/,
/// https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html#token-payload).
/// A self-managed instance's host is written; gitlab.com, the default, is not; a
/// statement on a host that is not GitLab's shape stays another entry.
#[test]
fn gitlab_statements_of_any_instance_become_the_shorthand() {
    let gitlab = |host: &str, aud: &str, sub: &str| {
        json!({"Effect": "Allow",
                   "Principal": {"Federated": format!("arn:aws:iam::111111111111:oidc-provider/{host}")},
                   "Action": "sts:AssumeRoleWithWebIdentity",
                   "Condition": {"StringEquals": {format!("{host}:aud"): aud, format!("{host}:sub"): sub}}})
    };
    let doc = json!({"Version": "2012-10-17", "Statement": [
        gitlab("gitlab.example.com", "https://gitlab.example.com", "project_path:acme/web:ref_type:branch:ref:main"),
        gitlab("gitlab.com", "https://gitlab.com", "project_path:acme/web:ref_type:tag:ref:v1"),
    ]});
    assert_eq!(
        yaml(doc).unwrap(),
        "trust:
  - gitlab:
      host: gitlab.example.com
      project: acme/web
      ref: main
  - gitlab:
      project: acme/web
      tag: v1
"
    );
    // Another audience, or a host the shorthand refuses, is no GitLab shorthand.
    for (host, aud) in [
        ("gitlab.example.com", "https://gitlab.example.com/"),
        ("gitlab.example.com", "sts.amazonaws.com"),
        ("gitlab.example.com:8443", "https://gitlab.example.com:8443"),
    ] {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            gitlab(host, aud, "project_path:acme/web:ref_type:branch:ref:main")
        ]});
        let written = yaml(doc).unwrap();
        assert!(!written.contains("gitlab:"), "{written}");
    }
}

#[test]
fn inexpressible_documents_stay_raw() {
    let statement = |extra: Value| {
        let mut s = json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        json!({"Version": "2012-10-17", "Statement": [s]})
    };
    for doc in [
        statement(json!({"Sid": "Ec2"})),
        statement(json!({"Action": ["sts:AssumeRole", "sts:TagSession"]})),
        statement(json!({"Effect": "Deny"})),
        statement(json!({"Principal": {"AWS": "AROAEXAMPLEUNIQUEID"}})),
        statement(json!({"Principal": {"AWS": "arn:aws:iam::111111111111:role/ci"}})),
        statement(json!({"Principal": {"AWS": "arn:aws:iam::222222222222:role/x/ops"}})),
        statement(json!({"Principal": {"AWS": "*"}})),
        json!({"Version": "2008-10-17", "Statement": []}),
        json!({"Version": "2012-10-17", "Statement": []}),
    ] {
        assert_eq!(yaml(doc.clone()), None, "{doc}");
    }
}
