//! Which partition a bare account id in a `Principal` stands for.
//!
//! IAM stores `{"AWS": "123456789012"}` as `arn:PARTITION:iam::123456789012:root`, with
//! the partition the policy lives in (`aws`, `aws-cn`, `aws-us-gov`, …). Two documents
//! compared by [`super::equivalent`] live in one partition, so a bare id equals the root
//! ARN of that id that either document names, in whatever partition; with none named,
//! normalization assumes `aws`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

/// Account id → the partition of the first `arn:P:iam::ID:root` principal `documents`
/// name.
pub(crate) fn root_partitions<'a>(
    documents: impl IntoIterator<Item = &'a Value>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for doc in documents {
        for value in aws_principal_values(doc) {
            if let Some((partition, id)) = root_arn_parts(value) {
                out.entry(id.to_string())
                    .or_insert_with(|| partition.to_string());
            }
        }
    }
    out
}

/// `doc` with each bare account id in `AWS` principals written as the root ARN in the
/// partition `partitions` gives it; borrowed when nothing changes.
pub(crate) fn with_root_partitions<'a>(
    doc: &'a Value,
    partitions: &BTreeMap<String, String>,
) -> Cow<'a, Value> {
    let needs = aws_principal_values(doc)
        .any(|v| partitions.contains_key(v) && crate::arn::is_account_id(v));
    if !needs {
        return Cow::Borrowed(doc);
    }
    let mut doc = doc.clone();
    let rewrite = |v: &mut Value| {
        if let Value::String(s) = v
            && crate::arn::is_account_id(s)
            && let Some(p) = partitions.get(s.as_str())
        {
            *s = crate::arn::account_root_in(p, s);
        }
    };
    for statement in statements_mut(&mut doc) {
        for key in ["Principal", "NotPrincipal"] {
            if let Some(aws) = statement.get_mut(key).and_then(|p| p.get_mut("AWS")) {
                match aws {
                    Value::Array(items) => items.iter_mut().for_each(rewrite),
                    one => rewrite(one),
                }
            }
        }
    }
    Cow::Owned(doc)
}

/// `arn:P:iam::ID:root` → `(P, ID)`.
fn root_arn_parts(value: &str) -> Option<(&str, &str)> {
    let rest = value.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let id = rest.strip_prefix("iam::")?.strip_suffix(":root")?;
    (!partition.is_empty() && crate::arn::is_account_id(id)).then_some((partition, id))
}

fn statements(doc: &Value) -> impl Iterator<Item = &Value> {
    let list: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    list.into_iter()
}

fn statements_mut(doc: &mut Value) -> Vec<&mut Value> {
    match doc.get_mut("Statement") {
        Some(Value::Array(items)) => items.iter_mut().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

fn aws_principal_values(doc: &Value) -> impl Iterator<Item = &str> {
    statements(doc).flat_map(|s| {
        ["Principal", "NotPrincipal"]
            .into_iter()
            .filter_map(|k| s.get(k).and_then(|p| p.get("AWS")))
            .flat_map(|aws| match aws {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            })
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn bare_ids_take_the_partition_of_a_named_root() {
        let cn =
            json!({"Statement": {"Principal": {"AWS": ["arn:aws-cn:iam::123456789012:root"]}}});
        let bare = json!({"Statement": [{"Principal": {"AWS": "123456789012"}}, {"Principal": {"AWS": ["111111111111"]}}]});
        let partitions = root_partitions([&cn, &bare]);
        assert_eq!(partitions.len(), 1);
        let rewritten = with_root_partitions(&bare, &partitions);
        assert_eq!(
            rewritten.as_ref(),
            &json!({"Statement": [{"Principal": {"AWS": "arn:aws-cn:iam::123456789012:root"}}, {"Principal": {"AWS": ["111111111111"]}}]})
        );
        assert!(matches!(
            with_root_partitions(&cn, &partitions),
            Cow::Borrowed(_)
        ));
        assert_eq!(root_arn_parts("arn:aws:iam::123456789012:role/x"), None);
    }
}
