//! Who a trust policy names: its `Principal.AWS` values, the ones allowed to assume the
//! role, and the user or role an IAM principal ARN names. Shared by apply's safety checks
//! and the fake backend's IAM rules.

use serde_json::Value;

use crate::arn::Arn;
use crate::model::PolicyDocument;

/// The statements of `doc` (one object or a list).
fn statements(doc: &PolicyDocument) -> Vec<&Value> {
    match doc.0.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// Every `Principal.AWS` value of every statement (ARNs, account ids or `*`).
pub fn aws_principals(doc: &PolicyDocument) -> Vec<String> {
    statements(doc)
        .into_iter()
        .filter_map(|s| s.get("Principal").and_then(|p| p.get("AWS")))
        .flat_map(string_values)
        .collect()
}

/// The `Principal.AWS` values of Allow statements whose actions include
/// `sts:AssumeRole`: who may assume the role.
pub fn assume_role_principals(doc: &PolicyDocument) -> Vec<String> {
    statements(doc)
        .into_iter()
        .filter(|s| s.get("Effect").and_then(Value::as_str) == Some("Allow"))
        .filter(|s| {
            s.get("Action").map(string_values).is_some_and(|actions| {
                actions.iter().any(|a| {
                    let a = a.to_ascii_lowercase();
                    a == "*" || a == "sts:*" || a == "sts:assumerole"
                })
            })
        })
        .filter_map(|s| s.get("Principal").and_then(|p| p.get("AWS")))
        .flat_map(string_values)
        .collect()
}

fn string_values(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// A user or role an IAM principal ARN names: (account, `user`|`role`, path, name).
pub fn principal_entity(arn: &str) -> Option<(String, &'static str, String, String)> {
    let parsed = Arn::parse(arn).ok()?;
    if parsed.service != "iam" {
        return None;
    }
    let (kind, rest) = parsed.iam_resource()?;
    let kind = match kind {
        "user" => "user",
        "role" => "role",
        _ => return None,
    };
    let (path, name) = match rest.rfind('/') {
        Some(i) => (format!("/{}/", &rest[..i]), rest[i + 1..].to_string()),
        None => ("/".to_string(), rest.to_string()),
    };
    Some((parsed.account, kind, path, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn trust(aws: Value) -> PolicyDocument {
        PolicyDocument(json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":aws}},
            {"Effect":"Allow","Action":"sts:TagSession","Principal":{"AWS":"arn:aws:iam::111111111111:root"}}
        ]}))
    }

    #[test]
    fn collects_principals_and_assumers() {
        let doc = trust(json!([
            "arn:aws:iam::123456789012:role/ops/ci",
            "222222222222"
        ]));
        assert_eq!(aws_principals(&doc).len(), 3);
        assert_eq!(
            assume_role_principals(&doc),
            vec!["arn:aws:iam::123456789012:role/ops/ci", "222222222222"]
        );
        assert_eq!(
            principal_entity("arn:aws:iam::123456789012:role/ops/ci"),
            Some(("123456789012".into(), "role", "/ops/".into(), "ci".into()))
        );
        assert_eq!(principal_entity("arn:aws:iam::123456789012:root"), None);
    }
}
