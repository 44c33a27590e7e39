//! The AWS principals a trust policy names, for ordering and cycle checks.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::PolicyDocument;

/// Every string under `Statement[*].Principal.AWS` (a string or a list of strings).
/// Wildcards, service and federated principals are not entities and are skipped.
pub fn trusted_principal_arns(trust: &PolicyDocument) -> BTreeSet<String> {
    let mut arns = BTreeSet::new();
    principal_arns(trust, "AWS", &mut arns);
    arns
}

/// What a trust policy needs to exist: the AWS principals it names and the identity
/// providers its `Principal.Federated` ARNs name (`oidc-provider/…`, `saml-provider/…`;
/// `cognito-identity.amazonaws.com` and other service names are no entities).
pub fn trust_dependencies(trust: &PolicyDocument) -> BTreeSet<String> {
    let mut arns = BTreeSet::new();
    principal_arns(trust, "AWS", &mut arns);
    principal_arns(trust, "Federated", &mut arns);
    arns
}

/// Adds the ARNs under `Statement[*].Principal.<key>` (a string or a list of strings).
fn principal_arns(trust: &PolicyDocument, key: &str, arns: &mut BTreeSet<String>) {
    let statements: Vec<&Value> = match trust.0.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    };
    for statement in statements {
        let named = statement.get("Principal").and_then(|p| p.get(key));
        let names: Vec<&Value> = match named {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        arns.extend(
            names
                .into_iter()
                .filter_map(Value::as_str)
                .filter(|s| s.starts_with("arn:"))
                .map(str::to_string),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collects_aws_principals_from_lists_and_single_statements() {
        let doc = PolicyDocument(json!({
            "Statement": [
                {"Principal": {"AWS": "arn:aws:iam::111111111111:role/a"}},
                {"Principal": {"AWS": ["arn:aws:iam::111111111111:user/b", "*"]}},
                {"Principal": {"Service": "ec2.amazonaws.com"}},
                {"Principal": "*"}
            ]
        }));
        let arns: Vec<String> = trusted_principal_arns(&doc).into_iter().collect();
        assert_eq!(
            arns,
            [
                "arn:aws:iam::111111111111:role/a",
                "arn:aws:iam::111111111111:user/b"
            ]
        );
        let single = PolicyDocument(json!({
            "Statement": {"Principal": {"AWS": "arn:aws:iam::111111111111:root"}}
        }));
        assert_eq!(trusted_principal_arns(&single).len(), 1);
        assert!(trusted_principal_arns(&PolicyDocument(json!("garbage"))).is_empty());
    }

    #[test]
    fn dependencies_add_federated_providers() {
        let provider =
            "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
        let doc = PolicyDocument(json!({"Statement": [
            {"Principal": {"Federated": provider}},
            {"Principal": {"Federated": "cognito-identity.amazonaws.com"}},
            {"Principal": {"AWS": "arn:aws:iam::111111111111:role/a"}}
        ]}));
        let deps: Vec<String> = trust_dependencies(&doc).into_iter().collect();
        assert_eq!(deps, [provider, "arn:aws:iam::111111111111:role/a"]);
        assert_eq!(trusted_principal_arns(&doc).len(), 1);
    }
}
