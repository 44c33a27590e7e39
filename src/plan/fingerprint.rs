//! A stable digest of an account's state, so `apply` can tell whether the account
//! changed since the plan was made.

use std::fmt::Write as _;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::AccountIam;

/// `sha256:<hex>` of the canonical JSON of everything read from the account, meta
/// included. Policy documents are already parsed (raw and URL-encoded spellings read the
/// same); object keys are sorted at every level so key order never matters.
pub fn fingerprint(iam: &AccountIam) -> String {
    let value = serde_json::to_value(iam).unwrap_or(Value::Null);
    let mut canonical = String::new();
    write_canonical(&mut canonical, &value);
    let digest = Sha256::digest(canonical.as_bytes());
    let mut out = String::from("sha256:");
    for byte in digest.iter() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Compact JSON with object keys in byte order, independent of how the map was built.
fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(out, v);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, v);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityMeta, ManagedPolicy, PolicyDocument};

    fn account(document: PolicyDocument) -> AccountIam {
        let mut iam = AccountIam::new("111111111111");
        iam.policies.insert(
            "read".into(),
            ManagedPolicy {
                name: "read".into(),
                path: "/".into(),
                description: None,
                document,
                tags: Default::default(),
                versions: Vec::new(),
                meta: EntityMeta {
                    id: Some("ANPA1".into()),
                    arn: Some("arn:aws:iam::111111111111:policy/read".into()),
                    created: None,
                },
            },
        );
        iam
    }

    #[test]
    fn same_state_spelled_differently_fingerprints_the_same() {
        let raw = PolicyDocument::from_iam_string(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        )
        .unwrap();
        let encoded = PolicyDocument::from_iam_string(
            "%7B%22Statement%22%3A%5B%7B%22Resource%22%3A%22*%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Effect%22%3A%22Allow%22%7D%5D%2C%22Version%22%3A%222012-10-17%22%7D",
        )
        .unwrap();
        let a = fingerprint(&account(raw));
        assert_eq!(a, fingerprint(&account(encoded)));
        assert!(a.starts_with("sha256:") && a.len() == "sha256:".len() + 64);
    }

    #[test]
    fn any_entity_change_changes_the_fingerprint() {
        let doc = PolicyDocument(serde_json::json!({"Version": "2012-10-17", "Statement": []}));
        let base = account(doc.clone());
        let f = fingerprint(&base);

        let mut meta_changed = base.clone();
        meta_changed.policies.get_mut("read").unwrap().meta.id = Some("ANPA2".into());
        let mut doc_changed = base.clone();
        doc_changed.policies.get_mut("read").unwrap().document =
            PolicyDocument(serde_json::json!({"Version": "2008-10-17", "Statement": []}));
        let mut added = base.clone();
        added.settings.alias = Some("acme".into());
        for other in [meta_changed, doc_changed, added] {
            assert_ne!(f, fingerprint(&other));
        }
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let mut out = String::new();
        write_canonical(
            &mut out,
            &serde_json::json!({"b": [{"d": 1, "c": "x"}], "a": null}),
        );
        assert_eq!(out, r#"{"a":null,"b":[{"c":"x","d":1}]}"#);
    }
}
