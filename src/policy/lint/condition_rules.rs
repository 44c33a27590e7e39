//! Condition checks: unknown keys (global `aws:` keys and service keys), values a typed
//! operator cannot read, the `aws:MultiFactorAuthPresent` false-vs-missing mistake and
//! set operators on single-valued keys.

use super::global_keys::{KeyType, closest_global_key, global_key_type};
use super::{Finding, LocatedStatement, Rule};
use crate::policy::catalog::catalog;
use crate::policy::path::JsonPath;
use crate::policy::{ConditionOperator, OperatorKind};

/// Runs every condition check on one statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    for (operator, keys) in &located.statement.condition.0 {
        let at_operator = located.path.key("Condition").key(&operator.to_string());
        for (key, values) in keys {
            let at = at_operator.key(key);
            let key_type = match key_type(key) {
                KeyLookup::Known(t) => Some(t),
                KeyLookup::Unconstrained => None,
                KeyLookup::Unknown(hint) => {
                    out.push(unknown_key(key, at.clone(), hint));
                    None
                }
            };
            if let Some(t) = key_type {
                check_set_operator(operator, key, t, &at, out);
            }
            check_mfa(operator, key, values, &at, out);
            check_values(operator, values, &at, out);
        }
    }
}

enum KeyLookup {
    /// A documented key of this type.
    Known(KeyType),
    /// A key iamform cannot check (identity-provider keys such as `saml:aud`, or a
    /// prefix outside the catalog's services).
    Unconstrained,
    /// A key its namespace does not have; a did-you-mean when one is close.
    Unknown(Option<String>),
}

fn key_type(key: &str) -> KeyLookup {
    let Some((prefix, _)) = key.split_once(':') else {
        return KeyLookup::Unknown(None);
    };
    let prefix = prefix.to_ascii_lowercase();
    if prefix == "aws" {
        return match global_key_type(key) {
            Some(t) => KeyLookup::Known(t),
            None => {
                KeyLookup::Unknown(closest_global_key(key).map(|k| format!("did you mean `{k}`?")))
            }
        };
    }
    // Identity-provider keys: `saml:aud`, `token.actions.githubusercontent.com:sub`, …
    if prefix == "saml" || prefix.contains('.') {
        return KeyLookup::Unconstrained;
    }
    match catalog().service(&prefix) {
        Some(service) => match service.condition_key_type(key) {
            Some(t) => catalog_type(t).map_or(KeyLookup::Unconstrained, KeyLookup::Known),
            None => KeyLookup::Unknown(None),
        },
        None => KeyLookup::Unknown(None),
    }
}

/// The catalog's type names as `'static` strings (the catalog is a static too, but its
/// strings are owned).
fn catalog_type(t: &str) -> Option<KeyType> {
    const TYPES: &[&str] = &[
        "String",
        "ArrayOfString",
        "ARN",
        "ArrayOfARN",
        "Bool",
        "ArrayOfBool",
        "Numeric",
        "Date",
        "IPAddress",
    ];
    TYPES.iter().find(|x| **x == t).copied()
}

fn unknown_key(key: &str, at: JsonPath, hint: Option<String>) -> Finding {
    let global = key.to_ascii_lowercase().starts_with("aws:");
    let message = if global {
        format!("`{key}` is not a global condition key AWS documents")
    } else {
        format!("condition key `{key}` is not documented for its service")
    };
    let hint = hint.unwrap_or_else(|| {
        if global {
            "see the global condition keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html".into()
        } else {
            "check the spelling against the service's \"Condition keys\" table, or use a global `aws:` key".into()
        }
    });
    Finding::new(Rule::UnknownConditionKey, at, message).with_hint(hint)
}

fn check_set_operator(
    operator: &ConditionOperator,
    key: &str,
    key_type: KeyType,
    at: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let Some(set) = operator.set else { return };
    if key_type.starts_with("ArrayOf") {
        return;
    }
    let qualifier = match set {
        crate::policy::SetQualifier::ForAllValues => "ForAllValues",
        crate::policy::SetQualifier::ForAnyValue => "ForAnyValue",
    };
    out.push(
        Finding::new(
            Rule::SetOperatorSingleValued,
            at.clone(),
            format!("`{qualifier}:` on `{key}`, a single-valued key: it compares a set with one value{}",
                if qualifier == "ForAllValues" { ", and also matches when the key is missing" } else { "" }),
        )
        .with_hint(format!("drop the `{qualifier}:` prefix (write `{}`)", strip_set(operator))),
    );
}

fn strip_set(operator: &ConditionOperator) -> String {
    ConditionOperator {
        set: None,
        ..*operator
    }
    .to_string()
}

fn check_mfa(
    operator: &ConditionOperator,
    key: &str,
    values: &[String],
    at: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let plain_bool =
        operator.kind == OperatorKind::Bool && !operator.if_exists && operator.set.is_none();
    if plain_bool
        && key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
        && values.iter().any(|v| v.eq_ignore_ascii_case("false"))
    {
        out.push(
            Finding::new(
                Rule::MfaFalseCheck,
                at.clone(),
                "`Bool` with `aws:MultiFactorAuthPresent` = false does not match requests signed with long-term access keys, where the key is missing",
            )
            .with_hint("write `BoolIfExists` (matches when the key is false or missing), or test the key with `Null`"),
        );
    }
}

fn check_values(
    operator: &ConditionOperator,
    values: &[String],
    at: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let Some((what, readable)) = value_check(operator.kind) else {
        return;
    };
    // Policy variables are filled in at request time; their text is not the value.
    let unreadable = values.iter().find(|v| !v.contains("${") && !readable(v));
    if let Some(value) = unreadable {
        out.push(
            Finding::new(
                Rule::ConditionValueType,
                at.clone(),
                format!(
                    "`{}` cannot read `{value}` as {what}: the condition never matches",
                    operator.kind.as_str()
                ),
            )
            .with_hint(format!("write {what}, or use a String operator")),
        );
    }
}

type Reader = fn(&str) -> bool;

/// What the operator reads its values as, and a check that a value reads.
fn value_check(kind: OperatorKind) -> Option<(&'static str, Reader)> {
    use OperatorKind as K;
    Some(match kind {
        K::NumericEquals
        | K::NumericNotEquals
        | K::NumericLessThan
        | K::NumericLessThanEquals
        | K::NumericGreaterThan
        | K::NumericGreaterThanEquals => ("a number", is_number),
        K::DateEquals
        | K::DateNotEquals
        | K::DateLessThan
        | K::DateLessThanEquals
        | K::DateGreaterThan
        | K::DateGreaterThanEquals => ("an ISO 8601 date or epoch seconds", is_date),
        K::Bool | K::Null => ("`true` or `false`", is_bool),
        K::IpAddress | K::NotIpAddress => ("an IP address or CIDR range", is_ip_range),
        K::ArnEquals | K::ArnLike | K::ArnNotEquals | K::ArnNotLike => ("an ARN", is_arn_pattern),
        _ => return None,
    })
}

fn is_number(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && v.parse::<f64>().is_ok_and(f64::is_finite)
}

fn is_bool(v: &str) -> bool {
    v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false")
}

/// Epoch seconds, or `YYYY-MM-DD` optionally followed by `T` and a time (with seconds,
/// fractions and a `Z` or `±hh:mm` offset), as the Date operators document.
fn is_date(v: &str) -> bool {
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let date_ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    if !date_ok {
        return false;
    }
    let (month, day) = (&v[5..7], &v[8..10]);
    if !("01"..="12").contains(&month) || !("01"..="31").contains(&day) {
        return false;
    }
    match b.get(10) {
        None => true,
        Some(b'T' | b't') => {
            let time = &v[11..];
            let t = time.as_bytes();
            let tdigits = |r: std::ops::Range<usize>| {
                r.clone().all(|i| t.get(i).is_some_and(u8::is_ascii_digit))
            };
            tdigits(0..2)
                && t.get(2) == Some(&b':')
                && tdigits(3..5)
                && time[5..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || ":.Zz+-".contains(c))
        }
        _ => false,
    }
}

fn is_ip_range(v: &str) -> bool {
    let (address, prefix) = match v.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (v, None),
    };
    let Ok(ip) = address.parse::<std::net::IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|n| n <= max))
}

/// An ARN (wildcards allowed) with its six parts, or `*`.
fn is_arn_pattern(v: &str) -> bool {
    v == "*" || (v.starts_with("arn:") && v.splitn(6, ':').count() == 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
        assert!(is_number("10") && is_number("-1.5") && !is_number("ten") && !is_number(""));
        assert!(is_date("2026-01-31") && is_date("2026-01-31T12:00:00Z") && is_date("1700000000"));
        assert!(is_date("2026-01-31T12:00:00.123+01:00"));
        assert!(!is_date("yesterday") && !is_date("2026-13-01") && !is_date("2026/01/01"));
        assert!(is_bool("true") && is_bool("False") && !is_bool("yes"));
        assert!(
            is_ip_range("203.0.113.0/24")
                && is_ip_range("2001:db8::/32")
                && is_ip_range("10.1.2.3")
        );
        assert!(
            !is_ip_range("10.0.0.300/8") && !is_ip_range("10.0.0.0/33") && !is_ip_range("office")
        );
        assert!(is_arn_pattern("arn:aws:sns:*:111111111111:*") && !is_arn_pattern("my-topic"));
    }
}
