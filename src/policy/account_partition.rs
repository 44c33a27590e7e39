//! Which partition a bare account id in a principal stands for.
//!
//! IAM stores `{"AWS": "123456789012"}` as the account's root ARN in the partition of the
//! account that holds the policy: `arn:aws:iam::123456789012:root` in commercial AWS,
//! `arn:aws-us-gov:iam::123456789012:root` in GovCloud
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts>).
//! A document alone does not say where it is held, so comparisons try the partitions
//! the two documents name; a document names only one, since no trust crosses partitions.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::arn::{Partition, is_account_id};

/// Partitions tried when comparing documents with bare account ids, beyond `aws`: enough
/// for every real partition and a few placeholders (`arn:PARTITION:…`), while a hostile
/// document naming thousands of made-up partitions costs no more than this many passes.
const MAX_CANDIDATES: usize = 12;

/// The `AWS` and `Federated` principal values of a document as written (parsed or not).
fn principal_values(doc: &Value) -> Vec<&str> {
    let statements: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for statement in statements {
        for element in ["Principal", "NotPrincipal"] {
            let Some(Value::Object(map)) = statement.get(element) else {
                continue;
            };
            for key in ["AWS", "Federated"] {
                match map.get(key) {
                    Some(Value::String(s)) => out.push(s.as_str()),
                    Some(Value::Array(items)) => out.extend(items.iter().filter_map(Value::as_str)),
                    _ => {}
                }
            }
        }
    }
    out
}

/// The partition field of every principal ARN, known partitions or not.
fn named_partitions(doc: &Value) -> BTreeSet<&str> {
    principal_values(doc)
        .into_iter()
        .filter_map(|v| v.strip_prefix("arn:")?.split(':').next())
        .filter(|p| !p.is_empty())
        .collect()
}

fn has_bare_account(doc: &Value) -> bool {
    principal_values(doc).into_iter().any(is_account_id)
}

/// The partition a document's own bare account ids stand for: the one its principal ARNs
/// name when they name exactly one, else `aws`.
pub(crate) fn own_partition(doc: &Value) -> String {
    let named = named_partitions(doc);
    match (named.len(), named.first()) {
        (1, Some(only)) => (*only).to_string(),
        _ => Partition::Aws.as_str().to_string(),
    }
}

/// The partitions to compare `a` and `b` in: just `aws` when neither has a bare account id
/// (the partition then changes nothing), else `aws` and the partitions either names,
/// keeping for a document with bare ids only the partitions its own ARNs name (if any):
/// its ids are accounts of the partition it is held in, which its ARNs show.
pub(crate) fn candidate_partitions(a: &Value, b: &Value) -> Vec<String> {
    let aws = Partition::Aws.as_str();
    if !has_bare_account(a) && !has_bare_account(b) {
        return vec![aws.to_string()];
    }
    let (named_a, named_b) = (named_partitions(a), named_partitions(b));
    let fits = |p: &str| {
        [(a, &named_a), (b, &named_b)]
            .iter()
            .all(|(doc, named)| named.is_empty() || !has_bare_account(doc) || named.contains(p))
    };
    let mut tried: BTreeSet<&str> = named_a.union(&named_b).copied().collect();
    tried.insert(aws);
    // Known partitions first (`aws` sorts first of them), so placeholders never crowd
    // out a real one.
    let (known, other): (Vec<&str>, Vec<&str>) = tried
        .into_iter()
        .filter(|p| fits(p))
        .partition(|p| Partition::parse(p).is_some());
    let mut out: Vec<String> = known
        .into_iter()
        .chain(other)
        .take(MAX_CANDIDATES + 1)
        .map(str::to_string)
        .collect();
    if out.is_empty() {
        // The two hold their ids in different partitions: no partition makes them alike.
        out.push(aws.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn trust(principal: Value) -> Value {
        json!({"Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]})
    }

    #[test]
    fn a_document_stands_in_the_partition_its_principals_name() {
        let gov = trust(json!({"AWS": ["111111111111", "arn:aws-us-gov:iam::222222222222:root"]}));
        assert_eq!(own_partition(&gov), "aws-us-gov");
        assert_eq!(own_partition(&trust(json!({"AWS": "111111111111"}))), "aws");
        let mixed = trust(
            json!({"AWS": ["arn:aws-cn:iam::1:root"], "Federated": "arn:aws:iam::1:saml-provider/x"}),
        );
        assert_eq!(own_partition(&mixed), "aws");
    }

    #[test]
    fn candidates_are_only_tried_for_bare_account_ids() {
        let cn = trust(json!({"AWS": "arn:aws-cn:iam::111111111111:root"}));
        let gov = trust(json!({"AWS": "arn:aws-us-gov:iam::111111111111:root"}));
        assert_eq!(candidate_partitions(&cn, &gov), vec!["aws"]);
        let bare = trust(json!({"AWS": "111111111111"}));
        assert_eq!(candidate_partitions(&bare, &gov), vec!["aws", "aws-us-gov"]);
        let placeholder = trust(json!({"AWS": "arn:PARTITION:iam::111111111111:root"}));
        assert_eq!(
            candidate_partitions(&placeholder, &bare),
            vec!["aws", "PARTITION"]
        );
    }

    #[test]
    fn made_up_partitions_are_capped() {
        let many: Vec<String> = (0..500)
            .map(|i| format!("arn:p{i}:iam::111111111111:root"))
            .collect();
        let hostile = trust(json!({"AWS": many}));
        let bare = trust(json!({"AWS": "111111111111"}));
        assert_eq!(
            candidate_partitions(&hostile, &bare).len(),
            MAX_CANDIDATES + 1
        );
    }

    #[test]
    fn a_document_with_bare_ids_keeps_its_own_partition() {
        let gov = trust(json!({"AWS": ["111111111111", "arn:aws-us-gov:iam::2:root"]}));
        let mixed =
            trust(json!({"AWS": ["arn:aws:iam::111111111111:root", "arn:aws-us-gov:iam::2:root"]}));
        assert_eq!(candidate_partitions(&gov, &mixed), vec!["aws-us-gov"]);
        let cn = trust(json!({"AWS": ["111111111111", "arn:aws-cn:iam::2:root"]}));
        assert_eq!(candidate_partitions(&gov, &cn), vec!["aws"]);
    }
}
