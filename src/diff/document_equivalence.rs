//! The one place the diff decides whether two policy documents mean the same.

use crate::model::PolicyDocument;

/// True when two documents grant the same thing.
///
/// Semantic comparison (`crate::policy::equivalent`): statement order, list-vs-string,
/// action case, account id vs root ARN and the other spellings IAM treats alike never
/// produce a change.
pub(crate) fn documents_equivalent(a: &PolicyDocument, b: &PolicyDocument) -> bool {
    // Identical JSON means the same (most documents of a plan are unchanged); only
    // documents written differently need the semantic comparison.
    a.0 == b.0 || crate::policy::equivalent(&a.0, &b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_key_order_and_encoding_do_not_matter() {
        let a =
            PolicyDocument::from_iam_string(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap();
        let b = PolicyDocument::from_iam_string(
            "%7B%22Statement%22%3A%5B%5D%2C%22Version%22%3A%222012-10-17%22%7D",
        )
        .unwrap();
        assert!(documents_equivalent(&a, &b));
        let spelled = PolicyDocument(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": "S3:getobject", "Resource": "*"}
        }));
        let listed = PolicyDocument(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]
        }));
        assert!(documents_equivalent(&spelled, &listed));
        let c = PolicyDocument(serde_json::json!({"Version": "2008-10-17", "Statement": []}));
        assert!(!documents_equivalent(&a, &c));
    }
}
