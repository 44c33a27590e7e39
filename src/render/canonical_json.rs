//! Policy documents (and other JSON values) as stable, reviewable text.
//!
//! Documents go through `crate::policy::canonical_text` (IAM key order, statements in a
//! stable order, one value per line) so two equivalent spellings print alike and a diff
//! shows only what really changed; other values print with sorted keys. Credential-like
//! values are redacted first.

use serde_json::Value;

use super::secret_fields::redact;

/// Pretty, stable JSON with redacted secrets, ending in a newline.
pub(crate) fn canonical_text(value: &Value) -> String {
    let mut redacted = value.clone();
    redact(&mut redacted);
    let mut text = crate::policy::canonical_text(&redacted);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn policies_print_in_iam_order_and_other_values_with_sorted_keys() {
        let doc = json!({"Statement": [{"Resource": "*", "Action": "s3:GetObject", "Effect": "Allow"}], "Version": "2012-10-17"});
        assert_eq!(
            canonical_text(&doc),
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:GetObject\"\n      ],\n      \"Resource\": [\n        \"*\"\n      ]\n    }\n  ]\n}\n"
        );
        let settings = json!({"b": 1, "a": {"d": true, "c": null}});
        assert_eq!(
            canonical_text(&settings),
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": true\n  },\n  \"b\": 1\n}\n"
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
