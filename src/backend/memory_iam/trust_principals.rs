//! The AWS principals a trust policy names, and IAM's check that each one exists.

use std::collections::BTreeMap;

use serde_json::Value;

use super::naming::find_key;
use super::policy_rules::statements;
use crate::arn::Arn;
use crate::backend::BackendError;
use crate::model::{AccountIam, PolicyDocument};

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

/// IAM's check when a trust policy is set in `own`: every user or role ARN it names in
/// `own` or another account this store holds must exist, else "Invalid principal in policy".
pub fn check_principals_exist(
    doc: &PolicyDocument,
    own: &AccountIam,
    accounts: &BTreeMap<String, AccountIam>,
) -> Result<(), BackendError> {
    for principal in aws_principals(doc) {
        let Some((account, kind, path, name)) = principal_entity(&principal) else {
            continue;
        };
        let held = if account == own.account_id {
            Some(own)
        } else {
            accounts.get(&account)
        };
        let Some(iam) = held else {
            continue;
        };
        let found_path = match kind {
            "user" => find_key(&iam.users, &name).map(|k| iam.users[k].path.as_str()),
            _ => find_key(&iam.roles, &name).map(|k| iam.roles[k].path.as_str()),
        };
        if found_path != Some(path.as_str()) {
            return Err(invalid_principal(&principal));
        }
    }
    Ok(())
}

/// IAM's error for a principal it cannot resolve.
pub fn invalid_principal(principal: &str) -> BackendError {
    BackendError::MalformedPolicy(format!(
        "Invalid principal in policy: \"AWS\":\"{principal}\""
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
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

    #[test]
    fn unknown_principal_in_a_known_account_is_invalid() {
        let mut iam = AccountIam::new("123456789012");
        let doc = trust(json!("arn:aws:iam::123456789012:role/ops/ci"));
        let mut accounts = BTreeMap::new();
        let err =
            check_principals_exist(&doc, &AccountIam::new("123456789012"), &accounts).unwrap_err();
        assert!(err.may_be_propagation(), "{err}");
        iam.roles.insert(
            "ci".into(),
            Role {
                name: "ci".into(),
                path: "/ops/".into(),
                description: None,
                max_session_duration: 3600,
                trust_policy: trust(json!("*")),
                permissions_boundary: None,
                managed_policies: Default::default(),
                inline_policies: Default::default(),
                tags: Default::default(),
                meta: Default::default(),
            },
        );
        accounts.insert(iam.account_id.clone(), iam);
        let other = AccountIam::new("210987654321");
        assert!(check_principals_exist(&doc, &other, &accounts).is_ok());
        let elsewhere = trust(json!("arn:aws:iam::999999999999:role/anything"));
        assert!(check_principals_exist(&elsewhere, &other, &accounts).is_ok());
    }
}
