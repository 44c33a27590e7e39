//! The `expires:` value and the list and map entries that may carry one: a group or
//! policy name written as `{name: …, expires: …}`, an inline policy as
//! `{document: …, expires: …}`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::Diagnostic;
use crate::model::UtcTime;

use super::decode::{Decode, decode_struct};
use super::document::DocumentSource;
use super::located::Located;
use super::yaml_node::{NodeValue, YamlNode};

/// When an entry ends: a date (valid through that day, UTC) or an RFC 3339 time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expires(pub UtcTime);

/// The forms `expires:` accepts, for the error and the schema.
const ACCEPTED: &str = "write a date `YYYY-MM-DD` (valid through that day, UTC), or an RFC 3339 time with `Z` or an offset, such as `2026-12-31T18:00:00Z` or `2026-12-31T18:00:00+02:00`";

impl Decode for Expires {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Expires> {
        let text = match &node.value {
            NodeValue::Str(t) | NodeValue::Number(t) => Some(t.as_str()),
            _ => None,
        };
        match text.and_then(UtcTime::parse_expiry) {
            Some(at) => Some(Expires(at)),
            None => {
                let shown = text.map_or_else(
                    || node.value.kind().to_string(),
                    |t| format!("`{}`", t.chars().take(40).collect::<String>()),
                );
                sink.push(
                    Diagnostic::error(
                        Some(node.span.clone()),
                        format!("invalid expires: {shown} is not a date or an RFC 3339 time"),
                    )
                    .with_help(ACCEPTED),
                );
                None
            }
        }
    }
}

impl JsonSchema for Expires {
    fn schema_name() -> Cow<'static, str> {
        "Expires".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "When this ends: a date `YYYY-MM-DD`, valid through that day in UTC (it expires at 00:00:00Z the next day), or an RFC 3339 time with `Z` or an offset. After it, `plan` removes the entry even without pruning.",
            "type": "string",
            "anyOf": [
                { "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                { "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$" }
            ]
        })
    }
}

/// A group or managed policy named in a list, perhaps only until some time.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpiringName {
    /// The name (or policy ARN) as written.
    pub name: Located<String>,
    /// When the membership or attachment ends.
    pub expires: Option<Located<Expires>>,
}

/// The map form of [`ExpiringName`].
#[derive(Debug, Clone, PartialEq)]
struct NameForm {
    name: Option<Located<String>>,
    expires: Option<Located<Expires>>,
}
decode_struct!(NameForm as "a list entry with `expires`" { name, expires });

impl Decode for ExpiringName {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<ExpiringName> {
        if !matches!(node.value, NodeValue::Map(_)) {
            return Located::<String>::decode(node, sink).map(|name| ExpiringName {
                name,
                expires: None,
            });
        }
        let form = NameForm::decode(node, sink)?;
        let Some(name) = form.name else {
            sink.push(
                Diagnostic::error(Some(node.span.clone()), "this entry has no `name`")
                    .with_help("write `{name: NAME, expires: 2026-12-31}`, or just the name"),
            );
            return None;
        };
        Some(ExpiringName {
            name,
            expires: form.expires,
        })
    }
}

impl JsonSchema for ExpiringName {
    fn schema_name() -> Cow<'static, str> {
        "ExpiringName".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let expires = generator.subschema_for::<Expires>();
        json_schema!({
            "description": "A name, or `{name: NAME, expires: WHEN}` to end it at a date or time.",
            "oneOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "name": { "type": "string" }, "expires": expires },
                    "required": ["name"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// An inline policy: its document, perhaps only until some time.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineEntry {
    /// The document (inline, or `{file: …}`), located at the document itself.
    pub document: Located<DocumentSource>,
    /// When the inline policy ends.
    pub expires: Option<Located<Expires>>,
}

/// The map form of [`InlineEntry`] with `expires`.
#[derive(Debug, Clone, PartialEq)]
struct InlineForm {
    document: Option<Located<DocumentSource>>,
    expires: Option<Located<Expires>>,
}
decode_struct!(InlineForm as "an inline policy with `expires`" { document, expires });

impl Decode for InlineEntry {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<InlineEntry> {
        // A policy document never has an `expires` key, so its presence picks the form.
        let has_expires = match &node.value {
            NodeValue::Map(entries) => entries
                .iter()
                .any(|(k, _)| k.scalar_text() == Some("expires")),
            _ => false,
        };
        if !has_expires {
            return Located::<DocumentSource>::decode(node, sink).map(|document| InlineEntry {
                document,
                expires: None,
            });
        }
        let form = InlineForm::decode(node, sink)?;
        let Some(document) = form.document else {
            sink.push(
                Diagnostic::error(
                    Some(node.span.clone()),
                    "this inline policy has `expires` but no `document`",
                )
                .with_help("write `{document: {Statement: […]}, expires: 2026-12-31}` or `{document: {file: PATH}, expires: …}`"),
            );
            return None;
        };
        Some(InlineEntry {
            document,
            expires: form.expires,
        })
    }
}

impl JsonSchema for InlineEntry {
    fn schema_name() -> Cow<'static, str> {
        "InlineEntry".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let document = generator.subschema_for::<DocumentSource>();
        let expires = generator.subschema_for::<Expires>();
        json_schema!({
            "description": "An inline policy document, or `{document: DOCUMENT, expires: WHEN}` to end it at a date or time.",
            "anyOf": [
                document.clone(),
                {
                    "type": "object",
                    "properties": { "document": document, "expires": expires },
                    "required": ["document", "expires"],
                    "additionalProperties": false
                }
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

    fn decode<T: Decode>(text: &str) -> (Option<T>, Vec<String>) {
        let node = parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap();
        let mut sink = Vec::new();
        let value = T::decode(&node, &mut sink);
        let found = sink
            .iter()
            .map(|d| {
                let s = d.span.as_ref().unwrap();
                format!("{}:{} {}", s.line, s.column, d.message)
            })
            .collect();
        (value, found)
    }

    #[test]
    fn unquoted_dates_and_times_decode() {
        let (v, errors) = decode::<Expires>("2026-12-31");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(v.unwrap().0.to_string(), "2027-01-01T00:00:00Z");
        let (v, _) = decode::<Expires>("\"2026-12-31T10:00:00+01:00\"");
        assert_eq!(v.unwrap().0.to_string(), "2026-12-31T09:00:00Z");
    }

    #[test]
    fn a_bad_date_is_located_and_names_the_accepted_forms() {
        let (v, errors) = decode::<ExpiringName>("{name: admins, expires: 2026-02-30}");
        assert!(v.unwrap().expires.is_none());
        assert_eq!(
            errors,
            ["1:25 invalid expires: `2026-02-30` is not a date or an RFC 3339 time"]
        );
        let (_, errors) = decode::<Expires>("[2026]");
        assert_eq!(
            errors,
            ["1:1 invalid expires: a list is not a date or an RFC 3339 time"]
        );
    }

    #[test]
    fn names_take_a_plain_or_an_expiring_form() {
        let (v, _) = decode::<Vec<ExpiringName>>("[admins, {name: ops, expires: 2026-12-31}]");
        let v = v.unwrap();
        assert_eq!(v[0].name.value, "admins");
        assert!(v[0].expires.is_none());
        assert_eq!(v[1].name.value, "ops");
        assert!(v[1].expires.is_some());
        let (_, errors) = decode::<ExpiringName>("{expires: 2026-12-31}");
        assert_eq!(errors, ["1:1 this entry has no `name`"]);
    }

    #[test]
    fn inline_entries_with_expires_wrap_their_document() {
        let (v, errors) = decode::<InlineEntry>(
            "{document: {Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}, expires: 2026-12-31}",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let v = v.unwrap();
        assert!(matches!(v.document.value, DocumentSource::Inline(..)));
        assert!(v.expires.is_some());
        let (v, _) = decode::<InlineEntry>("{Statement: []}");
        assert!(v.unwrap().expires.is_none());
        let (_, errors) = decode::<InlineEntry>("{expires: 2026-12-31}");
        assert_eq!(
            errors,
            ["1:1 this inline policy has `expires` but no `document`"]
        );
    }
}
