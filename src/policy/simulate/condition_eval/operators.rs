//! One request value against one policy value, per operator family. The answer has three
//! outcomes, because a value the operator cannot read (an IP that is not an IP) is
//! neither a match nor a difference: it makes the positive operator fail *and* its
//! negated form fail, instead of letting `NotIpAddress` hold for garbage.
//!
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>

use std::cmp::Ordering;

use super::super::date_time::compare_dates;
use super::super::ip_range::address_in_block;
use super::super::request::Context;
use super::super::variables::expand;
use super::wildcard::{Glob, Unit, units_text};
use crate::policy::condition::{
    Decimal, OperatorKind, ValueType, arn_parts, decode_base64, read_bool,
};

/// How one request value relates to one policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pair {
    /// The positive operator's test holds.
    Match,
    /// Both values were read and the test does not hold.
    Differ,
    /// One side cannot be read as the operator's type.
    Unreadable,
}

/// A policy value made ready for one operator.
#[derive(Debug, Clone)]
pub(super) enum PolicyValue {
    /// A policy variable in it did not resolve. It has no value, so nothing equals or
    /// is like it: positive operators find no match in it, negated ones a difference.
    Null,
    /// Compared as text, or read as the operator's type.
    Text(String),
    /// A `StringLike` / `StringNotLike` pattern.
    Pattern(Glob),
    /// An ARN pattern: the six parts, matched one by one.
    ArnPattern(Box<[Glob; 6]>),
    /// `*` for an ARN operator: every ARN.
    AnyArn,
    /// An ARN operator's value that has fewer than six parts.
    BadArn,
}

impl PolicyValue {
    /// Prepares `value` for `kind`; `variables` says whether the document's version has
    /// policy variables (`2012-10-17`).
    pub(super) fn new(
        kind: OperatorKind,
        value: &str,
        context: &Context,
        variables: bool,
    ) -> PolicyValue {
        let substitute = variables && kind.takes_variables();
        let Some(units) = expand(value, context, substitute) else {
            return PolicyValue::Null;
        };
        match kind.value_type() {
            ValueType::Arn if units == [Unit::AnyRun] => PolicyValue::AnyArn,
            ValueType::Arn => arn_pattern(&units).map_or(PolicyValue::BadArn, |parts| {
                PolicyValue::ArnPattern(Box::new(parts))
            }),
            _ if kind.takes_wildcards() => PolicyValue::Pattern(Glob::new(&units)),
            _ => PolicyValue::Text(units_text(&units)),
        }
    }
}

/// Compares one request value with one policy value under `kind`'s positive test
/// (`StringNotEquals` uses `StringEquals`'s; the caller negates).
pub(super) fn compare(kind: OperatorKind, request: &str, policy: &PolicyValue) -> Pair {
    use OperatorKind::*;
    let text = match policy {
        PolicyValue::Null => return Pair::Differ,
        PolicyValue::Pattern(glob) => return matched(glob.matches(request)),
        PolicyValue::AnyArn => return Pair::Match,
        PolicyValue::BadArn => return Pair::Unreadable,
        PolicyValue::ArnPattern(parts) => {
            return match arn_parts(request) {
                Some(request) => matched(parts.iter().zip(request).all(|(p, r)| p.matches(r))),
                None => Pair::Unreadable,
            };
        }
        PolicyValue::Text(text) => text.as_str(),
    };
    match kind {
        StringEquals | StringNotEquals | StringLike | StringNotLike => matched(request == text),
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => matched(
            request
                .chars()
                .flat_map(char::to_lowercase)
                .eq(text.chars().flat_map(char::to_lowercase)),
        ),
        NumericEquals | NumericNotEquals => ordered(numbers(request, text), Ordering::is_eq),
        NumericLessThan => ordered(numbers(request, text), Ordering::is_lt),
        NumericLessThanEquals => ordered(numbers(request, text), Ordering::is_le),
        NumericGreaterThan => ordered(numbers(request, text), Ordering::is_gt),
        NumericGreaterThanEquals => ordered(numbers(request, text), Ordering::is_ge),
        DateEquals | DateNotEquals => ordered(compare_dates(request, text), Ordering::is_eq),
        DateLessThan => ordered(compare_dates(request, text), Ordering::is_lt),
        DateLessThanEquals => ordered(compare_dates(request, text), Ordering::is_le),
        DateGreaterThan => ordered(compare_dates(request, text), Ordering::is_gt),
        DateGreaterThanEquals => ordered(compare_dates(request, text), Ordering::is_ge),
        Bool => readable(read_bool(request).zip(read_bool(text)).map(|(r, p)| r == p)),
        // Byte for byte: the request's value is given as base64 too.
        BinaryEquals => readable(
            decode_base64(request)
                .zip(decode_base64(text))
                .map(|(r, p)| r == p),
        ),
        IpAddress | NotIpAddress => readable(address_in_block(request, text)),
        // Reached only through the patterns above; `Null` is decided on presence.
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike | Null => Pair::Unreadable,
    }
}

fn matched(yes: bool) -> Pair {
    if yes { Pair::Match } else { Pair::Differ }
}

fn readable(answer: Option<bool>) -> Pair {
    answer.map_or(Pair::Unreadable, matched)
}

fn ordered(order: Option<Ordering>, holds: fn(Ordering) -> bool) -> Pair {
    readable(order.map(holds))
}

fn numbers(request: &str, policy: &str) -> Option<Ordering> {
    Some(Decimal::parse(request)?.cmp(&Decimal::parse(policy)?))
}

/// Splits pattern units into the six ARN parts at the first five `:`s.
fn arn_pattern(units: &[Unit]) -> Option<[Glob; 6]> {
    let parts: Vec<Glob> = units
        .splitn(6, |u| *u == Unit::Char(':'))
        .map(Glob::new)
        .collect();
    parts.try_into().ok()
}
