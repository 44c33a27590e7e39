//! A policy document as IAM stores it: JSON, read from YAML, JSON, or URL-encoded JSON.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A policy document, kept as the JSON value it was written as. Compare documents with
/// [`crate::policy::equivalent`], never with `==`, which is textual.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument(pub serde_json::Value);

/// Why a stored policy document string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy document is neither JSON nor URL-encoded JSON: {0}")]
pub struct DocumentDecodeError(pub String);

impl PolicyDocument {
    /// Reads a document string as IAM returns it: raw JSON, or URL-encoded JSON
    /// (GetAccountAuthorizationDetails and several Get* calls encode it, others do not).
    pub fn from_iam_string(s: &str) -> Result<PolicyDocument, DocumentDecodeError> {
        if s.trim_start().starts_with('{')
            && let Ok(v) = serde_json::from_str(s)
        {
            return Ok(PolicyDocument(v));
        }
        let decoded = percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map_err(|e| DocumentDecodeError(e.to_string()))?;
        serde_json::from_str(&decoded)
            // Form encoding writes spaces as '+' (a literal '+' is always %2B there).
            .or_else(|_| serde_json::from_str(&decoded.replace('+', " ")))
            .map(PolicyDocument)
            .map_err(|e| DocumentDecodeError(e.to_string()))
    }

    /// The document as compact JSON, as sent to IAM.
    pub fn to_json_string(&self) -> String {
        self.0.to_string()
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for PolicyDocument {
    /// Accepts a JSON object, or a string holding raw or URL-encoded JSON.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::String(s) => {
                PolicyDocument::from_iam_string(&s).map_err(serde::de::Error::custom)
            }
            other => Ok(PolicyDocument(other)),
        }
    }
}

impl schemars::JsonSchema for PolicyDocument {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PolicyDocument".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An IAM policy document: a JSON object, or a string of raw or URL-encoded JSON.",
            "type": ["object", "string"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_raw_and_url_encoded_documents() {
        let raw = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let enc = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            PolicyDocument::from_iam_string(raw).unwrap(),
            PolicyDocument::from_iam_string(enc).unwrap()
        );
        let doc: PolicyDocument = serde_json::from_str(&format!("\"{enc}\"")).unwrap();
        assert_eq!(doc.0["Version"], "2012-10-17");
        assert!(PolicyDocument::from_iam_string("not json").is_err());
    }
}
