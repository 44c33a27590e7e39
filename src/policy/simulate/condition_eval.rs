//! Condition evaluation: every operator and every key in a block must hold (AND); the
//! values under one key are alternatives (OR).

use std::cmp::Ordering;

use super::date_time::parse_epoch_seconds;
use super::ip_range::ip_in_cidr;
use super::request::Context;
use super::variables::substitute_variables;
use crate::policy::catalog::glob::glob_matches;
use crate::policy::condition::{ConditionBlock, ConditionOperator, OperatorKind, SetQualifier};

/// True when the whole block holds for `context`.
pub fn conditions_hold(block: &ConditionBlock, context: &Context, variables: bool) -> bool {
    block.0.iter().all(|(operator, keys)| {
        keys.iter().all(|(key, values)| {
            let values: Vec<String> = if variables {
                values
                    .iter()
                    .filter_map(|v| substitute_variables(v, context).map(|s| s.into_owned()))
                    .collect()
            } else {
                values.clone()
            };
            key_holds(*operator, context.get(key), &values)
        })
    })
}

/// One key under one operator.
fn key_holds(op: ConditionOperator, request: Option<&[String]>, policy: &[String]) -> bool {
    let present = request.is_some_and(|v| !v.is_empty());
    if op.kind == OperatorKind::Null {
        // `"true"` asks for the key to be absent, `"false"` for it to be present.
        return policy
            .iter()
            .any(|v| v.eq_ignore_ascii_case("true") != present);
    }
    let negated = is_negated(op.kind);
    let Some(values) = request.filter(|v| !v.is_empty()) else {
        return match (op.if_exists, op.set) {
            (true, _) => true,
            // "Every request value matches" holds for no values at all.
            (false, Some(SetQualifier::ForAllValues)) => true,
            (false, Some(SetQualifier::ForAnyValue)) => false,
            // A missing key matches nothing, so negated operators hold.
            (false, None) => negated,
        };
    };
    let one = |rv: &String| {
        let any = policy.iter().any(|pv| positive_match(op.kind, rv, pv));
        if negated { !any } else { any }
    };
    match op.set {
        Some(SetQualifier::ForAllValues) => values.iter().all(one),
        Some(SetQualifier::ForAnyValue) => values.iter().any(one),
        None if negated => values.iter().all(one),
        None => values.iter().any(one),
    }
}

fn is_negated(kind: OperatorKind) -> bool {
    use OperatorKind::*;
    matches!(
        kind,
        StringNotEquals
            | StringNotEqualsIgnoreCase
            | StringNotLike
            | NumericNotEquals
            | DateNotEquals
            | NotIpAddress
            | ArnNotEquals
            | ArnNotLike
    )
}

/// The positive comparison behind `kind` (negated operators test its opposite).
fn positive_match(kind: OperatorKind, request: &str, policy: &str) -> bool {
    use OperatorKind::*;
    match kind {
        StringEquals | StringNotEquals | BinaryEquals => request == policy,
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
            request.to_lowercase() == policy.to_lowercase()
        }
        StringLike | StringNotLike => glob_matches(policy, request, false),
        NumericEquals | NumericNotEquals => {
            compare(request, policy, number) == Some(Ordering::Equal)
        }
        NumericLessThan => compare(request, policy, number) == Some(Ordering::Less),
        NumericLessThanEquals => compare(request, policy, number).is_some_and(Ordering::is_le),
        NumericGreaterThan => compare(request, policy, number) == Some(Ordering::Greater),
        NumericGreaterThanEquals => compare(request, policy, number).is_some_and(Ordering::is_ge),
        DateEquals | DateNotEquals => {
            compare(request, policy, parse_epoch_seconds) == Some(Ordering::Equal)
        }
        DateLessThan => compare(request, policy, parse_epoch_seconds) == Some(Ordering::Less),
        DateLessThanEquals => {
            compare(request, policy, parse_epoch_seconds).is_some_and(Ordering::is_le)
        }
        DateGreaterThan => compare(request, policy, parse_epoch_seconds) == Some(Ordering::Greater),
        DateGreaterThanEquals => {
            compare(request, policy, parse_epoch_seconds).is_some_and(Ordering::is_ge)
        }
        Bool => request.eq_ignore_ascii_case(policy),
        IpAddress | NotIpAddress => ip_in_cidr(request, policy),
        // IAM documents ArnEquals as behaving like ArnLike: each of the six parts is
        // compared with wildcards.
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => arn_like(policy, request),
        Null => false,
    }
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse().ok()
}

fn compare(request: &str, policy: &str, read: fn(&str) -> Option<f64>) -> Option<Ordering> {
    read(request)?.partial_cmp(&read(policy)?)
}

fn arn_like(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    if pattern == "*" {
        return true;
    }
    p.len() == 6 && a.len() == 6 && p.iter().zip(&a).all(|(p, a)| glob_matches(p, a, false))
}

#[cfg(test)]
mod tests {
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
}
