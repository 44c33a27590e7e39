//! IAM's check that each user or role a trust policy names exists.

use std::collections::BTreeMap;

use super::naming::find_key;
use crate::backend::BackendError;
use crate::model::trust_principals::{aws_principals, principal_entity};
use crate::model::{AccountIam, PolicyDocument};

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
    use serde_json::{Value, json};

    fn trust(aws: Value) -> PolicyDocument {
        PolicyDocument(json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":aws}},
            {"Effect":"Allow","Action":"sts:TagSession","Principal":{"AWS":"arn:aws:iam::111111111111:root"}}
        ]}))
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
