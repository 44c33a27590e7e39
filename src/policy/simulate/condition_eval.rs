//! Condition evaluation: every operator and every key in a block must hold (AND); the
//! values under one key are alternatives (OR).
//!
//! Rules from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html:
//! a key absent from the request matches no value, so a positive operator fails and a
//! negated one (`StringNotEquals`, `ArnNotLike`, …) holds; `…IfExists` holds when the key
//! is absent; `Null` tests presence itself. A value that cannot be read for the
//! operator's type (a number, a date, an address, an ARN) or a policy variable that does
//! not resolve compares as nothing at all: it makes no positive operator match, and a
//! negated operator holds only when the request value is comparable with every policy
//! value and equal to none (otherwise `NumericNotEquals: abc` would grant to everyone).

use std::cmp::Ordering;

use super::date_time::parse_epoch_seconds;
use super::ip_range::ip_in_cidr;
use super::pattern::Pattern;
use super::request::Context;
use super::variables::resolve;
use crate::policy::condition::{ConditionBlock, ConditionOperator, OperatorKind, SetQualifier};

/// True when the whole block holds for `context`. `variables` is false for 2008-10-17
/// documents, where `${…}` is literal text.
pub fn conditions_hold(block: &ConditionBlock, context: &Context, variables: bool) -> bool {
    block.0.iter().all(|(operator, keys)| {
        keys.iter()
            .all(|(key, values)| key_holds(*operator, context.get(key), values, context, variables))
    })
}

/// One key under one operator.
fn key_holds(
    op: ConditionOperator,
    request: Option<&[String]>,
    policy: &[String],
    context: &Context,
    variables: bool,
) -> bool {
    let present = request.filter(|v| !v.is_empty());
    if op.kind == OperatorKind::Null {
        // `"true"` asks for the key to be absent, `"false"` for it to be present; any
        // other text is no boolean and asks for nothing.
        return policy
            .iter()
            .any(|v| parse_bool(v).is_some_and(|absent| absent == present.is_none()));
    }
    let negated = is_negated(op.kind);
    let Some(values) = present else {
        return match (op.if_exists, op.set) {
            (true, _) => true,
            // "Every request value matches" holds for no values at all.
            (false, Some(SetQualifier::ForAllValues)) => true,
            (false, Some(SetQualifier::ForAnyValue)) => false,
            // A missing key matches nothing, so negated operators hold.
            (false, None) => negated,
        };
    };
    // Policy variables work in string and ARN comparisons only; elsewhere `${…}` is
    // text (and then no number, date or address).
    let substitute = variables && takes_variables(op.kind);
    let resolved: Vec<Option<Pattern>> = policy
        .iter()
        .map(|v| resolve(v, context, substitute))
        .collect();
    let one = |rv: &String| value_holds(op.kind, negated, rv, &resolved);
    match op.set {
        Some(SetQualifier::ForAllValues) => values.iter().all(one),
        Some(SetQualifier::ForAnyValue) => values.iter().any(one),
        None if negated => values.iter().all(one),
        None => values.iter().any(one),
    }
}

/// One request value against the policy values (`None`: an unresolved variable).
fn value_holds(
    kind: OperatorKind,
    negated: bool,
    request: &str,
    policy: &[Option<Pattern>],
) -> bool {
    let outcome = |p: &Option<Pattern>| p.as_ref().and_then(|p| compare(kind, request, p));
    if negated {
        policy.iter().all(|p| outcome(p) == Some(false))
    } else {
        policy.iter().any(|p| outcome(p) == Some(true))
    }
}

/// True for the operators that hold when the positive comparison fails.
pub(crate) fn is_negated(kind: OperatorKind) -> bool {
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

/// The operators whose values may hold policy variables (string and ARN operators, per
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
fn takes_variables(kind: OperatorKind) -> bool {
    use OperatorKind::*;
    matches!(
        kind,
        StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike
            | ArnEquals
            | ArnLike
            | ArnNotEquals
            | ArnNotLike
    )
}

/// The positive comparison behind `kind` (negated operators test its opposite):
/// `None` when either value cannot be read for the operator's type.
fn compare(kind: OperatorKind, request: &str, policy: &Pattern) -> Option<bool> {
    use OperatorKind::*;
    let ordered =
        |read: fn(&str) -> Option<f64>| read(request)?.partial_cmp(&read(&policy.text())?);
    match kind {
        StringEquals | StringNotEquals | BinaryEquals => Some(request == policy.text()),
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
            Some(request.to_lowercase() == policy.text().to_lowercase())
        }
        StringLike | StringNotLike => Some(policy.matches(request, false)),
        NumericEquals | NumericNotEquals => ordered(number).map(Ordering::is_eq),
        NumericLessThan => ordered(number).map(Ordering::is_lt),
        NumericLessThanEquals => ordered(number).map(Ordering::is_le),
        NumericGreaterThan => ordered(number).map(Ordering::is_gt),
        NumericGreaterThanEquals => ordered(number).map(Ordering::is_ge),
        DateEquals | DateNotEquals => ordered(date).map(Ordering::is_eq),
        DateLessThan => ordered(date).map(Ordering::is_lt),
        DateLessThanEquals => ordered(date).map(Ordering::is_le),
        DateGreaterThan => ordered(date).map(Ordering::is_gt),
        DateGreaterThanEquals => ordered(date).map(Ordering::is_ge),
        Bool => Some(parse_bool(request)? == parse_bool(&policy.text())?),
        IpAddress | NotIpAddress => ip_in_cidr(request, &policy.text()),
        // IAM documents ArnEquals as behaving like ArnLike: each of the six parts is
        // compared with wildcards.
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => arn_like(policy, request),
        Null => None,
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn date(s: &str) -> Option<f64> {
    parse_epoch_seconds(s).filter(|n| n.is_finite())
}

/// `None` when the request value is no ARN or the policy value has not six parts.
fn arn_like(pattern: &Pattern, arn: &str) -> Option<bool> {
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    if a.len() != 6 || a[0] != "arn" {
        return None;
    }
    if pattern.is_any() {
        return Some(true);
    }
    let p = pattern.splitn(6, ':');
    if p.len() != 6 {
        return None;
    }
    Some(p.iter().zip(&a).all(|(p, a)| p.matches(a, false)))
}

#[cfg(test)]
#[path = "condition_eval_tests.rs"]
mod tests;
