//! What a YAML scalar is: null, a boolean, a number or a string. Plain scalars follow the
//! YAML 1.2 core schema for null and numbers and YAML 1.1 for booleans (`yes`, `off`),
//! as serde-saphyr, the reader before this one, did; quoted and block scalars are strings.

use serde_saphyr::granit_parser::{ScalarStyle, Tag};

use super::yaml_node::NodeValue;

/// The handle of the YAML core schema's tags (`!!str` is this plus `str`).
pub(super) const CORE: &str = "tag:yaml.org,2002:";

/// The value of a scalar written as `source` whose text (escapes processed) is `value`;
/// an error message for a tag the value does not fit or iamform does not read.
pub(super) fn resolve(
    value: &str,
    source: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<NodeValue, String> {
    let core = tag.and_then(|t| (t.handle() == CORE).then(|| t.suffix()));
    let non_specific = tag.is_some_and(|t| t.handle() == "!" && t.suffix().is_empty());
    let text = || value.to_string();
    match core {
        Some("str") => Ok(NodeValue::Str(text())),
        Some("null") => Ok(NodeValue::Null),
        Some("bool") => yaml11_bool(value.trim())
            .map(|b| NodeValue::Bool(b, text()))
            .ok_or_else(|| format!("`{value}` is not a boolean")),
        Some("int") => is_integer(value.trim())
            .then(|| NodeValue::Number(text()))
            .ok_or_else(|| format!("`{value}` is not a whole number")),
        Some("float") => (is_integer(value.trim()) || is_finite_float(value.trim()))
            .then(|| NodeValue::Number(text()))
            .ok_or_else(|| format!("`{value}` is not a number")),
        Some(other) => Err(format!("the tag `!!{other}` is not supported on a scalar")),
        // A custom tag (`!thing`) says nothing iamform reads: the value is read as written.
        None if non_specific || style != ScalarStyle::Plain => Ok(NodeValue::Str(text())),
        None => Ok(plain(value, source)),
    }
}

/// An untagged plain scalar. Booleans and numbers keep their source text, so that
/// `012345678901` or `no` can be read back as the string the user wrote.
fn plain(value: &str, source: &str) -> NodeValue {
    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
        return NodeValue::Null;
    }
    if let Some(b) = yaml11_bool(value) {
        return NodeValue::Bool(b, source.to_string());
    }
    if is_integer(value) || is_finite_float(value) {
        return NodeValue::Number(source.to_string());
    }
    NodeValue::Str(value.to_string())
}

/// Whether a map key written this way merges other maps in (`<<: *defaults`).
pub(super) fn is_merge_key(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> bool {
    match tag {
        Some(t) => t.handle() == CORE && t.suffix() == "merge",
        None => style == ScalarStyle::Plain && value == "<<",
    }
}

/// YAML 1.1 booleans, any case: `true`/`false`, `yes`/`no`, `y`/`n`, `on`/`off`.
fn yaml11_bool(t: &str) -> Option<bool> {
    let is = |words: [&str; 4]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is(["true", "yes", "y", "on"]) {
        Some(true)
    } else if is(["false", "no", "n", "off"]) {
        Some(false)
    } else {
        None
    }
}

/// A YAML integer that fits 64 bits: an optional sign, then decimal digits without a
/// leading zero, or `0x`, `0o`, `0b` digits; single `_` may separate digits.
fn is_integer(t: &str) -> bool {
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let prefixed = |p: &str| {
        rest.get(..2)
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &rest[2..])
    };
    let (radix, digits) = match (prefixed("0x"), prefixed("0o"), prefixed("0b")) {
        (Some(d), _, _) => (16, d),
        (_, Some(d), _) => (8, d),
        (_, _, Some(d)) => (2, d),
        _ if rest.starts_with('0') && rest != "0" => return false,
        _ => (10, rest),
    };
    let Some(magnitude) = digits_value(digits, radix) else {
        return false;
    };
    match negative {
        true => magnitude <= u128::from(i64::MIN.unsigned_abs()),
        false => magnitude <= u128::from(u64::MAX),
    }
}

/// The value of `digits` in `radix`, with single `_` between digits allowed; `None` when
/// they are not digits or pass `u128`.
fn digits_value(digits: &str, radix: u32) -> Option<u128> {
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') {
        return None;
    }
    if digits.contains("__") {
        return None;
    }
    let mut value: u128 = 0;
    for c in digits.chars().filter(|&c| c != '_') {
        let digit = c.to_digit(radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
    }
    Some(value)
}

/// A finite decimal or exponent number (`1.5`, `.5`, `1e3`, `012`). `.inf` and `.nan` are
/// read as text: no IAM value is infinite.
fn is_finite_float(t: &str) -> bool {
    // Rust also reads `inf` and `NaN`, which are not finite and so are refused here.
    t.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(source: &str) -> NodeValue {
        resolve(source, source, ScalarStyle::Plain, None).unwrap()
    }

    #[test]
    fn plain_scalars_follow_the_core_schema_with_yaml11_booleans() {
        // https://yaml.org/spec/1.2.2/#1032-tag-resolution (core schema), and
        // https://yaml.org/type/bool.html for the YAML 1.1 spellings.
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(kind(null), NodeValue::Null, "{null:?}");
        }
        for (text, b) in [("yes", true), ("Off", false), ("Y", true), ("n", false)] {
            assert_eq!(kind(text), NodeValue::Bool(b, text.into()));
        }
        for number in [
            "0",
            "-0",
            "+12",
            "1_000",
            "0x1F",
            "0o17",
            "0b101",
            "012",
            "1.",
            ".5",
            "1e5",
            "-2.5E-3",
            "012345678901",
            "18446744073709551615",
            "-9223372036854775808",
        ] {
            assert_eq!(kind(number), NodeValue::Number(number.into()), "{number}");
        }
        for text in [
            "nan",
            ".inf",
            "-.inf",
            ".NaN",
            "1e999",
            "0x",
            "1__0",
            "_1",
            "0xFFFFFFFFFFFFFFFFFFFF",
            "2012-10-17",
            "NULLs",
            "nul",
            "01_0",
            "abc",
        ] {
            assert_eq!(kind(text), NodeValue::Str(text.into()), "{text}");
        }
    }

    #[test]
    fn quoted_scalars_are_strings() {
        let v = resolve("yes", "'yes'", ScalarStyle::SingleQuoted, None).unwrap();
        assert_eq!(v, NodeValue::Str("yes".into()));
    }

    #[test]
    fn core_tags_choose_the_type_and_must_fit() {
        let core = |suffix: &str| Tag::new(CORE, suffix.to_string());
        let tagged = |v: &str, s: &str| resolve(v, v, ScalarStyle::Plain, Some(&core(s)));
        assert_eq!(tagged("123", "str").unwrap(), NodeValue::Str("123".into()));
        assert_eq!(tagged("x", "null").unwrap(), NodeValue::Null);
        assert_eq!(tagged("12", "int").unwrap(), NodeValue::Number("12".into()));
        assert_eq!(tagged("1", "float").unwrap(), NodeValue::Number("1".into()));
        assert!(tagged("x", "int").unwrap_err().contains("whole number"));
        assert!(tagged("maybe", "bool").is_err());
        assert!(
            tagged("2001-12-14", "timestamp")
                .unwrap_err()
                .contains("`!!timestamp`")
        );
        let custom = Tag::new("!", "thing".to_string());
        let v = resolve("12", "12", ScalarStyle::Plain, Some(&custom)).unwrap();
        assert_eq!(v, NodeValue::Number("12".into()));
    }
}
