//! Reading a resource-based policy (a resource policy or an RCP): every statement must
//! say whom it is about. A statement without `Principal` or `NotPrincipal` is invalid
//! there, never "everyone".

use serde_json::Value;

use crate::policy::document::Policy;
use crate::policy::error::{PolicyError, ProblemSink};
use crate::policy::parse::parse_located;

/// Parses `value` as a resource-based policy, reporting every problem: the grammar's, and
/// each statement that names no principal.
pub fn parse_resource_policy(value: &Value) -> Result<Policy, PolicyError> {
    let (policy, paths) = parse_located(value)?;
    let mut sink = ProblemSink::default();
    for (statement, path) in policy.statements.iter().zip(&paths) {
        if statement.principal.is_none() {
            sink.report(
                path,
                "missing `Principal`: a resource-based policy statement must name the principals it is about".into(),
                Some(r#"add e.g. "Principal": {"AWS": "arn:aws:iam::123456789012:role/reader"}, or "Principal": "*" for everyone"#.into()),
            );
        }
    }
    if sink.0.is_empty() {
        Ok(policy)
    } else {
        Err(PolicyError { problems: sink.0 })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A resource-based policy must name its principals:
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    /// ("You must use the Principal element in resource-based policies").
    #[test]
    fn a_statement_without_principal_is_an_input_error() {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "*"}
        ]});
        let problems: Vec<String> = parse_resource_policy(&doc)
            .unwrap_err()
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        assert_eq!(
            problems,
            [
                "Statement[1]: missing `Principal`: a resource-based policy statement must name the principals it is about"
            ]
        );
        assert!(parse_resource_policy(&json!({"Version": "2012-10-17", "Statement": []})).is_ok());
    }
}
