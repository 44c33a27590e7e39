//! Structural and size checks of policy documents in manifests, located at the document.
//! Sizes and limits come from `crate::policy::size`; the full grammar is checked by lint.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Span};

pub use crate::policy::size::{
    GROUP_INLINE_POLICIES_MAX as GROUP_INLINE_LIMIT, MANAGED_POLICY_MAX as MANAGED_POLICY_LIMIT,
    ROLE_INLINE_POLICIES_MAX as ROLE_INLINE_LIMIT, ROLE_TRUST_POLICY_MAX as TRUST_POLICY_LIMIT,
    USER_INLINE_POLICIES_MAX as USER_INLINE_LIMIT,
};

/// Document size as IAM counts it: characters of the JSON, whitespace excluded.
pub fn policy_size(doc: &Value) -> usize {
    crate::policy::size::iam_char_count(doc)
}

/// An error when `size` exceeds `limit`.
pub fn check_size(
    size: usize,
    limit: usize,
    at: &Span,
    what: &str,
    help: &str,
) -> Option<Diagnostic> {
    (size > limit).then(|| {
        Diagnostic::error(
            Some(at.clone()),
            format!("{what}: {size} characters (whitespace excluded); IAM allows at most {limit}"),
        )
        .with_help(help.to_string())
    })
}

/// Checks the shape of a policy document; problems are reported at `at`.
pub fn check_structure(doc: &Value, at: &Span) -> Vec<Diagnostic> {
    let error = |m: String| {
        Diagnostic::error(Some(at.clone()), m).with_help(
            "a policy document is a map with `Version: \"2012-10-17\"` and a `Statement` list",
        )
    };
    let Value::Object(top) = doc else {
        return vec![error("policy document must be a map".to_string())];
    };
    let mut out = Vec::new();
    for key in top.keys() {
        if !["Version", "Id", "Statement"].contains(&key.as_str()) {
            out.push(error(format!("policy document has unknown key `{key}`")));
        }
    }
    if let Some(v) = top.get("Version")
        && v != "2012-10-17"
        && v != "2008-10-17"
    {
        out.push(error(format!("policy Version {v} is not `2012-10-17`")));
    }
    let statements = match top.get("Statement") {
        None => {
            out.push(error("policy document has no `Statement`".to_string()));
            return out;
        }
        Some(Value::Array(items)) if items.is_empty() => {
            out.push(error(
                "policy document has an empty `Statement` list".to_string(),
            ));
            return out;
        }
        Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
        Some(one) => vec![one],
    };
    for (i, statement) in statements.into_iter().enumerate() {
        let n = i + 1;
        let Value::Object(s) = statement else {
            out.push(error(format!("statement {n} must be a map")));
            continue;
        };
        match s.get("Effect").and_then(Value::as_str) {
            Some("Allow" | "Deny") => {}
            Some(other) => out.push(error(format!(
                "statement {n} has Effect `{other}`; expected `Allow` or `Deny`"
            ))),
            None => out.push(error(format!("statement {n} has no `Effect`"))),
        }
        if !s.contains_key("Action") && !s.contains_key("NotAction") {
            out.push(error(format!(
                "statement {n} has no `Action` or `NotAction`"
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use serde_json::json;

    use super::*;

    fn at() -> Span {
        Span::new(Arc::new(PathBuf::from("t.yaml")), 3, 7, 1)
    }

    #[test]
    fn size_ignores_whitespace() {
        let doc = json!({"Statement": [{"Action": "s3:Get Object"}]});
        // {"Statement":[{"Action":"s3:GetObject"}]} without the space inside the string.
        assert_eq!(policy_size(&doc), 41);
        assert!(check_size(40, 40, &at(), "policy", "split it").is_none());
        let d = check_size(41, 40, &at(), "policy", "split it").unwrap();
        assert_eq!(
            d.message,
            "policy: 41 characters (whitespace excluded); IAM allows at most 40"
        );
    }

    #[test]
    fn structure_errors_name_the_problem() {
        let ok = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]});
        assert!(check_structure(&ok, &at()).is_empty());
        let messages = |v: Value| -> Vec<String> {
            check_structure(&v, &at())
                .into_iter()
                .map(|d| d.message)
                .collect()
        };
        assert_eq!(messages(json!([1])), ["policy document must be a map"]);
        assert_eq!(
            messages(json!({"Version": "2012-10-17"})),
            ["policy document has no `Statement`"]
        );
        assert_eq!(
            messages(json!({"Statment": [], "Statement": {"Effect": "allow"}})),
            [
                "policy document has unknown key `Statment`",
                "statement 1 has Effect `allow`; expected `Allow` or `Deny`",
                "statement 1 has no `Action` or `NotAction`",
            ]
        );
    }
}
