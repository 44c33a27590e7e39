//! Checks on `Condition` blocks: global (`aws:`) keys that do not exist, and values a
//! typed operator cannot read, which make the condition silently never match.
//!
//! IAM Access Analyzer's policy validation reports both as errors ("Invalid global
//! condition key", "Invalid condition data type", "Invalid variable for operator";
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>),
//! but IAM itself saves such policies, so these are warnings.

use super::{Finding, LocatedStatement, Rule};
use crate::policy::condition::{
    ConditionOperator, GLOBAL_CONDITION_KEYS, ValueType, is_global_condition_key,
};
use crate::policy::path::JsonPath;

const GLOBAL_KEYS_PAGE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";

/// Runs the condition checks on one statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    for (operator, keys) in &located.statement.condition.0 {
        let at_operator = located.path.key("Condition").key(&operator.to_string());
        for (key, values) in keys {
            let at_key = at_operator.key(key);
            check_global_key(key, &at_key, out);
            for (i, value) in values.iter().enumerate() {
                // A single value may have been written bare or as a one-element list;
                // the key's path locates both.
                let at = if values.len() > 1 {
                    at_key.index(i)
                } else {
                    at_key.clone()
                };
                check_value(*operator, value, at, out);
            }
        }
    }
}

fn check_global_key(key: &str, at: &JsonPath, out: &mut Vec<Finding>) {
    let is_global = key
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"));
    if !is_global || is_global_condition_key(key) {
        return;
    }
    let hint = closest_spelling(key)
        .map(|k| format!("did you mean `{k}`?"))
        .unwrap_or_else(|| format!("see the list of global condition keys: {GLOBAL_KEYS_PAGE}"));
    out.push(
        Finding::new(
            Rule::UnknownGlobalConditionKey,
            at.clone(),
            format!("`{key}` is not a global condition key: no request has it, so the condition tests a missing key"),
        )
        .with_hint(hint),
    );
}

/// The documented spelling of the known key closest to `key`, when one is close.
fn closest_spelling(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    GLOBAL_CONDITION_KEYS
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

fn check_value(operator: ConditionOperator, value: &str, at: JsonPath, out: &mut Vec<Finding>) {
    let kind = operator.kind;
    let ty = kind.value_type();
    let has_variable = value.contains("${");
    // A variable's value is known only per request.
    if ty == ValueType::String || (has_variable && kind.takes_variables()) {
        return;
    }
    if ty.reads_policy_value(value) {
        return;
    }
    let finding = if has_variable {
        Finding::new(
            Rule::ConditionValueType,
            at,
            format!("`{operator}` does not substitute policy variables: `{value}` is compared as written, and it is not {}", ty.noun()),
        )
        .with_hint("policy variables work only with String, ARN and Bool operators; write a fixed value")
    } else {
        let never = if kind.is_negated() {
            format!("`{operator}` never holds for a request that has the key")
        } else {
            format!("`{operator}` never matches it")
        };
        Finding::new(
            Rule::ConditionValueType,
            at,
            format!("`{value}` is not {}: {never}", ty.noun()),
        )
        .with_hint(example(ty))
    };
    out.push(finding);
}

fn example(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Number => "write an integer or a decimal, e.g. 10 or 2.5",
        ValueType::Date => "write an ISO 8601 date such as 2026-01-31T00:00:00Z, or epoch seconds",
        ValueType::Bool | ValueType::Presence => "write true or false",
        ValueType::Binary => "write the bytes in base64, e.g. QmluYXJ5",
        ValueType::IpAddress => {
            "write an address or a CIDR block, e.g. 203.0.113.0/24 or 2001:db8::/32"
        }
        ValueType::Arn => "write all six parts, e.g. arn:aws:sns:us-east-1:111122223333:*, or *",
        ValueType::String => "",
    }
}
