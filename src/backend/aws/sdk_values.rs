//! Small conversions between SDK value types and the model's: tags, dates, documents.

use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::Tag;

use crate::backend::BackendError;
use crate::model::{PolicyDocument, Tags};

/// Tags as the model keeps them.
pub(crate) fn tags_from_sdk(tags: &[Tag]) -> Tags {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

/// Tags as IAM takes them; `None` for an empty set so that no empty list is sent.
pub(crate) fn tags_to_sdk(tags: &Tags) -> Result<Option<Vec<Tag>>, BackendError> {
    if tags.is_empty() {
        return Ok(None);
    }
    tags.iter()
        .map(|(k, v)| {
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| BackendError::InvalidInput(format!("tag `{k}`: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A date as RFC 3339 text.
pub(crate) fn rfc3339(date: Option<&DateTime>) -> Option<String> {
    date.and_then(|d| d.fmt(DateTimeFormat::DateTime).ok())
}

/// Reads a document IAM returned (raw or URL-encoded JSON); `what` says whose it is.
pub(crate) fn document(what: &str, text: Option<&str>) -> Result<PolicyDocument, BackendError> {
    let text = text.ok_or_else(|| {
        BackendError::ServiceFailure(format!("IAM returned no policy document for {what}"))
    })?;
    PolicyDocument::from_iam_string(text)
        .map_err(|e| BackendError::ServiceFailure(format!("{what}: {e}")))
}

/// An empty string means "no description" to IAM; the model says `None`.
pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_empty_sends_nothing() {
        let tags: Tags = [("team".to_string(), "core".to_string())].into();
        let sdk = tags_to_sdk(&tags).unwrap().unwrap();
        assert_eq!(tags_from_sdk(&sdk), tags);
        assert!(tags_to_sdk(&Tags::new()).unwrap().is_none());
    }

    #[test]
    fn dates_are_rfc3339() {
        let d = DateTime::from_secs(1_700_000_000);
        assert_eq!(rfc3339(Some(&d)).unwrap(), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(None), None);
    }

    #[test]
    fn documents_decode_or_fail_with_context() {
        let doc = document("role r", Some("%7B%22Version%22%3A%222012-10-17%22%7D")).unwrap();
        assert_eq!(doc.0["Version"], "2012-10-17");
        let err = document("role r", Some("nope")).unwrap_err();
        assert!(matches!(err, BackendError::ServiceFailure(m) if m.starts_with("role r")));
        assert!(document("role r", None).is_err());
    }

    #[test]
    fn empty_description_is_none() {
        assert_eq!(non_empty(Some("")), None);
        assert_eq!(non_empty(Some("x")), Some("x".into()));
    }
}
