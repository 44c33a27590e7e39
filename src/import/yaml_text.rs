//! A small, deterministic YAML writer for generated manifests.
//!
//! Generated files must read back to exactly the state they came from and be
//! byte-identical when generated twice, so the writer is explicit about every choice:
//! keys keep the order they were built in, strings are quoted whenever a YAML reader
//! could take them for anything but a string (`yes`, `012345678901`, `2012-10-17`,
//! `a: b`, …), and short lists of scalars are written in flow style.

use serde_json::Value;

/// Longest line a flow-style list may make before it is written one item per line.
const FLOW_WIDTH: usize = 88;

/// A YAML value whose map keys keep their insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A string, quoted when needed.
    Str(String),
    /// A number, boolean or null, written as its literal text.
    Literal(String),
    /// A sequence.
    List(Vec<Yaml>),
    /// A mapping, keys in insertion order.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Yaml {
        Yaml::Str(s.into())
    }

    /// A list of strings.
    pub fn strings<'a>(values: impl IntoIterator<Item = &'a String>) -> Yaml {
        Yaml::List(values.into_iter().map(|s| Yaml::Str(s.clone())).collect())
    }

    /// A JSON value; object keys are ordered by `key_rank` first, then by name.
    pub fn from_json(value: &Value, key_rank: &dyn Fn(&str) -> u8) -> Yaml {
        match value {
            Value::String(s) => Yaml::Str(s.clone()),
            Value::Array(items) => {
                Yaml::List(items.iter().map(|v| Yaml::from_json(v, key_rank)).collect())
            }
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| (key_rank(a.0), a.0).cmp(&(key_rank(b.0), b.0)));
                Yaml::Map(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), Yaml::from_json(v, key_rank)))
                        .collect(),
                )
            }
            literal => Yaml::Literal(literal.to_string()),
        }
    }

    fn is_scalar(&self) -> bool {
        matches!(self, Yaml::Str(_) | Yaml::Literal(_))
    }
}

/// Writes `entries` as a top-level YAML mapping, one key per line, ending in a newline.
pub fn write_document(entries: &[(String, Yaml)]) -> String {
    let mut out = String::new();
    write_map(&mut out, entries, 0);
    out
}

/// One map entry as `write_document` writes it inside a map at `indent`: a document's
/// map is the concatenation of its entries' texts.
pub fn write_entry(entry: &(String, Yaml), indent: usize) -> String {
    let mut out = String::new();
    write_map(&mut out, std::slice::from_ref(entry), indent);
    out
}

fn write_map(out: &mut String, entries: &[(String, Yaml)], indent: usize) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar(key, false));
        out.push(':');
        write_value_after_key(out, value, indent);
    }
}

fn write_value_after_key(out: &mut String, value: &Yaml, indent: usize) {
    match value {
        Yaml::Str(_) | Yaml::Literal(_) => {
            out.push(' ');
            out.push_str(&inline_scalar(value, false));
            out.push('\n');
        }
        Yaml::List(items) if items.is_empty() => out.push_str(" []\n"),
        Yaml::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Yaml::List(items) => match flow_list(items) {
            Some(flow) if fits_after_key(indent, &flow) => {
                out.push(' ');
                out.push_str(&flow);
                out.push('\n');
            }
            _ => {
                out.push('\n');
                write_list(out, items, indent + 2);
            }
        },
        Yaml::Map(entries) => {
            out.push('\n');
            write_map(out, entries, indent + 2);
        }
    }
}

fn write_list(out: &mut String, items: &[Yaml], indent: usize) {
    for item in items {
        match item {
            Yaml::Str(_) | Yaml::Literal(_) => {
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&inline_scalar(item, false));
                out.push('\n');
            }
            Yaml::List(inner) if inner.is_empty() => {
                out.push_str(&" ".repeat(indent));
                out.push_str("- []\n");
            }
            Yaml::Map(inner) if inner.is_empty() => {
                out.push_str(&" ".repeat(indent));
                out.push_str("- {}\n");
            }
            Yaml::List(inner) => {
                // Rendered two deeper, then the first line's indent becomes the dash.
                let mut nested = String::new();
                write_list(&mut nested, inner, indent + 2);
                push_under_dash(out, &nested, indent);
            }
            Yaml::Map(inner) => {
                let mut nested = String::new();
                write_map(&mut nested, inner, indent + 2);
                push_under_dash(out, &nested, indent);
            }
        }
    }
}

fn push_under_dash(out: &mut String, nested: &str, indent: usize) {
    out.push_str(&" ".repeat(indent));
    out.push_str("- ");
    out.push_str(&nested[indent + 2..]);
}

fn flow_list(items: &[Yaml]) -> Option<String> {
    if !items.iter().all(Yaml::is_scalar) {
        return None;
    }
    let parts: Vec<String> = items.iter().map(|i| inline_scalar(i, true)).collect();
    Some(flow_sequence(&parts))
}

/// Scalars already written for flow style, as one flow sequence: `[a, b]`.
pub(crate) fn flow_sequence(parts: &[String]) -> String {
    format!("[{}]", parts.join(", "))
}

/// Whether a flow sequence stays on its key's line (the key indented by `indent`), or is
/// written one item per line.
pub(crate) fn fits_after_key(indent: usize, flow: &str) -> bool {
    indent + flow.len() < FLOW_WIDTH
}

fn inline_scalar(value: &Yaml, in_flow: bool) -> String {
    match value {
        Yaml::Str(s) => scalar(s, in_flow),
        Yaml::Literal(l) => l.clone(),
        Yaml::List(_) | Yaml::Map(_) => unreachable!("only scalars are written inline"),
    }
}

/// A string as a YAML scalar: plain when no reader could mistake it, else double-quoted.
pub fn scalar(s: &str, in_flow: bool) -> String {
    if plain_is_safe(s, in_flow) {
        s.to_string()
    } else {
        // A JSON string is a valid YAML double-quoted scalar with the same escapes.
        serde_json::to_string(s).expect("strings serialize")
    }
}

/// Words YAML 1.1 or 1.2 readers resolve to booleans or null.
const RESERVED_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// Characters that numbers and timestamps in any YAML schema are made of.
const NUMBER_OR_DATE: &str = "0123456789abcdefABCDEFoOxXtTzZ.:-+_ ";

fn plain_is_safe(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || RESERVED_WORDS.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    // Signs and dots may start numbers, `.inf` or `.nan`; the other marks are YAML syntax.
    if "-+.?:,[]{}#&*!|>'\"%@`<=".contains(first) {
        return false;
    }
    // Digits start numbers (`1e3`, `0x1F`, `0o17`) and dates (`2012-10-17T10:00Z`), unless
    // a letter no number or date can hold follows (`2h`, `3rd-party`).
    if first.is_ascii_digit() && s.chars().all(|c| NUMBER_OR_DATE.contains(c)) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    s.chars().all(|c| c.is_ascii_graphic() || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(entries: &[(&str, Yaml)]) -> Yaml {
        Yaml::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn quotes_what_a_reader_would_not_read_as_a_string() {
        for s in [
            "",
            "yes",
            "No",
            "ON",
            "null",
            "~",
            "012345678901",
            "2012-10-17",
            "-x",
            "a: b",
            "x #y",
            "end:",
            " pad",
            "*",
            "line\nbreak",
            "é",
        ] {
            assert!(scalar(s, false).starts_with('"'), "{s:?} must be quoted");
        }
        for s in [
            "alice",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "/people/",
            "s3:GetObject",
            "token.actions.githubusercontent.com:aud",
            "Deploy the web app, quickly",
            "12h",
            "3rd-party",
        ] {
            assert_eq!(scalar(s, false), s);
        }
        assert_eq!(scalar("a,b", true), "\"a,b\"");
        assert_eq!(scalar("say \"hi\"\n", false), "\"say \\\"hi\\\"\\n\"");
    }

    #[test]
    fn writes_nested_maps_lists_and_flow_lists() {
        let doc = vec![
            (
                "users".to_string(),
                map(&[(
                    "alice",
                    map(&[
                        ("groups", Yaml::List(vec![Yaml::str("a"), Yaml::str("yes")])),
                        ("tags", Yaml::Map(vec![])),
                        (
                            "trust",
                            Yaml::List(vec![
                                map(&[
                                    ("service", Yaml::str("ec2.amazonaws.com")),
                                    ("require_mfa", Yaml::Literal("true".into())),
                                ]),
                                Yaml::List(vec![Yaml::Map(vec![(
                                    "k".into(),
                                    Yaml::List(vec![map(&[("x", Yaml::str("1"))])]),
                                )])]),
                            ]),
                        ),
                    ]),
                )]),
            ),
            ("empty".to_string(), Yaml::List(vec![])),
        ];
        assert_eq!(
            write_document(&doc),
            "users:\n  alice:\n    groups: [a, \"yes\"]\n    tags: {}\n    trust:\n      - service: ec2.amazonaws.com\n        require_mfa: true\n      - - k:\n            - x: \"1\"\nempty: []\n"
        );
    }

    #[test]
    fn json_keys_follow_the_given_rank() {
        let rank = |k: &str| if k == "Effect" { 0 } else { 1 };
        let y = Yaml::from_json(
            &json!({"Action": "s3:*", "Effect": "Allow", "N": 1.5}),
            &rank,
        );
        assert_eq!(
            write_document(&[("d".into(), y)]),
            "d:\n  Effect: Allow\n  Action: s3:*\n  \"N\": 1.5\n"
        );
    }
}
