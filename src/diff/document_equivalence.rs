//! The one place the diff decides whether two policy documents mean the same.

use crate::model::PolicyDocument;

/// True when two documents grant the same thing.
///
/// `crate::policy::equivalent` (semantic comparison) is being built on another branch;
/// until it lands this compares the parsed JSON values, which already ignores key order
/// and raw-vs-URL-encoded spelling. Every comparison in the diff goes through here so the
/// switch is a one-line change.
pub(crate) fn documents_equivalent(a: &PolicyDocument, b: &PolicyDocument) -> bool {
    a.0 == b.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_and_encoding_do_not_matter() {
        let a =
            PolicyDocument::from_iam_string(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap();
        let b = PolicyDocument::from_iam_string(
            "%7B%22Statement%22%3A%5B%5D%2C%22Version%22%3A%222012-10-17%22%7D",
        )
        .unwrap();
        assert!(documents_equivalent(&a, &b));
        let c = PolicyDocument(serde_json::json!({"Version": "2008-10-17", "Statement": []}));
        assert!(!documents_equivalent(&a, &c));
    }
}
