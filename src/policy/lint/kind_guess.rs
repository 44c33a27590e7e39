//! Which kind of policy a standalone document is, from the elements its statements use.

use serde_json::Value;

use crate::policy::PolicyKind;

/// Guesses a standalone document's kind: without principals it is an identity policy;
/// with principals and no resources a role trust policy; with both a resource-based
/// policy (bucket, queue, topic, key…). SCPs and boundaries look like identity policies
/// and need `--kind`.
pub fn guess_kind(document: &Value) -> PolicyKind {
    let statements: Vec<&Value> = match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let any = |keys: [&str; 2]| {
        statements
            .iter()
            .any(|s| keys.iter().any(|k| s.get(k).is_some()))
    };
    match (
        any(["Principal", "NotPrincipal"]),
        any(["Resource", "NotResource"]),
    ) {
        (false, _) => PolicyKind::Identity,
        (true, false) => PolicyKind::RoleTrust,
        (true, true) => PolicyKind::Resource,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kind_is_guessed_from_the_elements() {
        let guess = |statements: Value| guess_kind(&json!({"Statement": statements}));
        assert_eq!(
            guess(json!({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})),
            PolicyKind::RoleTrust
        );
        assert_eq!(
            guess(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])),
            PolicyKind::Identity
        );
        // A bucket policy: principals and resources.
        assert_eq!(
            guess(json!([
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
            ])),
            PolicyKind::Resource
        );
        assert_eq!(
            guess(
                json!({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sqs:SendMessage", "Resource": "*"})
            ),
            PolicyKind::Resource
        );
    }
}
