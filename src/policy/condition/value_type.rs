//! What each operator compares: the type its values are read as, whether it negates,
//! takes wildcards or substitutes policy variables, and whether a value can be read.
//!
//! Sources: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>
//! (operator families, ISO 8601 or epoch dates, CIDR blocks with `/32` for a bare
//! address, base64 binary values, six-part ARNs, `true`/`false` for `Null`) and
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>
//! (variables in string and ARN conditions).

use super::OperatorKind;
use super::address::CidrBlock;
use super::base64::decode_base64;
use super::date::parse_date;
use super::number::Decimal;

/// The type an operator reads its values as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueType {
    /// Any text.
    String,
    /// An integer or decimal.
    Number,
    /// An ISO 8601 date or epoch seconds.
    Date,
    /// `true` or `false`.
    Bool,
    /// Base64 text.
    Binary,
    /// An IP address or CIDR block.
    IpAddress,
    /// An ARN (or an ARN pattern), six colon-separated parts.
    Arn,
    /// The `Null` operator's `true` (absent) or `false` (present).
    Presence,
}

impl ValueType {
    /// How a value of this type is described in messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            ValueType::String => "a string",
            ValueType::Number => "a number",
            ValueType::Date => "an ISO 8601 date or epoch seconds",
            ValueType::Bool => "`true` or `false`",
            ValueType::Binary => "base64",
            ValueType::IpAddress => "an IP address or CIDR block",
            ValueType::Arn => "an ARN of six colon-separated parts",
            ValueType::Presence => "`true` or `false`",
        }
    }

    /// True when a policy value of this type can be read (IP types take CIDR blocks).
    pub(crate) fn reads_policy_value(self, value: &str) -> bool {
        match self {
            ValueType::String => true,
            ValueType::Number => Decimal::parse(value).is_some(),
            ValueType::Date => parse_date(value).is_some(),
            ValueType::Bool | ValueType::Presence => read_bool(value).is_some(),
            ValueType::Binary => decode_base64(value).is_some(),
            ValueType::IpAddress => CidrBlock::parse(value).is_some(),
            ValueType::Arn => value == "*" || arn_parts(value).is_some(),
        }
    }
}

impl OperatorKind {
    /// The type this operator reads values as.
    pub(crate) fn value_type(self) -> ValueType {
        use OperatorKind::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => ValueType::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => ValueType::Number,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => ValueType::Date,
            Bool => ValueType::Bool,
            BinaryEquals => ValueType::Binary,
            IpAddress | NotIpAddress => ValueType::IpAddress,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => ValueType::Arn,
            Null => ValueType::Presence,
        }
    }

    /// True for the negated operators, which hold when no policy value matches.
    pub(crate) fn is_negated(self) -> bool {
        use OperatorKind::*;
        matches!(
            self,
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

    /// True when `*` and `?` in policy values are wildcards.
    pub(crate) fn takes_wildcards(self) -> bool {
        use OperatorKind::*;
        matches!(
            self,
            StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike
        )
    }

    /// True when `${…}` in policy values is a policy variable: the string, ARN and
    /// Boolean operators. Elsewhere it is literal text.
    pub(crate) fn takes_variables(self) -> bool {
        matches!(
            self.value_type(),
            ValueType::String | ValueType::Arn | ValueType::Bool
        )
    }
}

/// `true` or `false`, in any case.
pub(crate) fn read_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The six parts of an ARN (the last keeps any further colons); `None` when there are
/// fewer.
pub(crate) fn arn_parts(arn: &str) -> Option<[&str; 6]> {
    let mut parts = arn.splitn(6, ':');
    let mut out = [""; 6];
    for slot in &mut out {
        *slot = parts.next()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_has_one_type_and_only_not_operators_negate() {
        for kind in OperatorKind::ALL {
            let name = kind.as_str();
            assert_eq!(
                kind.is_negated(),
                name.contains("Not") && *kind != OperatorKind::Null,
                "{name}"
            );
            assert_eq!(
                kind.takes_wildcards(),
                name.contains("Like") || name.starts_with("Arn"),
                "{name}"
            );
        }
    }

    #[test]
    fn reads_values_by_type() {
        assert!(ValueType::Number.reads_policy_value("10.5"));
        assert!(!ValueType::Number.reads_policy_value("ten"));
        assert!(ValueType::Date.reads_policy_value("2020-01-01T00:00:00Z"));
        assert!(!ValueType::Date.reads_policy_value("2020-02-30"));
        assert!(ValueType::IpAddress.reads_policy_value("203.0.113.0/24"));
        assert!(!ValueType::IpAddress.reads_policy_value("203.0.113.0/33"));
        assert!(ValueType::Bool.reads_policy_value("TRUE"));
        assert!(!ValueType::Bool.reads_policy_value("yes"));
        assert!(ValueType::Binary.reads_policy_value("QmluYXJ5"));
        assert!(!ValueType::Binary.reads_policy_value("Qm!"));
        assert!(ValueType::Arn.reads_policy_value("arn:aws:sns:*:111122223333:*"));
        assert!(ValueType::Arn.reads_policy_value("*"));
        assert!(!ValueType::Arn.reads_policy_value("arn:aws:iam::*"));
        assert!(ValueType::String.reads_policy_value("anything"));
        assert_eq!(
            arn_parts("arn:aws:s3:::b/k:v"),
            Some(["arn", "aws", "s3", "", "", "b/k:v"])
        );
    }
}
