//! `ForAllValues:` / `ForAnyValue:` over multivalued keys, with positive and negated
//! operators, missing keys, empty sets and `…IfExists`; multivalued keys without a
//! qualifier.
//!
//! Rules: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html>.

use serde_json::json;

use super::tests::holds;

const TAGS: [(&str, &str); 2] = [("aws:TagKeys", "team"), ("aws:TagKeys", "env")];

// ForAllValues: true when every request value matches at least one policy value.
#[test]
fn for_all_values_is_a_subset_test() {
    assert!(holds(
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAllValues:StringLike": {"aws:TagKeys": ["t*", "e?v"]}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"ForAllValues:StringEqualsIgnoreCase": {"aws:TagKeys": ["TEAM"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAllValues:StringEqualsIgnoreCase": {"aws:TagKeys": ["TEAM", "Env"]}}),
        &TAGS
    ));
}

// ForAnyValue: true when any request value matches any policy value.
#[test]
fn for_any_value_is_an_overlap_test() {
    assert!(holds(
        json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "x"]}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["x", "y"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAnyValue:StringLike": {"aws:TagKeys": ["*m"]}}),
        &TAGS
    ));
    let via = [
        ("aws:CalledVia", "cloudformation.amazonaws.com"),
        ("aws:CalledVia", "dynamodb.amazonaws.com"),
    ];
    assert!(holds(
        json!({"ForAnyValue:StringEquals": {"aws:CalledVia": "dynamodb.amazonaws.com"}}),
        &via
    ));
    let arns = [("k", "arn:aws:s3:::a"), ("k", "arn:aws:s3:::b")];
    assert!(holds(
        json!({"ForAnyValue:ArnLike": {"k": "arn:aws:s3:::b*"}}),
        &arns
    ));
    assert!(!holds(
        json!({"ForAllValues:ArnLike": {"k": "arn:aws:s3:::b*"}}),
        &arns
    ));
}

// "The ForAllValues set operator also returns true if there are no context keys in the
// request, or if the context key value resolves to a null dataset, such as an empty
// string"; ForAnyValue "for no matching context key or a null dataset" returns false.
// The same holds with negated operators.
#[test]
fn missing_keys_and_empty_sets() {
    for op in [
        "ForAllValues:StringEquals",
        "ForAllValues:StringNotEquals",
        "ForAllValues:StringNotLike",
    ] {
        assert!(holds(json!({op: {"aws:TagKeys": ["team"]}}), &[]), "{op}");
        assert!(
            holds(
                json!({op: {"aws:TagKeys": ["team"]}}),
                &[("aws:TagKeys", "")]
            ),
            "{op}"
        );
    }
    for op in [
        "ForAnyValue:StringEquals",
        "ForAnyValue:StringNotEquals",
        "ForAnyValue:StringNotLike",
    ] {
        assert!(!holds(json!({op: {"aws:TagKeys": ["team"]}}), &[]), "{op}");
        assert!(
            !holds(
                json!({op: {"aws:TagKeys": ["team"]}}),
                &[("aws:TagKeys", "")]
            ),
            "{op}"
        );
    }
    // The documented guard: `Null: false` rejects the missing key and the empty set.
    let guarded = json!({"Null": {"aws:TagKeys": "false"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}});
    assert!(!holds(guarded.clone(), &[]));
    assert!(!holds(guarded.clone(), &[("aws:TagKeys", "")]));
    assert!(holds(guarded, &[("aws:TagKeys", "team")]));
}

// Negated operators with set operators: a request value passes when it matches none of
// the policy values. ForAllValues:StringNotEquals — no request value is in the list;
// ForAnyValue:StringNotEquals — some request value is outside the list.
#[test]
fn negated_operators_under_set_operators() {
    assert!(!holds(
        json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["env"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["cost"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env"]}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"ForAllValues:StringNotLike": {"aws:TagKeys": ["t*"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAnyValue:StringNotLike": {"aws:TagKeys": ["t*"]}}),
        &TAGS
    ));
    let arns = [("k", "arn:aws:s3:::a"), ("k", "not-an-arn")];
    // An unreadable member passes neither the positive nor the negated test.
    assert!(!holds(
        json!({"ForAllValues:ArnNotLike": {"k": "arn:aws:s3:::b"}}),
        &arns
    ));
    assert!(holds(
        json!({"ForAnyValue:ArnNotLike": {"k": "arn:aws:s3:::b"}}),
        &arns
    ));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
// applies to every operator: a missing key makes the condition true, set operators
// included.
#[test]
fn if_exists_with_set_operators() {
    assert!(holds(
        json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["x"]}}),
        &[]
    ));
    assert!(holds(
        json!({"ForAllValues:StringEqualsIfExists": {"aws:TagKeys": ["x"]}}),
        &[]
    ));
    assert!(!holds(
        json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["x"]}}),
        &TAGS
    ));
    assert!(holds(
        json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["env"]}}),
        &TAGS
    ));
}

// Without a qualifier, a multivalued key holds for a positive operator when any value
// matches, and for a negated operator when none does (the negation of the positive
// test, as for a single value).
#[test]
fn multivalued_keys_without_a_qualifier() {
    assert!(holds(
        json!({"StringEquals": {"aws:TagKeys": "env"}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"StringEquals": {"aws:TagKeys": "cost"}}),
        &TAGS
    ));
    assert!(!holds(
        json!({"StringNotEquals": {"aws:TagKeys": "env"}}),
        &TAGS
    ));
    assert!(holds(
        json!({"StringNotEquals": {"aws:TagKeys": "cost"}}),
        &TAGS
    ));
}
