//! IAM's checks on policy documents: shape (MalformedPolicy) and size (LimitExceeded).

use serde_json::Value;

use crate::backend::BackendError;
use crate::model::{EntityKind, PolicyDocument};

/// Size limit of a managed policy version, in characters without white space.
pub const MANAGED_POLICY_MAX_CHARS: usize = 6144;
/// Default size limit of a role trust policy, in characters without white space.
pub const TRUST_POLICY_MAX_CHARS: usize = 2048;

/// Aggregate inline-policy size limit of a principal of `kind`.
pub fn inline_total_limit(kind: EntityKind) -> usize {
    match kind {
        EntityKind::User => 2048,
        EntityKind::Group => 5120,
        _ => 10240,
    }
}

/// What a document is used as; IAM validates each use differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentUse {
    /// A role's trust policy: statements need a principal.
    Trust,
    /// A managed or inline identity policy: statements must not name a principal.
    Identity,
}

/// Characters IAM counts toward a size limit (it ignores white space).
pub fn counted_chars(doc: &PolicyDocument) -> usize {
    doc.to_json_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// The statements of a document, whether `Statement` is one object or a list.
pub fn statements(doc: &PolicyDocument) -> Vec<&Value> {
    match doc.0.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// Rejects documents IAM would call malformed for `usage`.
pub fn check_shape(doc: &PolicyDocument, usage: DocumentUse) -> Result<(), BackendError> {
    let malformed = |why: &str| Err(BackendError::MalformedPolicy(why.to_string()));
    if !doc.0.is_object() {
        return malformed("the policy document is not a JSON object");
    }
    if let Some(version) = doc.0.get("Version")
        && version != "2012-10-17"
        && version != "2008-10-17"
    {
        return malformed("the policy version must be 2012-10-17 or 2008-10-17");
    }
    let statements = statements(doc);
    if statements.is_empty() {
        return malformed("the policy document has no statement");
    }
    for statement in statements {
        let Some(obj) = statement.as_object() else {
            return malformed("a statement is not a JSON object");
        };
        match obj.get("Effect").and_then(Value::as_str) {
            Some("Allow" | "Deny") => {}
            _ => return malformed("a statement's Effect must be Allow or Deny"),
        }
        if !obj.contains_key("Action") && !obj.contains_key("NotAction") {
            return malformed("a statement has no Action or NotAction");
        }
        let names_principal = obj.contains_key("Principal") || obj.contains_key("NotPrincipal");
        match usage {
            DocumentUse::Trust if !names_principal => {
                return malformed("a trust policy statement must name a Principal");
            }
            DocumentUse::Identity if names_principal => {
                return malformed("Policy document should not specify a principal.");
            }
            _ => {}
        }
    }
    Ok(())
}

/// Rejects a document over `limit` counted characters.
pub fn check_size(doc: &PolicyDocument, what: &str, limit: usize) -> Result<(), BackendError> {
    let size = counted_chars(doc);
    if size > limit {
        return Err(BackendError::LimitExceeded(format!(
            "{what} is {size} characters (white space excluded), over IAM's limit of {limit}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> PolicyDocument {
        PolicyDocument(v)
    }

    #[test]
    fn identity_policies_need_effect_action_and_no_principal() {
        let ok = doc(
            json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}),
        );
        assert!(check_shape(&ok, DocumentUse::Identity).is_ok());
        let with_principal =
            doc(json!({"Statement":[{"Effect":"Allow","Action":"s3:*","Principal":"*"}]}));
        assert!(matches!(
            check_shape(&with_principal, DocumentUse::Identity),
            Err(BackendError::MalformedPolicy(_))
        ));
        let bad_effect = doc(json!({"Statement":[{"Effect":"Maybe","Action":"s3:*"}]}));
        assert!(check_shape(&bad_effect, DocumentUse::Identity).is_err());
        assert!(check_shape(&doc(json!({"Version":"2012-10-17"})), DocumentUse::Identity).is_err());
        assert!(check_shape(&doc(json!("text")), DocumentUse::Identity).is_err());
        let bad_version =
            doc(json!({"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"*"}]}));
        assert!(check_shape(&bad_version, DocumentUse::Identity).is_err());
    }

    #[test]
    fn trust_policies_need_a_principal() {
        let no_principal = doc(json!({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}));
        assert!(check_shape(&no_principal, DocumentUse::Trust).is_err());
        let ok = doc(
            json!({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}),
        );
        assert!(check_shape(&ok, DocumentUse::Trust).is_ok());
    }

    #[test]
    fn size_ignores_white_space() {
        let d = doc(json!({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"a b c"}]}));
        let compact = d.to_json_string().len();
        assert_eq!(counted_chars(&d), compact - 2);
        assert!(check_size(&d, "policy", compact).is_ok());
        assert!(matches!(
            check_size(&d, "policy", 10),
            Err(BackendError::LimitExceeded(_))
        ));
    }
}
