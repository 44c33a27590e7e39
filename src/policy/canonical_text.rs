//! Stable, readable JSON of a policy for human diffs (plan output, `policy equivalent`).
//!
//! Unlike the comparison form this keeps what a reader needs: Sids, `Id`, the author's
//! action spelling and condition key case. Everything that carries no meaning is made
//! stable, so a diff of two versions shows only real changes:
//! - keys in IAM's conventional order (Version, Id, Statement; Sid, Effect, Principal,
//!   Action, Resource, Condition), one list item per line;
//! - statements with a Sid first, ordered by Sid, then the others by their comparison
//!   form; ordering by Sid keeps an edited statement in place, so its diff is a few lines
//!   rather than a block moving elsewhere;
//! - value lists always lists, sorted and de-duplicated (actions and condition keys
//!   case-insensitively, keeping the first spelling in sort order), account ids shown as
//!   the root ARNs IAM stores, bare `*` principals as `"*"`, condition values as strings.

use std::cmp::Ordering;

use serde_json::Value;

use super::account_partition::own_partition;
use super::condition::ConditionBlock;
use super::document::{Policy, PrincipalElement, Statement};
use super::ordered_json::OrderedJson;
use super::principal::{Principal, account_to_root_arn};
use super::value_list::sorted_unique;

/// Pretty, stable JSON of `value` for reading and diffing. A document that does not parse
/// is shown as written, with object keys sorted.
pub fn canonical_text(value: &Value) -> String {
    match super::parse(value) {
        Ok(policy) => canonical_tree(&policy, &own_partition(value)).to_pretty(),
        Err(_) => OrderedJson::from_value(value).to_pretty(),
    }
}

fn canonical_tree(policy: &Policy, partition: &str) -> OrderedJson {
    let mut doc = vec![(
        "Version".to_string(),
        OrderedJson::Str(policy.version.as_str().into()),
    )];
    if let Some(id) = &policy.id {
        doc.push(("Id".into(), OrderedJson::Str(id.clone())));
    }
    let mut keyed: Vec<(&Statement, Statement)> = policy
        .statements
        .iter()
        .map(|s| (s, s.normalized_in(partition)))
        .collect();
    keyed.sort_by(|(a, na), (b, nb)| {
        statement_order(a, b)
            .then_with(|| na.cmp(nb))
            .then_with(|| a.cmp(b))
    });
    keyed.dedup_by(|(a, na), (b, nb)| a.sid == b.sid && na == nb);
    let statements = keyed
        .into_iter()
        .map(|(s, _)| statement_tree(s, partition))
        .collect();
    doc.push(("Statement".into(), OrderedJson::List(statements)));
    OrderedJson::Object(doc)
}

/// Statements with a Sid first, by Sid.
fn statement_order(a: &Statement, b: &Statement) -> Ordering {
    match (&a.sid, &b.sid) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn statement_tree(s: &Statement, partition: &str) -> OrderedJson {
    let mut entries = Vec::new();
    if let Some(sid) = &s.sid {
        entries.push(("Sid".to_string(), OrderedJson::Str(sid.clone())));
    }
    entries.push(("Effect".into(), OrderedJson::Str(s.effect.as_str().into())));
    if let Some(p) = &s.principal {
        entries.push((p.key().into(), principal_tree(p, partition)));
    }
    entries.push((
        s.action.key().into(),
        OrderedJson::strings(&case_insensitive_unique(s.action.patterns())),
    ));
    if let Some(r) = &s.resource {
        entries.push((
            r.key().into(),
            OrderedJson::strings(&sorted_unique(r.patterns().to_vec())),
        ));
    }
    if !s.condition.is_empty() {
        entries.push(("Condition".into(), condition_tree(&s.condition)));
    }
    OrderedJson::Object(entries)
}

fn principal_tree(element: &PrincipalElement, partition: &str) -> OrderedJson {
    let principal = element.principal();
    if principal.is_everyone() {
        return OrderedJson::Str("*".into());
    }
    let Principal::Typed(map) = principal else {
        return OrderedJson::Str("*".into());
    };
    OrderedJson::Object(
        map.iter()
            .map(|(kind, values)| {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| account_to_root_arn(v, partition))
                    .collect();
                (
                    kind.key().to_string(),
                    OrderedJson::strings(&sorted_unique(values)),
                )
            })
            .collect(),
    )
}

fn condition_tree(block: &ConditionBlock) -> OrderedJson {
    let mut operators: Vec<(String, OrderedJson)> = block
        .0
        .iter()
        .filter(|(_, keys)| !keys.is_empty())
        .map(|(op, keys)| {
            let mut keys: Vec<(&String, &Vec<String>)> = keys.iter().collect();
            keys.sort_by(|(a, _), (b, _)| {
                a.to_ascii_lowercase()
                    .cmp(&b.to_ascii_lowercase())
                    .then(a.cmp(b))
            });
            let keys = keys
                .into_iter()
                .map(|(k, vs)| (k.clone(), OrderedJson::strings(&sorted_unique(vs.clone()))))
                .collect();
            (op.to_string(), OrderedJson::Object(keys))
        })
        .collect();
    operators.sort_by(|a, b| a.0.cmp(&b.0));
    OrderedJson::Object(operators)
}

/// Sorted by lower case, then spelling; one entry per lower-case value.
fn case_insensitive_unique(values: &[String]) -> Vec<String> {
    let mut v = values.to_vec();
    v.sort_by(|a, b| {
        a.to_ascii_lowercase()
            .cmp(&b.to_ascii_lowercase())
            .then(a.cmp(b))
    });
    v.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    v
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn orders_keys_and_statements_keeping_sids_and_spelling() {
        let doc = json!({
            "Statement": [
                {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
                {"Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"], "Action": ["s3:PutObject", "S3:GetObject", "s3:getobject"],
                 "Effect": "Allow", "Sid": "Write",
                 "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}, "Bool": {"aws:SecureTransport": true}}},
                {"Sid": "Assume", "Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}
            ]
        });
        insta::assert_snapshot!(canonical_text(&doc), @r#"
        {
          "Version": "2008-10-17",
          "Statement": [
            {
              "Sid": "Assume",
              "Effect": "Allow",
              "Principal": {
                "AWS": [
                  "arn:aws:iam::123456789012:root"
                ]
              },
              "Action": [
                "sts:AssumeRole"
              ]
            },
            {
              "Sid": "Write",
              "Effect": "Allow",
              "Action": [
                "S3:GetObject",
                "s3:PutObject"
              ],
              "Resource": [
                "arn:aws:s3:::b/*"
              ],
              "Condition": {
                "Bool": {
                  "aws:SecureTransport": [
                    "true"
                  ]
                },
                "StringEquals": {
                  "s3:x-amz-acl": [
                    "private"
                  ]
                }
              }
            },
            {
              "Effect": "Deny",
              "Action": [
                "iam:*"
              ],
              "Resource": [
                "*"
              ]
            }
          ]
        }
        "#);
    }

    #[test]
    fn equivalent_documents_have_identical_text() {
        let a = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Deny", "Action": ["s3:DeleteObject"], "Resource": "*"}
        ]});
        let b = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": ["*"]},
            {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}
        ]});
        assert_eq!(canonical_text(&a), canonical_text(&b));
        assert!(canonical_text(&a).contains("\"Principal\": \"*\""));
    }

    #[test]
    fn unparseable_documents_are_shown_with_sorted_keys() {
        let text =
            canonical_text(&json!({"Statement": [{"Effect": "Permit"}], "Version": "2012-10-17"}));
        assert_eq!(
            text,
            "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Permit\"\n    }\n  ],\n  \"Version\": \"2012-10-17\"\n}\n"
        );
    }
}
