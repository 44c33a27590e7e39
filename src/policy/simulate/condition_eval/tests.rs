//! String operators, missing keys, `…IfExists`, `Null`, policy variables, and how keys,
//! values and operators combine. Each test cites the page that states its rule.

use serde_json::{Value, json};

use super::*;
use crate::policy::parse;

/// Whether `condition`, in a `version` document, holds for the context `pairs` (a key
/// given twice is multivalued).
pub(super) fn holds_in(version: &str, condition: Value, pairs: &[(&str, &str)]) -> bool {
    let doc = json!({"Version": version, "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}});
    let policy = parse(&doc).unwrap();
    let mut context = Context::new();
    for (k, v) in pairs {
        context.insert(k, *v);
    }
    let variables = version == "2012-10-17";
    conditions_hold(&policy.statements[0].condition, &context, variables)
}

/// [`holds_in`] for a `2012-10-17` document.
pub(super) fn holds(condition: Value, pairs: &[(&str, &str)]) -> bool {
    holds_in("2012-10-17", condition, pairs)
}

/// `{operator: {"k": value}}`.
pub(super) fn one(operator: &str, value: Value) -> Value {
    json!({ operator: { "k": value } })
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
#[test]
fn string_operators() {
    assert!(holds(one("StringEquals", json!("web")), &[("k", "web")]));
    assert!(!holds(one("StringEquals", json!("Web")), &[("k", "web")]));
    assert!(!holds(one("StringEquals", json!("w*")), &[("k", "web")]));
    assert!(holds(one("StringEquals", json!("w*")), &[("k", "w*")]));
    assert!(holds(one("StringNotEquals", json!("Web")), &[("k", "web")]));
    assert!(!holds(
        one("StringNotEquals", json!("web")),
        &[("k", "web")]
    ));
    assert!(holds(
        one("StringEqualsIgnoreCase", json!("WEB")),
        &[("k", "web")]
    ));
    assert!(holds(
        one("StringEqualsIgnoreCase", json!("ÉTÉ")),
        &[("k", "été")]
    ));
    assert!(!holds(
        one("StringNotEqualsIgnoreCase", json!("WEB")),
        &[("k", "web")]
    ));
    assert!(holds(
        one("StringNotEqualsIgnoreCase", json!("app")),
        &[("k", "web")]
    ));
    assert!(holds(one("StringLike", json!("w*")), &[("k", "web")]));
    assert!(holds(one("StringLike", json!("w?b")), &[("k", "web")]));
    assert!(!holds(one("StringLike", json!("w?b")), &[("k", "weeb")]));
    assert!(!holds(one("StringLike", json!("W*")), &[("k", "web")]));
    assert!(holds(one("StringNotLike", json!("a*")), &[("k", "web")]));
    assert!(!holds(one("StringNotLike", json!("*e*")), &[("k", "web")]));
    // The documentation's S3 example lists `""` to match the empty prefix.
    assert!(holds(one("StringLike", json!(["", "home/"])), &[("k", "")]));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// ("If the key that you specify in a policy condition is not present in the request
// context, the values do not match and the condition is false. If the policy condition
// requires that the key is not matched, such as StringNotLike or ArnNotLike, and the
// right key is not present, the condition is true.")
#[test]
fn a_missing_key_fails_positive_and_satisfies_negated_operators() {
    for positive in ["StringEquals", "StringEqualsIgnoreCase", "StringLike"] {
        assert!(!holds(one(positive, json!("x")), &[]), "{positive}");
        assert!(
            !holds(one(positive, json!("x")), &[("other", "x")]),
            "{positive}"
        );
    }
    for negated in [
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
    ] {
        assert!(holds(one(negated, json!("x")), &[]), "{negated}");
    }
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
// ("If the key is not present, evaluate the condition element as true"; with a negated
// operator in a Deny "the request is still denied even if the tag is missing").
#[test]
fn if_exists_holds_for_a_missing_key_and_tests_a_present_one() {
    for op in [
        "StringEqualsIfExists",
        "StringNotEqualsIfExists",
        "StringLikeIfExists",
        "StringNotLikeIfExists",
    ] {
        assert!(holds(one(op, json!("x")), &[]), "{op}");
    }
    assert!(holds(
        one("StringEqualsIfExists", json!("x")),
        &[("k", "x")]
    ));
    assert!(!holds(
        one("StringEqualsIfExists", json!("x")),
        &[("k", "y")]
    ));
    assert!(!holds(
        one("StringNotEqualsIfExists", json!("x")),
        &[("k", "x")]
    ));
    assert!(holds(
        one("StringLikeIfExists", json!(["t1.*", "t2.*"])),
        &[("k", "t2.micro")]
    ));
    assert!(!holds(
        one("StringLikeIfExists", json!(["t1.*", "t2.*"])),
        &[("k", "m5.large")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
// (`true`: the key doesn't exist; `false`: it exists and its value is not null) and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// (an empty string is a null data set, which `Null: false` rejects).
#[test]
fn null_tests_presence() {
    assert!(holds(one("Null", json!("true")), &[]));
    assert!(!holds(one("Null", json!("true")), &[("k", "v")]));
    assert!(holds(one("Null", json!("false")), &[("k", "v")]));
    assert!(!holds(one("Null", json!("false")), &[]));
    assert!(holds(one("Null", json!(true)), &[]));
    assert!(holds(one("Null", json!("TRUE")), &[]));
    assert!(holds(one("Null", json!("true")), &[("k", "")]));
    assert!(!holds(one("Null", json!("false")), &[("k", "")]));
    // A value that is neither reads as no test at all.
    assert!(!holds(one("Null", json!("yes")), &[]));
    assert!(!holds(one("Null", json!("yes")), &[("k", "v")]));
    // Null does not take variables: `${…}` is not `true`.
    assert!(!holds(
        one("Null", json!("${aws:username}")),
        &[("aws:username", "true")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
// (several values under one key: OR; several keys or operators: AND; key names are
// case-insensitive).
#[test]
fn values_or_keys_and_operators_and_keys_ignore_case() {
    assert!(holds(one("StringEquals", json!(["a", "b"])), &[("k", "b")]));
    assert!(!holds(
        json!({"StringEquals": {"a": "1", "b": "2"}}),
        &[("a", "1"), ("b", "3")]
    ));
    assert!(holds(
        json!({"StringEquals": {"a": "1", "b": "2"}}),
        &[("a", "1"), ("b", "2")]
    ));
    assert!(!holds(
        json!({"StringEquals": {"a": "1"}, "StringNotEquals": {"b": "2"}}),
        &[("a", "1"), ("b", "2")]
    ));
    assert!(holds(
        json!({"StringEquals": {"AWS:PrincipalTag/Team": "web"}}),
        &[("aws:principaltag/team", "web")]
    ));
    assert!(holds(
        json!({"StringEquals": {"aws:principaltag/team": "web"}}),
        &[("AWS:PRINCIPALTAG/TEAM", "web")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
#[test]
fn variables_resolve_in_string_conditions() {
    let alice = [("k", "home/alice/notes"), ("aws:username", "alice")];
    assert!(holds(
        one("StringLike", json!("home/${aws:username}/*")),
        &alice
    ));
    assert!(!holds(
        one("StringLike", json!("home/${aws:username}/*")),
        &[("k", "home/bob/x"), ("aws:username", "alice")]
    ));
    assert!(holds(
        one("StringEquals", json!("${aws:username}")),
        &[("k", "alice"), ("aws:username", "alice")]
    ));
    assert!(holds(
        one("StringEqualsIgnoreCase", json!("${aws:username}")),
        &[("k", "ALICE"), ("aws:username", "alice")]
    ));
}

// A variable's value is literal: `aws:username = Bob*` is no wildcard in StringLike.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// ("Special characters": a `*` that must be literal is written `${*}`).
#[test]
fn variable_values_and_escapes_are_literal_in_string_like() {
    let bob = |k: &'static str| [("k", k), ("aws:username", "Bob*")];
    assert!(!holds(
        one("StringLike", json!("${aws:username}")),
        &bob("Bobby")
    ));
    assert!(holds(
        one("StringLike", json!("${aws:username}")),
        &bob("Bob*")
    ));
    assert!(holds(
        one("StringNotLike", json!("${aws:username}")),
        &bob("Bobby")
    ));
    assert!(holds(
        one("StringLike", json!("${aws:username}/*")),
        &bob("Bob*/x")
    ));
    assert!(!holds(
        one("StringLike", json!("${aws:username}/*")),
        &bob("Bobby/x")
    ));
    assert!(holds(one("StringLike", json!("a${*}b")), &[("k", "a*b")]));
    assert!(!holds(one("StringLike", json!("a${*}b")), &[("k", "axxb")]));
    assert!(holds(one("StringLike", json!("a${?}")), &[("k", "a?")]));
    assert!(!holds(one("StringLike", json!("a${?}")), &[("k", "ab")]));
    assert!(holds(
        one("StringEquals", json!("${$}{x}")),
        &[("k", "${x}")]
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// ("Policy variables with no value": a variable with no value matches nothing, so
// StringEquals / StringLike do not match, while inverted operators such as
// StringNotEquals / StringNotLike do match against the null value.)
#[test]
fn unresolved_variables_match_nothing() {
    let present = [("k", "x")];
    assert!(!holds(
        one("StringEquals", json!("${aws:PrincipalTag/team}")),
        &present
    ));
    assert!(!holds(
        one("StringLike", json!("${aws:PrincipalTag/team}*")),
        &present
    ));
    assert!(holds(
        one("StringNotEquals", json!("${aws:PrincipalTag/team}")),
        &present
    ));
    assert!(holds(
        one("StringNotLike", json!("${aws:PrincipalTag/team}")),
        &present
    ));
    // The other alternatives still count.
    assert!(holds(
        one("StringEquals", json!(["${aws:PrincipalTag/team}", "x"])),
        &present
    ));
    assert!(!holds(
        one("StringNotEquals", json!(["${aws:PrincipalTag/team}", "x"])),
        &present
    ));
    // A default value stands in (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-default-values).
    assert!(holds(
        one("StringEquals", json!("${aws:PrincipalTag/team, 'x'}")),
        &present
    ));
    assert!(!holds(
        one("StringNotEquals", json!("${aws:PrincipalTag/team, 'x'}")),
        &present
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// ("Variables were introduced in version 2012-10-17 … variables like ${aws:username} are
// treated as literal strings in the policy.")
#[test]
fn version_2008_does_not_substitute() {
    let cx = [("k", "alice"), ("aws:username", "alice")];
    assert!(holds_in(
        "2012-10-17",
        one("StringEquals", json!("${aws:username}")),
        &cx
    ));
    assert!(!holds_in(
        "2008-10-17",
        one("StringEquals", json!("${aws:username}")),
        &cx
    ));
    assert!(holds_in(
        "2008-10-17",
        one("StringEquals", json!("${aws:username}")),
        &[("k", "${aws:username}")]
    ));
    assert!(holds_in(
        "2008-10-17",
        one("StringLike", json!("${aws:username}*")),
        &[("k", "${aws:username}-x")]
    ));
    assert!(!holds_in(
        "2008-10-17",
        one("StringLike", json!("${*}")),
        &[("k", "anything")]
    ));
}

// Hostile input stays linear: huge values and patterns of many wildcards.
#[test]
fn huge_values_and_deep_wildcards_are_fast() {
    let value = "a".repeat(500_000);
    let pattern = format!("{}*b*", "*a".repeat(3_000));
    assert!(!holds(
        one("StringLike", json!(pattern)),
        &[("k", value.as_str())]
    ));
    assert!(holds(
        one("StringNotLike", json!(pattern)),
        &[("k", value.as_str())]
    ));
    let digits = "9".repeat(200_000);
    assert!(holds(
        one("NumericGreaterThan", json!("1")),
        &[("k", digits.as_str())]
    ));
    assert!(!holds(
        one("DateEquals", json!(digits)),
        &[("k", "2020-01-01")]
    ));
}
