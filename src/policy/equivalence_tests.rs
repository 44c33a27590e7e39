//! One pair per rule, each with the AWS documentation it follows.

use serde_json::{Value, json};

use super::*;

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn allow(action: Value, resource: Value) -> Value {
    json!({"Effect": "Allow", "Action": action, "Resource": resource})
}

fn trust(principal: Value) -> Value {
    doc(json!([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]))
}

fn cond(op: &str, key: &str, values: Value) -> Value {
    doc(
        json!([{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                "Condition": {op: {key: values}}}]),
    )
}

fn read() -> Value {
    allow(json!("s3:GetObject"), json!("arn:aws:s3:::b/*"))
}

fn assert_equivalent(name: &str, a: &Value, b: &Value) {
    assert!(equivalent(a, b), "{name}: expected equivalent\n{a}\n{b}");
    assert!(equivalent(b, a), "{name}: not symmetric");
}

fn assert_different(name: &str, a: &Value, b: &Value) {
    assert!(!equivalent(a, b), "{name}: expected different\n{a}\n{b}");
    assert!(!equivalent(b, a), "{name}: not symmetric");
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html:
// without Version, IAM uses 2008-10-17, where policy variables are plain text; so the
// two versions stay different documents even when no variable appears.
#[test]
fn version_defaults_to_2008_10_17() {
    let r = read();
    assert_equivalent(
        "Version default",
        &json!({"Statement": [r]}),
        &json!({"Version": "2008-10-17", "Statement": [r]}),
    );
    assert_different("2008 vs 2012", &json!({"Statement": [r]}), &doc(json!([r])));
}

// Sid and Id label statements and documents; they take no part in evaluation:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html
#[test]
fn sid_and_id_are_labels() {
    let mut with_sid = read();
    with_sid["Sid"] = json!("Read");
    assert_equivalent("Sid", &doc(json!([read()])), &doc(json!([with_sid])));
    let with_id = json!({"Version": "2012-10-17", "Id": "x", "Statement": [read()]});
    assert_equivalent("Id", &doc(json!([read()])), &with_id);
}

// IAM evaluates every statement and any explicit Deny wins, else any Allow, so order and
// repetition of statements do not matter:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
#[test]
fn statement_order_and_repetition() {
    let deny = json!({"Effect": "Deny", "Action": "iam:*", "Resource": "*"});
    let r = read();
    assert_equivalent("order", &doc(json!([r, deny])), &doc(json!([deny, r])));
    assert_equivalent(
        "repetition",
        &doc(json!([r, r, deny])),
        &doc(json!([deny, r])),
    );
    assert_equivalent("single statement object", &doc(json!([r])), &doc(r.clone()));
}

// A string is a one-element list, and a list matches when any element matches, so order
// and duplicates do not matter:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#[test]
fn value_lists() {
    assert_equivalent(
        "string vs one-element list",
        &doc(json!([read()])),
        &doc(json!([allow(
            json!(["s3:GetObject"]),
            json!(["arn:aws:s3:::b/*"])
        )])),
    );
    assert_equivalent(
        "order and duplicates",
        &doc(json!([allow(
            json!(["s3:PutObject", "s3:GetObject"]),
            json!("*")
        )])),
        &doc(json!([allow(
            json!(["s3:GetObject", "s3:PutObject", "s3:GetObject"]),
            json!(["*", "*"])
        )])),
    );
    assert_equivalent(
        "principal order",
        &trust(json!({"AWS": ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]})),
        &trust(json!({"AWS": ["arn:aws:iam::1:role/b", "arn:aws:iam::1:role/a"]})),
    );
}

// Action names are case-insensitive; resource ARNs are not:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
#[test]
fn action_case_but_not_resource_case() {
    assert_equivalent(
        "action case",
        &doc(json!([read()])),
        &doc(json!([allow(
            json!("S3:getobject"),
            json!("arn:aws:s3:::b/*")
        )])),
    );
    assert_different(
        "resource case",
        &doc(json!([read()])),
        &doc(json!([allow(
            json!("s3:GetObject"),
            json!("arn:aws:s3:::B/*")
        )])),
    );
}

// "Principal": "*" and {"AWS": "*"} are the same, and `*` among other AWS principals
// already names them all:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
#[test]
fn everyone() {
    for other in [
        json!({"AWS": "*"}),
        json!({"AWS": ["*"]}),
        json!({"AWS": ["*", "111111111111"]}),
    ] {
        assert_equivalent("Principal *", &trust(json!("*")), &trust(other));
    }
    assert_different(
        "Service is not AWS",
        &trust(json!({"AWS": "*"})),
        &trust(json!({"Service": "*"})),
    );
}

// A bare account id is the account's root ARN, which IAM writes in the partition that
// holds the policy:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
#[test]
fn account_id_is_its_root_arn_in_any_partition() {
    let bare = trust(json!({"AWS": "123456789012"}));
    for partition in crate::arn::Partition::ALL {
        let root = trust(json!({"AWS": [format!("arn:{partition}:iam::123456789012:root")]}));
        assert_equivalent(partition.as_str(), &bare, &root);
    }
    // A placeholder partition, as public test suites write it, is not turned away.
    let placeholder = trust(json!({"AWS": "arn:PARTITION:iam::123456789012:root"}));
    assert_equivalent("placeholder partition", &bare, &placeholder);
    // Root ARNs of two partitions are two accounts: no trust crosses partitions.
    assert_different(
        "aws vs aws-cn roots",
        &trust(json!({"AWS": "arn:aws:iam::123456789012:root"})),
        &trust(json!({"AWS": "arn:aws-cn:iam::123456789012:root"})),
    );
    // One document lives in one partition: its bare ids and its ARNs share it.
    assert_different(
        "bare id in a GovCloud document vs a commercial root",
        &trust(json!({"AWS": ["123456789012", "arn:aws-us-gov:iam::222222222222:root"]})),
        &trust(
            json!({"AWS": ["arn:aws:iam::123456789012:root", "arn:aws-us-gov:iam::222222222222:root"]}),
        ),
    );
    assert_different(
        "other account",
        &bare,
        &trust(json!({"AWS": "arn:aws:iam::999999999999:root"})),
    );
}

// Condition keys are case-insensitive, values are alternatives (order and duplicates do
// not matter), and booleans and numbers are compared as their text:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#[test]
fn conditions() {
    let b = |v: Value| cond("Bool", "aws:SecureTransport", v);
    assert_equivalent("scalar vs list", &b(json!("true")), &b(json!(["true"])));
    assert_equivalent("bool vs string", &b(json!(true)), &b(json!("true")));
    assert_equivalent(
        "number vs string",
        &cond("NumericLessThan", "s3:max-keys", json!([10, 2.5])),
        &cond("NumericLessThan", "s3:max-keys", json!(["2.5", "10"])),
    );
    assert_equivalent(
        "key case",
        &b(json!("true")),
        &cond("Bool", "AWS:SECURETRANSPORT", json!("true")),
    );
    assert_equivalent(
        "empty condition",
        &doc(json!([read()])),
        &doc(
            json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {}}]),
        ),
    );
    let vpc = |op: &str, v: Value| cond(op, "aws:SourceVpc", v);
    assert_different(
        "operator",
        &vpc("StringEquals", json!("vpc-1")),
        &vpc("StringLike", json!("vpc-1")),
    );
    assert_different(
        "extra value",
        &vpc("StringEquals", json!("vpc-1")),
        &vpc("StringEquals", json!(["vpc-1", "vpc-2"])),
    );
    assert_different(
        "value case",
        &vpc("StringEquals", json!("vpc-a")),
        &vpc("StringEquals", json!("VPC-A")),
    );
}

// NotAction and NotResource match everything except their lists:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
#[test]
fn not_action_and_not_resource() {
    assert_different(
        "Action vs NotAction",
        &doc(json!([read()])),
        &doc(
            json!([{"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
        ),
    );
    assert_different(
        "NotAction statements are not merged",
        &doc(
            json!([{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"},
                    {"Effect": "Deny", "NotAction": "s3:PutObject", "Resource": "*"}]),
        ),
        &doc(
            json!([{"Effect": "Deny", "NotAction": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]),
        ),
    );
    assert_equivalent(
        "covered NotAction pattern",
        &doc(json!([{"Effect": "Deny", "NotAction": ["iam:*", "iam:PassRole"], "Resource": "*"}])),
        &doc(json!([{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}])),
    );
}

// Equivalence means the same decision for every request: a statement whose requests all
// match another statement of the same effect adds nothing, and statements may be split
// or joined along their lists. The evaluation that makes this so:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
#[test]
fn same_access_written_differently() {
    let get = |r: &str| allow(json!("s3:GetObject"), json!(r));
    let put = |r: &str| allow(json!("s3:PutObject"), json!(r));
    assert_equivalent(
        "merged actions",
        &doc(json!([get("*"), put("*")])),
        &doc(json!([allow(
            json!(["s3:PutObject", "s3:GetObject"]),
            json!("*")
        )])),
    );
    assert_equivalent(
        "merged resources",
        &doc(json!([get("arn:aws:s3:::a"), get("arn:aws:s3:::b")])),
        &doc(json!([allow(
            json!("s3:GetObject"),
            json!(["arn:aws:s3:::a", "arn:aws:s3:::b"])
        )])),
    );
    assert_equivalent(
        "split another way",
        &doc(json!([
            get("arn:aws:s3:::a"),
            get("arn:aws:s3:::b"),
            put("arn:aws:s3:::a")
        ])),
        &doc(json!([
            allow(
                json!(["s3:GetObject", "s3:PutObject"]),
                json!("arn:aws:s3:::a")
            ),
            get("arn:aws:s3:::b")
        ])),
    );
    assert_equivalent(
        "action covered by a wildcard",
        &doc(json!([allow(json!("s3:*"), json!("*")), get("*")])),
        &doc(json!([allow(json!("s3:*"), json!("*"))])),
    );
    assert_equivalent(
        "resource covered by a wildcard",
        &doc(json!([
            get("arn:aws:s3:::b/*"),
            get("arn:aws:s3:::b/private/x")
        ])),
        &doc(json!([get("arn:aws:s3:::b/*")])),
    );
    let mfa = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    assert_equivalent(
        "conditioned copy of an unconditioned statement",
        &doc(
            json!([get("*"), {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": mfa}]),
        ),
        &doc(json!([get("*")])),
    );
    assert_equivalent(
        "principals joined",
        &doc(
            json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/a"}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/b"}, "Action": "sts:AssumeRole"}]),
        ),
        &trust(json!({"AWS": ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]})),
    );
    assert_equivalent(
        "covered Deny",
        &doc(
            json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
                    {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "arn:aws:iam::1:role/x"}]),
        ),
        &doc(json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}])),
    );
}

#[test]
fn different_access_stays_different() {
    let mfa = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    assert_different(
        "a condition narrows",
        &doc(json!([read()])),
        &doc(
            json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": mfa}]),
        ),
    );
    assert_different(
        "a subset is not the whole",
        &doc(json!([allow(json!("s3:*"), json!("*"))])),
        &doc(json!([allow(json!("s3:GetObject"), json!("*"))])),
    );
    assert_different(
        "Allow vs Deny",
        &doc(json!([read()])),
        &doc(json!([{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}])),
    );
    assert_different(
        "a Deny is not covered by an Allow",
        &doc(
            json!([allow(json!("s3:*"), json!("*")), {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]),
        ),
        &doc(json!([allow(json!("s3:*"), json!("*"))])),
    );
    assert_different(
        "different resources are not merged by action",
        &doc(json!([
            allow(json!("s3:GetObject"), json!("arn:aws:s3:::a")),
            allow(json!("s3:PutObject"), json!("arn:aws:s3:::b"))
        ])),
        &doc(json!([allow(
            json!(["s3:GetObject", "s3:PutObject"]),
            json!(["arn:aws:s3:::a", "arn:aws:s3:::b"])
        )])),
    );
    assert_different(
        "different service principal",
        &trust(json!({"Service": "ec2.amazonaws.com"})),
        &trust(json!({"Service": "lambda.amazonaws.com"})),
    );
    assert_different(
        "NotPrincipal vs Principal",
        &doc(
            json!([{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "*", "Resource": "*"}]),
        ),
        &doc(
            json!([{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "*", "Resource": "*"}]),
        ),
    );
}

// Documents iamform's grammar rejects (an IAM document it reads may still be one) compare
// by the same rules where their shape allows.
#[test]
fn broken_documents_compare_leniently() {
    assert_equivalent(
        "same breakage, other shapes",
        &json!({"Statement": {"Sid": "A", "Effect": "Permit", "Action": "s3:GetObject"}}),
        &json!({"Statement": [{"Effect": "Permit", "Action": ["S3:GetObject"]}]}),
    );
    assert_equivalent(
        "broken, with an account id in another partition",
        &json!({"Statement": {"Effect": "Permit", "Principal": {"AWS": "123456789012"}}}),
        &json!({"Statement": {"Effect": "Permit", "Principal": {"AWS": "arn:aws-cn:iam::123456789012:root"}}}),
    );
    assert_different(
        "broken vs valid",
        &json!({"Statement": [{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]}),
        &json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    );
}
