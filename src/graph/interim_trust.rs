//! The trust a role is created with while some principals its trust names do not exist
//! yet: the same document without those principals.
//!
//! IAM turns each principal ARN of a trust policy into the principal's unique id when the
//! policy is saved, so `CreateRole` refuses a principal that does not exist yet ("Invalid
//! principal in policy"); see
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles>.
//! Leaving out a principal that does not exist grants nothing it would not grant anyway,
//! so the interim trust never allows more than the final one.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::model::PolicyDocument;

/// The statement used when leaving principals out empties the trust (IAM needs at least
/// one statement): an explicit deny of `sts:AssumeRole` to every AWS principal, which
/// allows nothing. Policy evaluation: an explicit deny wins over any allow,
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>.
pub fn placeholder_statement() -> Value {
    json!({
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "sts:AssumeRole"
    })
}

/// `trust` without the `Principal.AWS` entries listed in `absent`. A statement left
/// naming no principal is dropped; if none is left, the trust is the placeholder
/// statement alone. Everything else (conditions, other principal types, `Version`) stays.
pub fn without_principals(trust: &PolicyDocument, absent: &BTreeSet<String>) -> PolicyDocument {
    let mut doc = trust.0.clone();
    let Some(object) = doc.as_object_mut() else {
        return trust.clone();
    };
    let statements: Vec<Value> = match object.remove("Statement") {
        Some(Value::Array(items)) => items,
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut kept: Vec<Value> = statements
        .into_iter()
        .filter_map(|s| strip_statement(s, absent))
        .collect();
    if kept.is_empty() {
        kept.push(placeholder_statement());
    }
    object.insert("Statement".to_string(), Value::Array(kept));
    PolicyDocument(doc)
}

/// The statement without the absent principals, or `None` when it names no principal
/// any more.
fn strip_statement(mut statement: Value, absent: &BTreeSet<String>) -> Option<Value> {
    let Some(principal) = statement
        .get_mut("Principal")
        .and_then(Value::as_object_mut)
    else {
        return Some(statement);
    };
    let Some(aws) = principal.remove("AWS") else {
        return Some(statement);
    };
    let remaining: Vec<Value> = match aws {
        Value::Array(items) => items,
        one => vec![one],
    }
    .into_iter()
    .filter(|v| v.as_str().is_none_or(|s| !absent.contains(s)))
    .collect();
    match remaining.len() {
        0 => {}
        1 => {
            principal.insert("AWS".to_string(), remaining[0].clone());
        }
        _ => {
            principal.insert("AWS".to_string(), Value::Array(remaining));
        }
    }
    let empty = principal.is_empty();
    (!empty).then_some(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "arn:aws:iam::111111111111:role/a";
    const B: &str = "arn:aws:iam::111111111111:role/b";

    fn absent(arns: &[&str]) -> BTreeSet<String> {
        arns.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn leaves_out_absent_principals_and_keeps_the_rest() {
        let trust = PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": [A, "arn:aws:iam::111111111111:root"]},
                 "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                {"Effect": "Allow", "Principal": {"AWS": B, "Service": "ec2.amazonaws.com"},
                 "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": [A, B]}, "Action": "sts:TagSession"}
            ]
        }));
        let interim = without_principals(&trust, &absent(&[A, B]));
        assert_eq!(
            interim.0,
            json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                     "Action": "sts:AssumeRole"}
                ]
            })
        );
    }

    #[test]
    fn an_emptied_trust_becomes_the_deny_placeholder() {
        let single = PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"}
        }));
        let interim = without_principals(&single, &absent(&[A]));
        assert_eq!(
            interim.0,
            json!({"Version": "2012-10-17", "Statement": [placeholder_statement()]})
        );
        // Nothing to leave out: the same statements (a single one becomes a list).
        let kept = without_principals(&single, &absent(&[B]));
        assert_eq!(kept.0["Statement"][0], single.0["Statement"]);
    }
}
