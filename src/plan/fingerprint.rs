//! A stable digest of an account's state, so `apply` can tell whether the account
//! changed since the plan was made.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::model::AccountIam;

/// `sha256:<hex>` of the compact JSON of everything read from the account, meta
/// included, hashed as it is written (no copy of the account's JSON is held). The JSON
/// is canonical for one build: policy documents are already parsed (raw and URL-encoded
/// spellings read the same) and their objects, like every map of the model, keep their
/// keys sorted (serde_json without `preserve_order`; pinned by the tests below); struct
/// fields come in declaration order.
pub fn fingerprint(iam: &AccountIam) -> String {
    // serde_json writes a few bytes at a time; the buffer hands the hash large blocks.
    let mut hasher = std::io::BufWriter::with_capacity(64 << 10, HashWriter(Sha256::new()));
    // Serializing the model cannot fail (no map has non-string keys), and writing into
    // a hasher cannot either; an error would still leave a digest that no re-read of an
    // unchanged account could miss, as the same error repeats.
    let _ = serde_json::to_writer(&mut hasher, iam);
    // What is still buffered goes into the hash directly (`Err` only if a write had
    // panicked, which would not have returned here).
    let (HashWriter(mut sha), rest) = hasher.into_parts();
    if let Ok(rest) = rest {
        sha.update(&rest);
    }
    let digest = sha.finalize();
    let mut out = String::from("sha256:");
    for byte in digest.iter() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Feeds what is written into the hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
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
    fn document_keys_are_hashed_in_order_whatever_order_they_were_read_in() {
        // Requires serde_json's maps to be sorted (no `preserve_order` feature anywhere
        // in the build): a live read and a state file may spell a document's keys in
        // any order.
        let a: PolicyDocument =
            serde_json::from_str(r#"{"b": [{"d": 1, "c": "x"}], "a": null}"#).unwrap();
        let b: PolicyDocument =
            serde_json::from_str(r#"{"a": null, "b": [{"c": "x", "d": 1}]}"#).unwrap();
        assert_eq!(fingerprint(&account(a)), fingerprint(&account(b)));
    }
}
