//! SDK errors → [`BackendError`], classified by IAM's error code so the apply executor
//! can tell what to retry and what to report, and worded as one sentence that says what
//! happened and what to check: the SDK's own texts are `Debug` dumps of its internals.

use aws_sdk_iam::config::http::HttpResponse;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};

use crate::backend::BackendError;

/// What a call was made for, so that a failure can say what to check.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallTarget {
    /// `prod (123456789012)`: the account as the manifests name it.
    pub(crate) account: String,
    /// The AWS profile the account's credentials come from, when one is named.
    pub(crate) profile: Option<String>,
    /// The endpoint set by option or `AWS_ENDPOINT_URL`; `None` for AWS's own.
    pub(crate) endpoint: Option<String>,
    /// The region STS calls go to.
    pub(crate) region: String,
}

impl CallTarget {
    /// Where `operation` was sent: the configured endpoint, or AWS's for its service.
    fn endpoint_of(&self, operation: &str) -> String {
        match &self.endpoint {
            Some(url) => url.clone(),
            None if is_sts(operation) => format!("https://sts.{}.amazonaws.com", self.region),
            None => "https://iam.amazonaws.com".to_string(),
        }
    }

    fn profile_note(&self) -> String {
        match &self.profile {
            Some(p) => format!(", profile {p}"),
            None => String::new(),
        }
    }
}

fn is_sts(operation: &str) -> bool {
    matches!(operation, "GetCallerIdentity" | "AssumeRole")
}

fn service(operation: &str) -> &'static str {
    if is_sts(operation) { "STS" } else { "IAM" }
}

/// Maps a failed call of `operation` to a [`BackendError`].
pub(crate) fn from_sdk_error<E>(
    operation: &str,
    target: &CallTarget,
    err: SdkError<E, HttpResponse>,
) -> BackendError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or_default();
            let message = service.err().message().unwrap_or_default();
            match from_code(code, status, service_text(operation, code, message, status)) {
                BackendError::Credentials(text) => BackendError::Credentials(format!(
                    "AWS refused the credentials for account {}{} ({text}); refresh them or \
                     check the profile and the account's assume_role",
                    target.account,
                    target.profile_note()
                )),
                classified => classified,
            }
        }
        SdkError::ResponseError(response) => {
            let status = response.raw().status().as_u16();
            let text = format!(
                "{operation}: the endpoint {} answered HTTP {status} with a body that is not \
                 an AWS response; check AWS_ENDPOINT_URL",
                target.endpoint_of(operation)
            );
            from_code("", status, text)
        }
        SdkError::TimeoutError(_) => unreachable_error(operation, target, "timed out"),
        SdkError::DispatchFailure(failure) => {
            let reason = root_cause(&err);
            if failure.is_other() && mentions_credentials(&chain_text(&err)) {
                // Identity resolution fails before the request is sent and surfaces here.
                BackendError::Credentials(credentials_text(target, &reason))
            } else if failure.is_user() {
                BackendError::Other(format!("{operation} could not be sent: {reason}"))
            } else {
                unreachable_error(operation, target, &reason)
            }
        }
        _ => BackendError::Other(format!(
            "{operation} could not be sent: {}",
            root_cause(&err)
        )),
    }
}

/// `GetUser: NoSuchEntity: The user …`, or a sentence when AWS sent no message.
fn service_text(operation: &str, code: &str, message: &str, status: u16) -> String {
    if !message.is_empty() {
        return if code.is_empty() {
            format!("{operation}: {message} (HTTP {status})")
        } else {
            format!("{operation}: {code}: {message}")
        };
    }
    let what = if code.is_empty() {
        "no error code or message".to_string()
    } else {
        format!("error {code} but no message")
    };
    let hint = if status >= 500 {
        "; the failure is on AWS's side, try again later"
    } else {
        ""
    };
    format!("{operation}: AWS answered HTTP {status} with {what}{hint}")
}

fn unreachable_error(operation: &str, target: &CallTarget, reason: &str) -> BackendError {
    BackendError::Unreachable(format!(
        "could not reach the {} endpoint {} ({reason}); check AWS_ENDPOINT_URL and the network",
        service(operation),
        target.endpoint_of(operation)
    ))
}

fn credentials_text(target: &CallTarget, reason: &str) -> String {
    let lower = reason.to_ascii_lowercase();
    // The default chain says one of these when no provider (environment, profile, SSO,
    // web identity, container, instance metadata) had credentials; the newer wording
    // lists every provider it tried, on several lines.
    if lower.contains("no providers in chain")
        || lower.contains("no credentials found in chain")
        || lower.contains("not loaded")
    {
        no_credentials_text(target)
    } else {
        format!(
            "could not get AWS credentials for account {}{}: {reason}; check the profile \
             and the account's assume_role",
            target.account,
            target.profile_note()
        )
    }
}

/// The message for an account without any credentials.
pub(crate) fn no_credentials_text(target: &CallTarget) -> String {
    format!(
        "no AWS credentials found for account {}{}; set AWS_PROFILE (or AWS_ACCESS_KEY_ID \
         and AWS_SECRET_ACCESS_KEY), or give the account a profile or assume_role in \
         iamform.yaml",
        target.account,
        target.profile_note()
    )
}

/// The innermost error of the chain, said plainly: an I/O error by its kind (the OS
/// text varies), otherwise its own message.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    let mut io_kind = None;
    while let Some(next) = current.source() {
        if let Some(io) = next.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        current = next;
    }
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".to_string(),
        Some(std::io::ErrorKind::ConnectionReset) => "connection reset".to_string(),
        Some(std::io::ErrorKind::TimedOut) => "timed out".to_string(),
        _ => current.to_string(),
    }
}

fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut current = err;
    while let Some(next) = current.source() {
        text.push_str(": ");
        text.push_str(&next.to_string());
        current = next;
    }
    text
}

fn mentions_credentials(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("credential") || lower.contains("identity")
}

/// Classifies an IAM/STS error code (and the HTTP status, for unknown codes).
pub(crate) fn from_code(code: &str, status: u16, text: String) -> BackendError {
    match code {
        // Identity Center names a missing permission set, boundary or assignment so.
        "NoSuchEntity" | "NoSuchEntityException" | "ResourceNotFoundException" => {
            BackendError::NoSuchEntity(text)
        }
        "ConflictException" => BackendError::ConcurrentModification(text),
        "EntityAlreadyExists" | "EntityAlreadyExistsException" => {
            BackendError::EntityAlreadyExists(text)
        }
        "DeleteConflict" | "DeleteConflictException" => BackendError::DeleteConflict(text),
        "LimitExceeded" | "LimitExceededException" | "ServiceQuotaExceededException" => {
            BackendError::LimitExceeded(text)
        }
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
    fn empty_answers_become_sentences() {
        assert_eq!(
            service_text("GetUser", "", "", 500),
            "GetUser: AWS answered HTTP 500 with no error code or message; the failure is on \
             AWS's side, try again later"
        );
        assert_eq!(
            service_text("GetUser", "Weird", "", 400),
            "GetUser: AWS answered HTTP 400 with error Weird but no message"
        );
        assert_eq!(
            service_text(
                "GetUser",
                "NoSuchEntity",
                "The user with name a cannot be found.",
                404
            ),
            "GetUser: NoSuchEntity: The user with name a cannot be found."
        );
    }

    #[test]
    fn the_root_cause_is_said_plainly() {
        #[derive(Debug, thiserror::Error)]
        #[error("dispatch failure")]
        struct Outer(#[source] std::io::Error);
        let refused = Outer(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert_eq!(root_cause(&refused), "connection refused");
        let other = Outer(std::io::Error::other("dns error: no such host"));
        assert_eq!(root_cause(&other), "dns error: no such host");
    }

    #[test]
    fn credential_messages_name_the_account_and_the_profile() {
        let target = CallTarget {
            account: "prod (123456789012)".into(),
            profile: Some("ops".into()),
            endpoint: None,
            region: "eu-west-1".into(),
        };
        let none = credentials_text(&target, "no providers in chain provided credentials");
        let listed = credentials_text(
            &target,
            "no credentials found in chain. Attempted:\n  Environment: the credential provider was not enabled",
        );
        assert_eq!(
            listed, none,
            "one sentence, not the SDK's list of providers"
        );
        assert!(
            none.starts_with("no AWS credentials found for account prod (123456789012), profile ops; set AWS_PROFILE"),
            "{none}"
        );
        let other = credentials_text(&target, "profile `ops` was not defined");
        assert!(
            other.contains("profile ops: profile `ops` was not defined;"),
            "{other}"
        );
        assert_eq!(
            target.endpoint_of("GetCallerIdentity"),
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(target.endpoint_of("GetUser"), "https://iam.amazonaws.com");
    }

    #[test]
    fn transient_classes_are_retryable() {
        assert!(class("Throttling", 400).is_transient());
        assert!(class("", 502).is_transient());
        assert!(!class("AccessDenied", 403).is_transient());
    }
}
