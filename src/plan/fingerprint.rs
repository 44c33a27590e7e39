//! A stable digest of an account's state, so `apply` can tell whether the account
//! changed since the plan was made.

use std::fmt::Write as _;
use std::ops::Range;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::AccountIam;

/// `sha256:<hex>` of the canonical JSON of everything read from the account, meta
/// included. Policy documents are already parsed (raw and URL-encoded spellings read the
/// same); object keys are sorted at every level so key order never matters.
pub fn fingerprint(iam: &AccountIam) -> String {
    let canonical = canonical_from_text(iam).unwrap_or_else(|| {
        // Not expected (the text is serde_json's own), but the digest must not depend
        // on it: the same canonical JSON, from a tree of the whole account.
        let mut out = Vec::new();
        write_canonical(&mut out, &serde_json::to_value(iam).unwrap_or(Value::Null));
        out
    });
    let digest = Sha256::digest(&canonical);
    let mut out = String::from("sha256:");
    for byte in digest.iter() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The canonical JSON of `iam`, made by reading its compact JSON text back and putting
/// each object's keys in order on the way: a tree of the whole account would take ten
/// times the memory of the text. `None` if the text could not be read back.
fn canonical_from_text(iam: &AccountIam) -> Option<Vec<u8>> {
    let text = serde_json::to_vec(iam).ok()?;
    let mut reader = serde_json::Deserializer::from_slice(&text);
    let mut out = Vec::with_capacity(text.len());
    Canonical(&mut out).deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    Some(out)
}

/// Appends the JSON value it reads as canonical JSON (what [`write_canonical`] writes).
struct Canonical<'w>(&'w mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for Canonical<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<(), D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Canonical<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        write_json(self.0, &Value::Null);
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        write_json(self.0, &v);
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        write_json(self.0, &v);
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        write_json(self.0, &v);
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        write_json(self.0, &Value::from(v));
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        write_json(self.0, v);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let out = self.0;
        out.push(b'[');
        let mut first = true;
        loop {
            // The comma goes in before the item is read, and out again if there is none.
            let mark = out.len();
            if !first {
                out.push(b',');
            }
            if items.next_element_seed(Canonical(out))?.is_none() {
                out.truncate(mark);
                break;
            }
            first = false;
        }
        out.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        out.push(b'{');
        let body = out.len();
        // Entries are written as they come, each remembered by key and place; maps and
        // JSON objects come with their keys in order already, only structs need moving.
        let mut entries: Vec<(String, Range<usize>)> = Vec::new();
        let mut in_order = true;
        while let Some(key) = map.next_key::<String>()? {
            if !entries.is_empty() {
                out.push(b',');
            }
            let start = out.len();
            write_json(out, &key);
            out.push(b':');
            map.next_value_seed(Canonical(out))?;
            in_order &= entries.last().is_none_or(|(last, _)| *last < key);
            entries.push((key, start..out.len()));
        }
        if !in_order {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let written = out.split_off(body);
            for (i, (_, at)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&written[at.start - body..at.end - body]);
            }
        }
        out.push(b'}');
        Ok(())
    }
}

/// Compact JSON with object keys in byte order, independent of how the map was built.
fn write_canonical(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(out, k);
                out.push(b':');
                write_canonical(out, v);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(out, v);
            }
            out.push(b']');
        }
        scalar => write_json(out, scalar),
    }
}

/// `value` as compact JSON, appended.
fn write_json(out: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    // Writing a string or a JSON scalar into memory cannot fail.
    let _ = serde_json::to_writer(out, value);
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
    fn reading_the_text_back_gives_the_canonical_json_of_the_tree() {
        let doc = PolicyDocument(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Sid": "é\"\u{1}", "Effect": "Allow", "Action": [], "Resource": "*",
                "Condition": {"NumericLessThan": {"n": -3, "f": 1.5, "big": 1e300, "u": 18446744073709551615u64},
                              "Null": {"x": [true, null, [], {}]}}}]
        }));
        let iam = account(doc);
        let from_text = canonical_from_text(&iam).unwrap();
        let mut from_tree = Vec::new();
        write_canonical(&mut from_tree, &serde_json::to_value(&iam).unwrap());
        assert_eq!(
            String::from_utf8(from_text).unwrap(),
            String::from_utf8(from_tree).unwrap()
        );
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
