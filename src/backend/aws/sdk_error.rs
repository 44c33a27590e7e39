//! SDK errors → [`BackendError`], classified by IAM's error code so the apply executor
//! can tell what to retry and what to report.

use aws_sdk_iam::config::http::HttpResponse;
use aws_sdk_iam::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::backend::BackendError;

/// Maps a failed call of `operation` to a [`BackendError`].
pub(crate) fn from_sdk_error<E>(operation: &str, err: SdkError<E, HttpResponse>) -> BackendError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or_default().to_string();
            let message = service.err().message().unwrap_or_default();
            let text = if message.is_empty() {
                format!("{operation}: {code} (HTTP {status})")
            } else {
                format!("{operation}: {code}: {message}")
            };
            from_code(&code, status, text)
        }
        SdkError::ResponseError(response) => {
            let status = response.raw().status().as_u16();
            let text = format!("{operation}: unreadable response (HTTP {status})");
            from_code("", status, text)
        }
        SdkError::TimeoutError(_) => {
            BackendError::ServiceFailure(format!("{operation}: timed out"))
        }
        SdkError::DispatchFailure(failure) => {
            let text = format!("{operation}: {}", DisplayErrorContext(&err));
            if failure.is_user() {
                BackendError::Other(text)
            } else if failure.is_other() && mentions_credentials(&text) {
                // Identity resolution fails before the request is sent and surfaces here.
                BackendError::Credentials(text)
            } else {
                BackendError::ServiceFailure(text)
            }
        }
        SdkError::ConstructionFailure(_) => {
            BackendError::Other(format!("{operation}: {}", DisplayErrorContext(&err)))
        }
        _ => BackendError::Other(format!("{operation}: {}", DisplayErrorContext(&err))),
    }
}

fn mentions_credentials(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("credential") || lower.contains("identity")
}

/// Classifies an IAM/STS error code (and the HTTP status, for unknown codes).
pub(crate) fn from_code(code: &str, status: u16, text: String) -> BackendError {
    match code {
        "NoSuchEntity" | "NoSuchEntityException" => BackendError::NoSuchEntity(text),
        "EntityAlreadyExists" | "EntityAlreadyExistsException" => {
            BackendError::EntityAlreadyExists(text)
        }
        "DeleteConflict" | "DeleteConflictException" => BackendError::DeleteConflict(text),
        "LimitExceeded" | "LimitExceededException" => BackendError::LimitExceeded(text),
        "MalformedPolicyDocument" | "MalformedPolicyDocumentException" => {
            BackendError::MalformedPolicy(text)
        }
        "InvalidInput"
        | "InvalidInputException"
        | "ValidationError"
        | "ValidationException"
        | "InvalidParameterValue"
        | "PasswordPolicyViolation" => BackendError::InvalidInput(text),
        "Throttling" | "ThrottlingException" | "RequestLimitExceeded" | "TooManyRequests" => {
            BackendError::Throttled(text)
        }
        "ServiceFailure" | "ServiceFailureException" | "InternalFailure" | "ServiceUnavailable" => {
            BackendError::ServiceFailure(text)
        }
        "ConcurrentModification" | "ConcurrentModificationException" => {
            BackendError::ConcurrentModification(text)
        }
        "EntityTemporarilyUnmodifiable" | "EntityTemporarilyUnmodifiableException" => {
            BackendError::EntityTemporarilyUnmodifiable(text)
        }
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
            BackendError::AccessDenied(text)
        }
        "ExpiredToken"
        | "ExpiredTokenException"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "MissingAuthenticationToken"
        | "RegionDisabledException" => BackendError::Credentials(text),
        _ if status >= 500 => BackendError::ServiceFailure(text),
        _ if status == 429 => BackendError::Throttled(text),
        _ => BackendError::Other(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(code: &str, status: u16) -> BackendError {
        from_code(code, status, "m".into())
    }

    #[test]
    fn iam_codes_map_to_their_variants() {
        let m = || "m".to_string();
        assert_eq!(class("NoSuchEntity", 404), BackendError::NoSuchEntity(m()));
        assert_eq!(
            class("EntityAlreadyExists", 409),
            BackendError::EntityAlreadyExists(m())
        );
        assert_eq!(
            class("DeleteConflict", 409),
            BackendError::DeleteConflict(m())
        );
        assert_eq!(
            class("LimitExceeded", 409),
            BackendError::LimitExceeded(m())
        );
        assert_eq!(
            class("MalformedPolicyDocument", 400),
            BackendError::MalformedPolicy(m())
        );
        assert_eq!(class("InvalidInput", 400), BackendError::InvalidInput(m()));
        assert_eq!(
            class("ValidationError", 400),
            BackendError::InvalidInput(m())
        );
        assert_eq!(class("Throttling", 400), BackendError::Throttled(m()));
        assert_eq!(
            class("ServiceFailure", 500),
            BackendError::ServiceFailure(m())
        );
        assert_eq!(
            class("ConcurrentModification", 409),
            BackendError::ConcurrentModification(m())
        );
        assert_eq!(
            class("EntityTemporarilyUnmodifiable", 409),
            BackendError::EntityTemporarilyUnmodifiable(m())
        );
        assert_eq!(class("AccessDenied", 403), BackendError::AccessDenied(m()));
        assert_eq!(class("ExpiredToken", 403), BackendError::Credentials(m()));
    }

    #[test]
    fn unknown_codes_fall_back_on_the_status() {
        assert_eq!(class("", 503), BackendError::ServiceFailure("m".into()));
        assert_eq!(
            class("Weird", 500),
            BackendError::ServiceFailure("m".into())
        );
        assert_eq!(class("", 429), BackendError::Throttled("m".into()));
        assert_eq!(class("Weird", 400), BackendError::Other("m".into()));
    }

    #[test]
    fn transient_classes_are_retryable() {
        assert!(class("Throttling", 400).is_transient());
        assert!(class("", 502).is_transient());
        assert!(!class("AccessDenied", 403).is_transient());
    }
}
