//! Policy documents (and other JSON values) as stable, reviewable text.
//!
//! `crate::policy` does not offer a canonical text form yet, so this renders the value
//! as written: object keys sorted at every depth, two-space indentation, credential-like
//! values redacted. Sorting makes two equal documents print identically, which keeps
//! diffs down to what really changed.

use serde_json::{Map, Value};

use super::secret_fields::redact;

/// Pretty JSON with sorted keys and redacted secrets, ending in a newline.
pub(crate) fn canonical_text(value: &Value) -> String {
    let mut sorted = sort_keys(value);
    redact(&mut sorted);
    // A `Value` always serializes: its map keys are strings.
    let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
    text.push('\n');
    text
}

/// A copy of `value` whose objects list their keys in sorted order, whatever the
/// `serde_json` map implementation keeps.
fn sort_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let mut sorted = Map::new();
            for (key, inner) in entries {
                sorted.insert(key.clone(), sort_keys(inner));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]});
        assert_eq!(
            canonical_text(&doc),
            "{\n  \"Statement\": [\n    {\n      \"Action\": \"s3:GetObject\",\n      \"Effect\": \"Allow\"\n    }\n  ],\n  \"Version\": \"2012-10-17\"\n}\n"
        );
    }

    #[test]
    fn control_characters_in_documents_are_escaped() {
        let doc = json!({"Sid": "a\u{1b}[31mb"});
        let text = canonical_text(&doc);
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("\\u001b"));
    }
}
