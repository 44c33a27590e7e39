//! Lint rules on small documents.

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
            json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}])
        ),
        ["IAM002 Statement[0].Principal"]
    );
}

#[test]
fn unknown_services_actions_and_condition_keys() {
    let found = identity(
        json!([{"Effect": "Allow", "Action": ["s4:GetObject", "s3:GetObjekt", "s3:Fly*", "ec2:Describe*"], "Resource": "*",
        "Condition": {"StringEquals": {"s3:prefix": "a", "s3:prefx": "b", "aws:SourceVpc": "vpc-1"}}}]),
    );
    assert_eq!(
        found,
        [
            "IAM010 Statement[0].Action[0]",
            "IAM011 Statement[0].Action[1]",
            "IAM011 Statement[0].Action[2]",
            "IAM013 Statement[0].Condition.StringEquals.s3:prefx",
        ]
    );
    let f = lint_document(
        &json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}),
        &LintOptions::for_kind(PolicyKind::Identity),
    );
    assert_eq!(f[0].hint.as_deref(), Some("did you mean `s3:GetObject`?"));
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
fn security_findings() {
    assert_eq!(
        identity(json!({"Effect": "Allow", "Action": "*", "Resource": "*"})),
        ["IAM100 Statement.Action"]
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "iam:Pass*"], "Resource": "*"})
        ),
        ["IAM101 Statement.Action[1]"]
    );
    let escalation = identity(json!([
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "arn:aws:iam::111111111111:role/app"},
        {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction", "iam:AttachRolePolicy"], "Resource": "*"}
    ]));
    assert_eq!(
        escalation,
        [
            "IAM102 Statement[0].Action[0]",
            "IAM102 Statement[1].Action[2]",
            "IAM103 Statement[1].Resource",
        ]
    );
    // An unconditional deny takes the escalation away.
    assert_eq!(
        identity(json!([
            {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:Attach*", "Resource": "*"}
        ])),
        ["IAM103 Statement[0].Resource"]
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
fn kind_is_guessed_from_the_statements() {
    assert_eq!(
        guess_kind(
            &json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}})
        ),
        PolicyKind::RoleTrust
    );
    assert_eq!(
        guess_kind(&json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})),
        PolicyKind::Identity
    );
}
