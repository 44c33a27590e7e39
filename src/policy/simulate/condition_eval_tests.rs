//! Condition operators, one test per rule.

use serde_json::json;

use super::*;
use crate::policy::parse;

fn holds(condition: serde_json::Value, context: &[(&str, &str)]) -> bool {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}});
    let policy = parse(&doc).unwrap();
    let mut cx = Context::new();
    for (k, v) in context {
        cx.insert(k, *v);
    }
    conditions_hold(&policy.statements[0].condition, &cx, true)
}

#[test]
fn string_operators_and_case() {
    assert!(holds(
        json!({"StringEquals": {"aws:PrincipalTag/team": "web"}}),
        &[("aws:principaltag/team", "web")]
    ));
    assert!(!holds(
        json!({"StringEquals": {"k": "Web"}}),
        &[("k", "web")]
    ));
    assert!(holds(
        json!({"StringEqualsIgnoreCase": {"k": "Web"}}),
        &[("k", "web")]
    ));
    assert!(holds(
        json!({"StringLike": {"k": ["a*", "b?"]}}),
        &[("k", "bx")]
    ));
    assert!(holds(json!({"StringNotLike": {"k": "a*"}}), &[("k", "bx")]));
    assert!(holds(
        json!({"StringEquals": {"k": "${aws:username}"}}),
        &[("k", "alice"), ("aws:username", "alice")]
    ));
}

#[test]
fn missing_keys_if_exists_and_null() {
    assert!(!holds(json!({"StringEquals": {"k": "x"}}), &[]));
    assert!(holds(json!({"StringNotEquals": {"k": "x"}}), &[]));
    assert!(holds(json!({"StringEqualsIfExists": {"k": "x"}}), &[]));
    assert!(!holds(
        json!({"StringEqualsIfExists": {"k": "x"}}),
        &[("k", "y")]
    ));
    assert!(holds(json!({"Null": {"k": "true"}}), &[]));
    assert!(!holds(json!({"Null": {"k": "true"}}), &[("k", "y")]));
    assert!(holds(
        json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
        &[]
    ));
    assert!(!holds(
        json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
        &[]
    ));
}

#[test]
fn numbers_dates_ips_arns_binary() {
    assert!(holds(
        json!({"NumericLessThan": {"k": "10"}}),
        &[("k", "9.5")]
    ));
    assert!(!holds(
        json!({"NumericGreaterThanEquals": {"k": "10"}}),
        &[("k", "9")]
    ));
    assert!(holds(
        json!({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}),
        &[("aws:currenttime", "2021-06-01T00:00:00Z")]
    ));
    assert!(holds(
        json!({"DateLessThanEquals": {"k": "1600000000"}}),
        &[("k", "2020-01-01")]
    ));
    assert!(holds(
        json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}),
        &[("aws:sourceip", "192.0.2.9")]
    ));
    assert!(holds(
        json!({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
        &[("aws:sourceip", "192.0.2.9")]
    ));
    assert!(holds(
        json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111111111111:*"}}),
        &[("aws:sourcearn", "arn:aws:sns:us-east-1:111111111111:topic")]
    ));
    assert!(holds(
        json!({"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:*:111111111111:*"}}),
        &[("aws:sourcearn", "arn:aws:sns:us-east-1:222222222222:topic")]
    ));
    assert!(holds(
        json!({"BinaryEquals": {"k": "QmluYXJ5"}}),
        &[("k", "QmluYXJ5")]
    ));
}

#[test]
fn set_qualifiers_and_multiple_keys() {
    let tags = [("aws:tagkeys", "team"), ("aws:tagkeys", "env")];
    assert!(holds(
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}}),
        &tags
    ));
    assert!(!holds(
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}),
        &tags
    ));
    assert!(holds(
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}),
        &[]
    ));
    assert!(holds(
        json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}),
        &tags
    ));
    assert!(!holds(
        json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}),
        &[]
    ));
    // Two keys: both must hold.
    assert!(!holds(
        json!({"StringEquals": {"a": "1", "b": "2"}}),
        &[("a", "1"), ("b", "3")]
    ));
    assert!(holds(
        json!({"StringEquals": {"a": "1"}, "Bool": {"b": "true"}}),
        &[("a", "1"), ("b", "TRUE")]
    ));
}

const OPERATORS_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";

/// `(operator, policy value)` pairs, one per family, with a request value each family
/// reads (`good`) and one it cannot read (`bad`).
struct Family {
    positive: &'static str,
    negated: Option<&'static str>,
    policy: &'static str,
    equal: &'static str,
    other: &'static str,
    unreadable: Option<&'static str>,
}

const FAMILIES: &[Family] = &[
    Family {
        positive: "StringEquals",
        negated: Some("StringNotEquals"),
        policy: "web",
        equal: "web",
        other: "db",
        unreadable: None,
    },
    Family {
        positive: "StringEqualsIgnoreCase",
        negated: Some("StringNotEqualsIgnoreCase"),
        policy: "Web",
        equal: "wEB",
        other: "db",
        unreadable: None,
    },
    Family {
        positive: "StringLike",
        negated: Some("StringNotLike"),
        policy: "w*",
        equal: "web",
        other: "db",
        unreadable: None,
    },
    Family {
        positive: "NumericEquals",
        negated: Some("NumericNotEquals"),
        policy: "10",
        equal: "10.0",
        other: "11",
        unreadable: Some("ten"),
    },
    Family {
        positive: "DateEquals",
        negated: Some("DateNotEquals"),
        policy: "2024-01-01T00:00:00Z",
        equal: "1704067200",
        other: "2025-01-01",
        unreadable: Some("yesterday"),
    },
    Family {
        positive: "IpAddress",
        negated: Some("NotIpAddress"),
        policy: "10.0.0.0/8",
        equal: "10.1.2.3",
        other: "192.0.2.1",
        unreadable: Some("not-an-ip"),
    },
    Family {
        positive: "ArnLike",
        negated: Some("ArnNotLike"),
        policy: "arn:aws:sns:*:111111111111:*",
        equal: "arn:aws:sns:us-east-1:111111111111:t",
        other: "arn:aws:sns:us-east-1:222222222222:t",
        unreadable: Some("arn:::bucket"),
    },
    Family {
        positive: "ArnEquals",
        negated: Some("ArnNotEquals"),
        policy: "arn:aws:sns:us-east-1:111111111111:t",
        equal: "arn:aws:sns:us-east-1:111111111111:t",
        other: "arn:aws:sns:us-east-1:111111111111:u",
        unreadable: Some("topic-t"),
    },
    Family {
        positive: "Bool",
        negated: None,
        policy: "true",
        equal: "TRUE",
        other: "false",
        unreadable: Some("yes"),
    },
    Family {
        positive: "BinaryEquals",
        negated: None,
        policy: "QmluYXJ5",
        equal: "QmluYXJ5",
        other: "T3RoZXI=",
        unreadable: None,
    },
];

fn one(op: &str, policy: &str, request: Option<&str>) -> bool {
    let context: Vec<(&str, &str)> = request.iter().map(|v| ("k", *v)).collect();
    holds(json!({ op: { "k": policy } }), &context)
}

// Rule: a positive operator matches an equal value and not another; its negation is
// the opposite (reference_policies_elements_condition_operators.html).
#[test]
fn every_family_compares_and_negates() {
    for f in FAMILIES {
        assert!(
            one(f.positive, f.policy, Some(f.equal)),
            "{} {OPERATORS_DOC}",
            f.positive
        );
        assert!(!one(f.positive, f.policy, Some(f.other)), "{}", f.positive);
        if let Some(neg) = f.negated {
            assert!(!one(neg, f.policy, Some(f.equal)), "{neg}");
            assert!(one(neg, f.policy, Some(f.other)), "{neg}");
        }
    }
}

// Rule: "If the key that you specify in a policy condition is not present in the
// request context, the values do not match" — the positive operator is false, and a
// negated one ("the right key is not present") is true; …IfExists is true.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#[test]
fn missing_key_fails_positive_and_holds_negated_operators() {
    for f in FAMILIES {
        assert!(!one(f.positive, f.policy, None), "{}", f.positive);
        let if_exists = format!("{}IfExists", f.positive);
        assert!(one(&if_exists, f.policy, None), "{if_exists}");
        if let Some(neg) = f.negated {
            assert!(one(neg, f.policy, None), "{neg}");
        }
    }
}

// Rule: a request value that cannot be read as the operator's type (a number, a date,
// an IP address, an ARN, a boolean) matches no policy value: the positive operator is
// false, and so is the negated one — an unreadable value is not "different", and
// reading it so would let `NumericNotEquals` grant to any garbage input.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#[test]
fn unreadable_request_values_match_neither_way() {
    for f in FAMILIES {
        let Some(bad) = f.unreadable else { continue };
        assert!(
            !one(f.positive, f.policy, Some(bad)),
            "{} {bad}",
            f.positive
        );
        if let Some(neg) = f.negated {
            assert!(!one(neg, f.policy, Some(bad)), "{neg} {bad}");
        }
    }
}

// Rule: the same for a policy value that is no number / date / CIDR / ARN; with several
// policy values, a negated operator needs every one of them readable and different.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#[test]
fn unreadable_policy_values_match_neither_way() {
    let cases = [
        ("NumericLessThan", "NumericNotEquals", "abc", "5"),
        ("DateLessThan", "DateNotEquals", "someday", "2024-01-01"),
        ("IpAddress", "NotIpAddress", "123456789012", "10.0.0.1"),
        (
            "ArnLike",
            "ArnNotLike",
            "arn:::bucket",
            "arn:aws:s3:::bucket",
        ),
    ];
    for (positive, negated, bad_policy, request) in cases {
        assert!(!one(positive, bad_policy, Some(request)), "{positive}");
        assert!(!one(negated, bad_policy, Some(request)), "{negated}");
        let mixed = json!({ negated: { "k": [bad_policy, "0"] } });
        assert!(!holds(mixed, &[("k", request)]), "{negated} mixed");
    }
    // IPv4 against an IPv6 block: both readable, simply not inside.
    assert!(one("NotIpAddress", "2001:db8::/32", Some("10.0.0.1")));
    assert!(!one("IpAddress", "2001:db8::/32", Some("10.0.0.1")));
}

// Rule: a policy variable that does not resolve (key absent, no default) leaves the
// statement invalid: the value matches nothing, for positive and negated string and ARN
// operators alike; a default value resolves it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
#[test]
fn unresolved_variables_match_neither_way() {
    for op in [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    ] {
        assert!(!one(op, "${aws:username}", Some("alice")), "{op}");
    }
    for op in ["ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals"] {
        let policy = "arn:aws:iam::111111111111:user/${aws:username}";
        assert!(
            !one(op, policy, Some("arn:aws:iam::111111111111:user/alice")),
            "{op}"
        );
    }
    assert!(one(
        "StringNotEquals",
        "${aws:username, 'bob'}",
        Some("alice")
    ));
    assert!(!one(
        "StringNotEquals",
        "${aws:username, 'alice'}",
        Some("alice")
    ));
    // The key itself missing still follows the missing-key rule.
    assert!(one("StringNotEquals", "${aws:username}", None));
}

// Rule: a variable's value is literal text: `aws:username = Bob*` is no wildcard.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
#[test]
fn variable_values_are_not_wildcards() {
    let cx = [("aws:username", "Bob*"), ("k", "Bobby")];
    assert!(!holds(json!({"StringLike": {"k": "${aws:username}"}}), &cx));
    assert!(holds(
        json!({"StringNotLike": {"k": "${aws:username}"}}),
        &cx
    ));
    let literal = [("aws:username", "Bob*"), ("k", "Bob*")];
    assert!(holds(
        json!({"StringLike": {"k": "${aws:username}"}}),
        &literal
    ));
    // Wildcards written in the policy still work around the value.
    let around = [("aws:username", "Bob"), ("k", "home/Bob/x")];
    assert!(holds(
        json!({"StringLike": {"k": "home/${aws:username}/*"}}),
        &around
    ));
    // `${*}` is a literal asterisk.
    assert!(!holds(
        json!({"StringLike": {"k": "a${*}"}}),
        &[("k", "ab")]
    ));
    assert!(holds(json!({"StringLike": {"k": "a${*}"}}), &[("k", "a*")]));
}

// Rule: variables work in string and ARN operators only; elsewhere `${…}` is text, so
// a numeric comparison with it reads no number.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
#[test]
fn variables_are_text_in_other_operators() {
    let cx = [("n", "5"), ("k", "5")];
    assert!(!holds(json!({"NumericEquals": {"k": "${n}"}}), &cx));
    assert!(!holds(json!({"NumericNotEquals": {"k": "${n}"}}), &cx));
}

// Rule: Null tests presence; a value other than true/false asks nothing.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
#[test]
fn null_checks_presence_only() {
    assert!(holds(json!({"Null": {"k": "true"}}), &[]));
    assert!(holds(json!({"Null": {"k": "false"}}), &[("k", "x")]));
    assert!(!holds(json!({"Null": {"k": "maybe"}}), &[]));
    assert!(!holds(json!({"Null": {"k": "maybe"}}), &[("k", "x")]));
}

// Rule: set operators over multivalued keys; a negated operator under ForAllValues
// needs every request value different from every policy value.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
#[test]
fn negated_set_operators() {
    let tags = [("aws:tagkeys", "team"), ("aws:tagkeys", "env")];
    assert!(holds(
        json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["cost"]}}),
        &tags
    ));
    assert!(!holds(
        json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["env"]}}),
        &tags
    ));
    assert!(holds(
        json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env"]}}),
        &tags
    ));
    assert!(!holds(
        json!({"ForAnyValue:NumericNotEquals": {"aws:TagKeys": ["1"]}}),
        &tags
    ));
}
