//! Numeric, Date, Bool, Binary, IP address and ARN operators: matching, a missing key,
//! values that cannot be read (in the request or in the policy), policy variables.

use serde_json::json;

use super::tests::{holds, one};

const OPS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";

/// For each operator family: a negated operator holds for a missing key (the rule on
/// top of the operators page), but neither it nor the positive form holds when a value
/// cannot be read as the family's type, whichever side it is on.
#[test]
fn unreadable_values_fail_positive_and_negated_operators_alike() {
    // (positive, negated, good policy value, good request value, garbage)
    let families = [
        ("NumericEquals", "NumericNotEquals", "10", "11", "ten"),
        (
            "DateEquals",
            "DateNotEquals",
            "2020-01-01T00:00:00Z",
            "2021-01-01T00:00:00Z",
            "not-a-date",
        ),
        (
            "IpAddress",
            "NotIpAddress",
            "10.0.0.0/8",
            "192.0.2.1",
            "300.1.1.1",
        ),
        (
            "ArnEquals",
            "ArnNotEquals",
            "arn:aws:sns:*:111122223333:*",
            "arn:aws:sqs:us-east-1:111122223333:q",
            "not-an-arn",
        ),
        (
            "ArnLike",
            "ArnNotLike",
            "arn:aws:sns:*:111122223333:*",
            "arn:aws:sqs:us-east-1:111122223333:q",
            "arn:aws:sns",
        ),
    ];
    for (positive, negated, policy, request, garbage) in families {
        let context = [("k", request)];
        // Readable and different: only the negated form holds.
        assert!(
            !holds(one(positive, json!(policy)), &context),
            "{positive} {OPS}"
        );
        assert!(
            holds(one(negated, json!(policy)), &context),
            "{negated} {OPS}"
        );
        // A missing key: the negated form holds.
        assert!(!holds(one(positive, json!(policy)), &[]), "{positive}");
        assert!(holds(one(negated, json!(policy)), &[]), "{negated}");
        // Unreadable request value.
        assert!(
            !holds(one(positive, json!(policy)), &[("k", garbage)]),
            "{positive} {garbage}"
        );
        assert!(
            !holds(one(negated, json!(policy)), &[("k", garbage)]),
            "{negated} {garbage}"
        );
        // Unreadable policy value.
        assert!(
            !holds(one(positive, json!(garbage)), &context),
            "{positive} {garbage}"
        );
        assert!(
            !holds(one(negated, json!(garbage)), &context),
            "{negated} {garbage}"
        );
        // …IfExists: a missing key holds; an unreadable present value still fails.
        let if_exists = format!("{negated}IfExists");
        assert!(holds(one(&if_exists, json!(policy)), &[]), "{if_exists}");
        assert!(
            !holds(one(&if_exists, json!(policy)), &[("k", garbage)]),
            "{if_exists}"
        );
    }
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
#[test]
fn numeric_operators() {
    let cases = [
        ("NumericEquals", "10", "10.0", true),
        ("NumericEquals", "10", "9", false),
        ("NumericNotEquals", "10", "9", true),
        ("NumericLessThan", "10", "9.5", true),
        ("NumericLessThan", "10", "10", false),
        ("NumericLessThanEquals", "10", "10", true),
        ("NumericGreaterThan", "10", "-11", false),
        ("NumericGreaterThan", "-11", "10", true),
        ("NumericGreaterThanEquals", "10", "9", false),
        ("NumericGreaterThanEquals", "10", "10", true),
        (
            "NumericEquals",
            "9007199254740993",
            "9007199254740992",
            false,
        ),
    ];
    for (op, policy, request, expected) in cases {
        assert_eq!(
            holds(one(op, json!(policy)), &[("k", request)]),
            expected,
            "{op} {policy} {request}"
        );
    }
    // JSON numbers in the policy are read as their text.
    assert!(holds(
        one("NumericLessThanEquals", json!(10)),
        &[("k", "3")]
    ));
    // One readable alternative is enough for the positive form.
    assert!(holds(
        one("NumericEquals", json!(["ten", "10"])),
        &[("k", "10")]
    ));
    assert!(!holds(
        one("NumericNotEquals", json!(["ten", "11"])),
        &[("k", "10")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
// (W3C ISO 8601 dates or epoch (UNIX) time; no wildcards).
#[test]
fn date_operators() {
    let cases = [
        ("DateEquals", "2020-03-01T00:00:00Z", "1583020800", true),
        ("DateEquals", "2020-03-01", "2020-03-01T00:00:00Z", true),
        ("DateNotEquals", "2020-03-01", "2020-03-01T00:00:01Z", true),
        (
            "DateLessThan",
            "2020-01-01T00:00:01Z",
            "2019-12-31T23:59:59Z",
            true,
        ),
        ("DateLessThanEquals", "1600000000", "2020-01-01", true),
        (
            "DateGreaterThan",
            "2020-01-01T00:00:00Z",
            "2021-06-01T00:00:00Z",
            true,
        ),
        (
            "DateGreaterThan",
            "2020-01-01T00:00:00Z",
            "2020-01-01T01:00:00+02:00",
            false,
        ),
        (
            "DateGreaterThanEquals",
            "2020-01-01",
            "2020-01-01T00:00:00.000Z",
            true,
        ),
        ("DateEquals", "2020-*", "2020-01-01", false),
    ];
    for (op, policy, request, expected) in cases {
        assert_eq!(
            holds(one(op, json!(policy)), &[("k", request)]),
            expected,
            "{op} {policy} {request}"
        );
    }
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
#[test]
fn bool_operator() {
    assert!(holds(one("Bool", json!("true")), &[("k", "true")]));
    assert!(holds(one("Bool", json!(true)), &[("k", "TRUE")]));
    assert!(!holds(one("Bool", json!("false")), &[("k", "true")]));
    assert!(!holds(one("Bool", json!("true")), &[]));
    assert!(holds(one("BoolIfExists", json!("false")), &[]));
    // Neither side reads as a Boolean: no match.
    assert!(!holds(one("Bool", json!("yes")), &[("k", "yes")]));
    assert!(!holds(one("Bool", json!("true")), &[("k", "1")]));
    // The operators page lists policy variables as usable with Bool.
    assert!(holds(
        one("Bool", json!("${aws:PrincipalTag/mfa}")),
        &[("k", "true"), ("aws:PrincipalTag/mfa", "true")]
    ));
    assert!(!holds(
        one("Bool", json!("${aws:PrincipalTag/mfa}")),
        &[("k", "true")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
// (byte for byte against the base64 value in the policy).
#[test]
fn binary_equals() {
    let value = "QmluYXJ5VmFsdWVJbkJhc2U2NA==";
    assert!(holds(one("BinaryEquals", json!(value)), &[("k", value)]));
    assert!(holds(
        one("BinaryEquals", json!(value)),
        &[("k", "QmluYXJ5VmFsdWVJbkJhc2U2NA")]
    ));
    assert!(!holds(
        one("BinaryEquals", json!(value)),
        &[("k", "QmluYXJ5")]
    ));
    assert!(!holds(one("BinaryEquals", json!(value)), &[]));
    assert!(!holds(
        one("BinaryEquals", json!("not base64!")),
        &[("k", "not base64!")]
    ));
    assert!(holds(one("BinaryEqualsIfExists", json!(value)), &[]));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
// (CIDR blocks, IPv4 and IPv6; a bare address means /32).
#[test]
fn ip_address_operators() {
    let v4 = [("aws:SourceIp", "203.0.113.9")];
    assert!(holds(
        json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
        &v4
    ));
    assert!(holds(
        json!({"IpAddress": {"aws:SourceIp": "203.0.113.9"}}),
        &v4
    ));
    assert!(!holds(
        json!({"IpAddress": {"aws:SourceIp": "203.0.113.8"}}),
        &v4
    ));
    assert!(holds(
        json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}),
        &v4
    ));
    assert!(!holds(
        json!({"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}),
        &v4
    ));
    let v6 = [("aws:SourceIp", "2001:db8:1234:5678::42")];
    assert!(holds(
        json!({"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}),
        &v6
    ));
    assert!(holds(
        json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
        &v6
    ));
    // Variables are not substituted for IP operators: the value is no CIDR block.
    assert!(!holds(
        one("IpAddress", json!("${aws:SourceIp}")),
        &[("k", "10.0.0.1"), ("aws:SourceIp", "10.0.0.1")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
// (each of the six colon-delimited parts is matched separately; ArnEquals and ArnLike
// behave identically; the StringLike-vs-ArnLike example).
#[test]
fn arn_operators() {
    let pattern = "arn:aws:someservice:*:111122223333:finance/*";
    let tricky = [(
        "k",
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
    )];
    assert!(holds(one("StringLike", json!(pattern)), &tricky));
    assert!(!holds(one("ArnLike", json!(pattern)), &tricky));
    assert!(!holds(one("ArnEquals", json!(pattern)), &tricky));
    assert!(holds(one("ArnNotLike", json!(pattern)), &tricky));
    let plain = [(
        "k",
        "arn:aws:someservice:us-east-2:111122223333:finance/q1:summary",
    )];
    for op in ["ArnLike", "ArnEquals"] {
        assert!(holds(one(op, json!(pattern)), &plain), "{op}");
    }
    assert!(!holds(
        one(
            "ArnLike",
            json!("arn:aws:someservice:*:111122223333:Finance/*")
        ),
        &plain
    ));
    assert!(holds(
        one("ArnLike", json!("arn:aws:someservice:us-east-?:*:*")),
        &plain
    ));
    assert!(holds(one("ArnLike", json!("*")), &plain));
    assert!(!holds(one("ArnNotLike", json!("*")), &plain));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// (variables work with ARN operators; one with no value matches nothing, and the
// inverted operators match against it).
#[test]
fn arn_operators_take_variables() {
    let arn = "arn:aws:iam::111122223333:role/app";
    let cx = [("aws:SourceArn", arn), ("aws:PrincipalArn", arn)];
    assert!(holds(
        json!({"ArnEquals": {"aws:SourceArn": "${aws:PrincipalArn}"}}),
        &cx
    ));
    assert!(!holds(
        json!({"ArnNotEquals": {"aws:SourceArn": "${aws:PrincipalArn}"}}),
        &cx
    ));
    let no_principal = [("aws:SourceArn", arn)];
    assert!(!holds(
        json!({"ArnEquals": {"aws:SourceArn": "${aws:PrincipalArn}"}}),
        &no_principal
    ));
    assert!(holds(
        json!({"ArnNotEquals": {"aws:SourceArn": "${aws:PrincipalArn}"}}),
        &no_principal
    ));
    // A substituted `*` is a character, not a wildcard.
    let star = [
        ("k", "arn:aws:iam::111122223333:role/app"),
        ("aws:PrincipalTag/role", "*"),
    ];
    assert!(!holds(
        one(
            "ArnLike",
            json!("arn:aws:iam::111122223333:role/${aws:PrincipalTag/role}")
        ),
        &star
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-conditionelement
// ("You can't use a policy variable with other operators, such as Numeric, Date, …"): the
// text stays literal, which no number or date reads.
#[test]
fn numeric_and_date_operators_do_not_substitute_variables() {
    let cx = [("k", "5"), ("aws:MultiFactorAuthAge", "5")];
    assert!(!holds(
        one("NumericEquals", json!("${aws:MultiFactorAuthAge}")),
        &cx
    ));
    assert!(!holds(
        one("NumericNotEquals", json!("${aws:MultiFactorAuthAge}")),
        &cx
    ));
    let cx = [("k", "2020-01-01"), ("aws:CurrentTime", "2020-01-01")];
    assert!(!holds(one("DateEquals", json!("${aws:CurrentTime}")), &cx));
}
