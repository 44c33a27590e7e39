//! Lint rules on small documents. Each test cites the AWS page the rule follows.

use serde_json::{Value, json};

use super::*;

fn codes(doc: Value, kind: PolicyKind) -> Vec<String> {
    lint_document(&doc, &LintOptions::for_kind(kind))
        .iter()
        .map(|f| format!("{} {}", f.rule.code(), f.path))
        .collect()
}

fn identity(statements: Value) -> Vec<String> {
    codes(
        json!({"Version": "2012-10-17", "Statement": statements}),
        PolicyKind::Identity,
    )
}

fn only(found: Vec<String>, code: &str) -> Vec<String> {
    found.into_iter().filter(|f| f.starts_with(code)).collect()
}

#[test]
fn clean_policies_have_no_findings() {
    assert!(identity(json!([{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}])).is_empty());
}

#[test]
fn grammar_errors_stop_other_checks() {
    assert_eq!(
        identity(json!([{"Effect": "allow", "Action": "nosuch:Thing", "Resource": "*"}])),
        ["IAM001 Statement[0].Effect"]
    );
    assert_eq!(
        identity(
            json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}])
        ),
        ["IAM002 Statement[0].Principal"]
    );
}

#[test]
fn unknown_services_and_actions_warn_with_the_catalog_date() {
    // IAM accepts actions it does not know (they grant nothing), so a typo or an action
    // newer than the bundled catalog must not stop a plan:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["s4:GetObject", "s3:GetObjekt", "s3:Fly*", "ec2:Describe*"], "Resource": "*",
        "Condition": {"StringEquals": {"s3:prefix": "a", "s3:prefx": "b", "aws:SourceVpc": "vpc-1"}}}]});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity));
    let listed: Vec<String> = found
        .iter()
        .map(|f| format!("{} {} {:?}", f.rule.code(), f.path, f.severity))
        .collect();
    assert_eq!(
        listed,
        [
            "IAM010 Statement[0].Action[0] Warning",
            "IAM011 Statement[0].Action[1] Warning",
            "IAM011 Statement[0].Action[2] Warning",
            "IAM013 Statement[0].Condition.StringEquals.s3:prefx Warning",
        ]
    );
    let date = crate::policy::data_version::catalog_date();
    assert!(
        found[1].message.contains(&format!("data of {date}")),
        "{}",
        found[1].message
    );
    assert_eq!(
        found[1].hint.as_deref(),
        Some("did you mean `s3:GetObject`?")
    );
}

#[test]
fn unknown_global_condition_keys() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
        "Condition": {"NotIpAddress": {"aws:SourceIpp": "203.0.113.0/24"},
                      "StringEquals": {"aws:PrincipalTag/team": "a", "AWS:REQUESTEDREGION": "eu-west-1"}}}});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, Rule::UnknownConditionKey);
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `aws:SourceIp`?")
    );
}

#[test]
fn typed_operators_need_readable_values() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
    let with = |condition: Value| {
        only(
            identity(
                json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": condition}),
            ),
            "IAM015",
        )
    };
    assert_eq!(
        with(json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "office"]}})).len(),
        1
    );
    assert_eq!(
        with(json!({"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}})).len(),
        1
    );
    assert_eq!(
        with(json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "an hour"}})).len(),
        1
    );
    assert_eq!(
        with(json!({"Bool": {"aws:SecureTransport": "yes"}})).len(),
        1
    );
    assert_eq!(
        with(json!({"ArnLike": {"aws:SourceArn": "my-topic"}})).len(),
        1
    );
    assert!(
        with(json!({
            "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]},
            "DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
            "Bool": {"aws:SecureTransport": true},
            "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci-*"},
            "StringEquals": {"aws:SourceVpc": "${aws:username}"}
        }))
        .is_empty()
    );
}

#[test]
fn mfa_false_misses_long_term_credentials() {
    // aws:MultiFactorAuthPresent is absent, not false, with long-term access keys:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
    let deny = |op: &str| {
        identity(
            json!({"Effect": "Deny", "NotAction": "iam:ListMFADevices", "Resource": "*",
            "Condition": {op: {"aws:MultiFactorAuthPresent": "false"}}}),
        )
    };
    assert_eq!(
        deny("Bool"),
        ["IAM108 Statement.Condition.Bool.aws:MultiFactorAuthPresent"]
    );
    assert!(deny("BoolIfExists").is_empty());
}

#[test]
fn set_operators_on_single_valued_keys() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    let with = |condition: Value| {
        only(
            identity(
                json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": condition}),
            ),
            "IAM109",
        )
    };
    assert_eq!(
        with(json!({"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-1"}})),
        ["IAM109 Statement.Condition.ForAllValues:StringEquals.aws:PrincipalOrgID"]
    );
    assert_eq!(
        with(json!({"ForAnyValue:StringLike": {"s3:prefix": "home/"}})).len(),
        1
    );
    assert!(with(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}})).is_empty());
}

#[test]
fn resource_format_and_mismatch() {
    assert_eq!(
        identity(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket"})),
        ["IAM001 Statement.Resource"]
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:iam::111111111111:role/x", "arn:aws:s3:::b/*"]})
        ),
        ["IAM012 Statement.Resource[0]"]
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::b"})
        ),
        ["IAM012 Statement.Resource"]
    );
}

#[test]
fn wildcards_that_only_partly_fit_are_info() {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].rule, found[0].severity),
        (Rule::WildcardPartialFit, Level::Info)
    );
    assert_eq!(found[0].path.to_string(), "Statement.Action[0]");
}

#[test]
fn security_findings() {
    assert_eq!(
        identity(json!({"Effect": "Allow", "Action": "*", "Resource": "*"})),
        ["IAM100 Statement.Action"]
    );
    assert_eq!(
        only(
            identity(
                json!({"Effect": "Allow", "Action": ["s3:ListBucket", "iam:Pass*"], "Resource": "*"})
            ),
            "IAM101"
        ),
        ["IAM101 Statement.Action[1]"]
    );
    let escalation = identity(json!([
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "arn:aws:iam::111111111111:role/app"},
        {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction", "iam:AttachRolePolicy"], "Resource": "*"}
    ]));
    assert_eq!(
        only(escalation, "IAM102"),
        [
            "IAM102 Statement[0].Action[0]",
            "IAM102 Statement[1].Action[2]"
        ]
    );
    // An unconditional deny takes the escalation away.
    assert!(
        only(
            identity(json!([
                {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*"},
                {"Effect": "Deny", "Action": "iam:Attach*", "Resource": "*"}
            ])),
            "IAM102"
        )
        .is_empty()
    );
}

#[test]
fn exposure_on_every_resource() {
    // Cloudsplaining's risk categories, and AWS's advice to grant least privilege:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": ["s3:PutBucketPolicy", "s3:ListAllMyBuckets"], "Resource": "*"})
        ),
        ["IAM103 Statement.Action[0]"]
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"})
        ),
        ["IAM104 Statement.Action"]
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": ["ssm:DescribeParameters", "ssm:GetParameter*"], "Resource": "arn:aws:ssm:*:*:parameter/*"})
        ),
        ["IAM105 Statement.Action[1]"]
    );
    // Named resources, or a condition, are what the rules ask for.
    assert!(identity(json!({"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:app-*"})).is_empty());
    assert!(
        identity(
            json!({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
        "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}})
        )
        .is_empty()
    );
}

#[test]
fn not_resource_and_not_principal_with_allow() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"})
        ),
        ["IAM106 Statement.NotResource"]
    );
    assert!(
        identity(json!({"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/*"}))
            .is_empty()
    );
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    let bucket = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:root"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}});
    assert_eq!(
        codes(bucket, PolicyKind::Resource),
        ["IAM107 Statement.NotPrincipal"]
    );
}

#[test]
fn each_kind_allows_its_elements() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
    let bucket = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/reader"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
    ]});
    assert_eq!(guess_kind(&bucket), PolicyKind::Resource);
    assert!(codes(bucket.clone(), PolicyKind::Resource).is_empty());
    assert_eq!(
        codes(bucket, PolicyKind::Identity),
        [
            "IAM002 Statement[0].Principal",
            "IAM002 Statement[1].Principal"
        ]
    );
    let queue_without_principal = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}});
    assert_eq!(
        codes(queue_without_principal, PolicyKind::Resource),
        ["IAM002 Statement"]
    );
    // SCPs name no principal: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
    let scp = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "ec2:*", "Resource": "*"}});
    assert_eq!(
        codes(scp, PolicyKind::ServiceControl),
        ["IAM002 Statement.Principal"]
    );
    // A boundary or an SCP sets a ceiling: broad grants are its point.
    let ceiling = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:*", "iam:PassRole"], "Resource": "*"}});
    assert!(codes(ceiling.clone(), PolicyKind::Boundary).is_empty());
    assert!(codes(ceiling, PolicyKind::ServiceControl).is_empty());
}

#[test]
fn size_quota_depends_on_the_kind() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html and
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
    let statements = |n: usize, trust: bool| -> Value {
        let list: Vec<Value> = (0..n)
            .map(|i| {
                if trust {
                    json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::111111111111:role/r{i:04}")}, "Action": "sts:AssumeRole"})
                } else {
                    json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::bucket-{i:04}/*")})
                }
            })
            .collect();
        json!({"Version": "2012-10-17", "Statement": list})
    };
    let sizes = |doc: Value, kind: PolicyKind| only(codes(doc, kind), "IAM004").len();
    // ~2,400 characters: over the trust quota, under the managed one.
    assert_eq!(sizes(statements(30, true), PolicyKind::RoleTrust), 1);
    let medium = statements(80, false); // ~5,700 characters
    assert_eq!(sizes(medium.clone(), PolicyKind::Identity), 0);
    assert_eq!(sizes(medium.clone(), PolicyKind::ServiceControl), 1);
    let large = statements(100, false); // ~7,100 characters
    assert_eq!(sizes(large.clone(), PolicyKind::Identity), 1);
    assert_eq!(sizes(large.clone(), PolicyKind::Boundary), 1);
    // Each service has its own quota for resource policies; none is checked.
    let bucket = {
        let mut d = large.clone();
        for s in d["Statement"].as_array_mut().unwrap() {
            s["Principal"] = json!({"AWS": "arn:aws:iam::111111111111:root"});
        }
        d
    };
    assert_eq!(sizes(bucket, PolicyKind::Resource), 0);
    // A guessed kind lowers the size finding to a warning.
    let options = LintOptions {
        size_level: Level::Warning,
        ..LintOptions::for_kind(PolicyKind::Identity)
    };
    let found = lint_document(&large, &options);
    assert!(
        found
            .iter()
            .any(|f| f.rule == Rule::Size && f.severity == Level::Warning)
    );
}

#[test]
fn trust_findings() {
    let trust = |principal: Value, condition: Value, own: &[&str]| {
        let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", "Condition": condition}});
        let mut options = LintOptions::for_kind(PolicyKind::RoleTrust);
        options.own_accounts = own.iter().map(|s| s.to_string()).collect();
        lint_document(&doc, &options)
            .iter()
            .map(|f| f.rule.code())
            .collect::<Vec<_>>()
    };
    assert_eq!(trust(json!("*"), json!({}), &[]), ["IAM110"]);
    assert!(
        trust(
            json!("*"),
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-1"}}),
            &[]
        )
        .is_empty()
    );
    assert_eq!(
        trust(json!({"AWS": "222222222222"}), json!({}), &["111111111111"]),
        ["IAM111", "IAM112"]
    );
    assert!(
        trust(
            json!({"AWS": "222222222222"}),
            json!({"StringEquals": {"sts:ExternalId": "x"}}),
            &["111111111111"]
        )
        .is_empty()
    );
    assert!(
        trust(
            json!({"AWS": "arn:aws:iam::111111111111:role/ci"}),
            json!({}),
            &["111111111111"]
        )
        .is_empty()
    );
    assert!(
        trust(
            json!({"Service": "ec2.amazonaws.com"}),
            json!({}),
            &["111111111111"]
        )
        .is_empty()
    );
}

#[test]
fn every_rule_example_triggers_its_rule() {
    for rule in Rule::ALL {
        let example = rule.example();
        if !example.starts_with('{') {
            continue;
        }
        let (text, kind) = match example.split_once("   (") {
            Some((text, note)) if note.contains("--kind identity") => {
                (text, Some(PolicyKind::Identity))
            }
            Some((text, _)) => (text, None),
            None => (example, None),
        };
        let value: Value = serde_json::from_str(text).unwrap();
        let doc = if value.get("Statement").is_some() {
            value
        } else {
            json!({"Version": "2012-10-17", "Statement": value})
        };
        let mut options = LintOptions::for_kind(kind.unwrap_or_else(|| guess_kind(&doc)));
        options.own_accounts = vec!["111111111111".into()];
        let found = lint_document(&doc, &options);
        assert!(
            found.iter().any(|f| f.rule == *rule),
            "{}: example does not trigger it: {found:?}",
            rule.code()
        );
    }
}
