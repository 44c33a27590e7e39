//! A role's maximum session duration: seconds, or a short duration such as `1h` or `90m`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::Diagnostic;

use super::decode::Decode;
use super::yaml_node::{NodeValue, YamlNode};

/// Shortest maximum session IAM accepts, in seconds.
pub const MIN_SESSION_SECONDS: u32 = 3600;
/// Longest maximum session IAM accepts, in seconds.
pub const MAX_SESSION_SECONDS: u32 = 43200;

/// A validated maximum session duration, in seconds (3600–43200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionDuration(pub u32);

/// Reads `3600`, `1h`, `90m`, `1h30m` or `5400s` as seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: u64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
    }
    (digits.is_empty() && !text.is_empty()).then_some(total)
}

impl Decode for SessionDuration {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<SessionDuration> {
        let seconds = match &node.value {
            NodeValue::Number(t) | NodeValue::Str(t) => parse_duration(t),
            _ => None,
        };
        let Some(seconds) = seconds else {
            sink.push(
                Diagnostic::error(
                    Some(node.span.clone()),
                    "invalid max_session_duration: expected seconds or a duration",
                )
                .with_help("write seconds (3600) or a duration such as `1h`, `90m` or `12h`"),
            );
            return None;
        };
        if !(u64::from(MIN_SESSION_SECONDS)..=u64::from(MAX_SESSION_SECONDS)).contains(&seconds) {
            sink.push(
                Diagnostic::error(
                    Some(node.span.clone()),
                    format!("max_session_duration of {seconds} seconds is out of range"),
                )
                .with_help("IAM accepts 1 to 12 hours: 3600 to 43200 seconds (`1h` to `12h`)"),
            );
            return None;
        }
        Some(SessionDuration(seconds as u32))
    }
}

impl JsonSchema for SessionDuration {
    fn schema_name() -> Cow<'static, str> {
        "SessionDuration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Seconds (3600-43200) or a duration such as `1h`, `90m`, `12h`.",
            "oneOf": [
                { "type": "integer", "minimum": MIN_SESSION_SECONDS, "maximum": MAX_SESSION_SECONDS },
                { "type": "string", "pattern": "^([0-9]+[hms])+$" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::manifest::yaml_node::parse;

    #[test]
    fn parses_seconds_and_units() {
        assert_eq!(parse_duration("3600"), Some(3600));
        assert_eq!(parse_duration("1h"), Some(3600));
        assert_eq!(parse_duration("90m"), Some(5400));
        assert_eq!(parse_duration("12h"), Some(43200));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("45s"), Some(45));
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("1d"), None);
        assert_eq!(parse_duration("1h30"), None);
        assert_eq!(parse_duration(""), None);
    }

    fn decode(text: &str) -> (Option<SessionDuration>, Vec<Diagnostic>) {
        let node = parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap();
        let mut sink = Vec::new();
        (SessionDuration::decode(&node, &mut sink), sink)
    }

    #[test]
    fn checks_the_iam_range() {
        assert_eq!(decode("2h").0, Some(SessionDuration(7200)));
        assert_eq!(decode("43200").0, Some(SessionDuration(43200)));
        let (none, diags) = decode("13h");
        assert_eq!(none, None);
        assert!(diags[0].message.contains("46800 seconds is out of range"));
        assert_eq!(decode("30m").0, None);
        assert!(
            decode("soon").1[0]
                .message
                .starts_with("invalid max_session_duration")
        );
    }
}
