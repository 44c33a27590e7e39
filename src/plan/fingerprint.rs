//! A stable digest of an account's state, so `apply` can tell whether the account
//! changed since the plan was made.

use std::fmt::Write as _;
use std::io::Write;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::AccountIam;

/// `sha256:<hex>` of the canonical JSON of everything read from the account, meta
/// included. Policy documents are already parsed (raw and URL-encoded spellings read the
/// same); object keys are sorted at every level so key order never matters.
pub fn fingerprint(iam: &AccountIam) -> String {
    let value = serde_json::to_value(iam).unwrap_or(Value::Null);
    // Hashed as it is written: the canonical text of a large account is never held.
    let mut hasher = HashWriter(Sha256::new());
    write_canonical(&mut hasher, &value);
    let digest = hasher.0.finalize();
    let mut out = String::from("sha256:");
    for byte in digest.iter() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Compact JSON with object keys in byte order, independent of how the map was built.
fn write_canonical(out: &mut impl Write, value: &Value) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            write_bytes(out, b"{");
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    write_bytes(out, b",");
                }
                write_json(out, k);
                write_bytes(out, b":");
                write_canonical(out, v);
            }
            write_bytes(out, b"}");
        }
        Value::Array(items) => {
            write_bytes(out, b"[");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    write_bytes(out, b",");
                }
                write_canonical(out, v);
            }
            write_bytes(out, b"]");
        }
        scalar => write_json(out, scalar),
    }
}

fn write_bytes(out: &mut impl Write, bytes: &[u8]) {
    // As in `write_json`: memory and hashers take every byte.
    let _ = out.write_all(bytes);
}

/// `value` as compact JSON.
fn write_json(out: &mut impl Write, value: &(impl serde::Serialize + ?Sized)) {
    // Writing a string or a JSON scalar to memory or a hasher cannot fail.
    let _ = serde_json::to_writer(out, value);
}

/// Feeds what is written to the hash.
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
        let mut out = Vec::new();
        write_canonical(
            &mut out,
            &serde_json::json!({"b": [{"d": 1, "c": "x\"é"}], "a": null, "é": 1.5}),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a":null,"b":[{"c":"x\"é","d":1}],"é":1.5}"#
        );
    }
}
