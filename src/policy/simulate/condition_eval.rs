//! Condition evaluation: every operator and every key in a block must hold (AND); the
//! values under one key are alternatives (OR).
//!
//! For one key (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>):
//! - a key missing from the request matches no value, so a positive operator fails and
//!   a negated one (`StringNotEquals`, `NotIpAddress`, …) holds;
//! - `…IfExists` holds whenever the key is missing, and otherwise tests as usual;
//! - `ForAllValues:` holds when every request value passes (so for a missing key or an
//!   empty set), `ForAnyValue:` when at least one does (so never for those); a value
//!   passes a negated operator when it matches none of the policy values;
//! - `Null` tests presence: `true` for a missing (or empty) key, `false` for a present one;
//! - a value the operator cannot read fails the positive and the negated test alike.

mod operators;
pub(super) mod wildcard;

#[cfg(test)]
mod set_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod typed_tests;

use operators::{Pair, PolicyValue, compare};

use super::request::Context;
use crate::policy::condition::{
    ConditionBlock, ConditionOperator, OperatorKind, SetQualifier, read_bool,
};

/// True when the whole block holds for `context`. `variables` is false for documents
/// older than `2012-10-17`, where `${…}` is literal text.
pub fn conditions_hold(block: &ConditionBlock, context: &Context, variables: bool) -> bool {
    block.0.iter().all(|(operator, keys)| {
        keys.iter().all(|(key, values)| {
            let policy: Vec<PolicyValue> = values
                .iter()
                .map(|v| PolicyValue::new(operator.kind, v, context, variables))
                .collect();
            key_holds(*operator, context.get(key), values, &policy)
        })
    })
}

/// One key under one operator. `raw` are the policy values as written (for `Null`).
fn key_holds(
    op: ConditionOperator,
    request: Option<&[String]>,
    raw: &[String],
    policy: &[PolicyValue],
) -> bool {
    if op.kind == OperatorKind::Null {
        return null_holds(request, raw);
    }
    let negated = op.kind.is_negated();
    let Some(values) = request.filter(|v| !v.is_empty()) else {
        return op.if_exists
            || match op.set {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None => negated,
            };
    };
    // A positive operator: some policy value matches. A negated one: every policy value
    // was read and differs.
    let passes = |r: &String| {
        if negated {
            policy
                .iter()
                .all(|p| compare(op.kind, r, p) == Pair::Differ)
        } else {
            policy.iter().any(|p| compare(op.kind, r, p) == Pair::Match)
        }
    };
    match op.set {
        // An empty string is an empty data set for the set operators.
        Some(set) => {
            let mut members = values.iter().filter(|v| !v.is_empty());
            match set {
                SetQualifier::ForAllValues => members.all(passes),
                SetQualifier::ForAnyValue => members.any(passes),
            }
        }
        // Without a qualifier a multivalued key holds for a positive operator when any
        // value matches, and for a negated one when none does.
        None if negated => values.iter().all(passes),
        None => values.iter().any(passes),
    }
}

/// `Null`: `true` asks for the key to be absent (no value, or only empty ones), `false`
/// for it to be present. Other policy values match nothing.
fn null_holds(request: Option<&[String]>, raw: &[String]) -> bool {
    let absent = request.is_none_or(|v| v.iter().all(String::is_empty));
    raw.iter().any(|v| read_bool(v) == Some(absent))
}
