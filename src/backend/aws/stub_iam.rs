//! A scripted IAM endpoint for unit tests, plugged in as the SDK's HTTP client: it
//! answers query-protocol requests from canned XML, so the SDK's paging parameters,
//! retries and error parsing run as they do against IAM, without a server.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_iam::config::SharedHttpClient;
use aws_sdk_iam::config::retry::RetryConfig;
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::read_retry::READ_ATTEMPTS;
use super::{AccessKey, AwsBackend, AwsOptions};
use crate::model::AccountConfig;

/// The account the stub serves.
pub(crate) const STUB_ACCOUNT: &str = "111111111111";

/// What the stub holds and how it misbehaves.
#[derive(Debug, Default)]
pub(crate) struct StubIam {
    /// Users GetAccountAuthorizationDetails returns.
    pub(crate) users: Vec<String>,
    /// Most items one page holds whatever MaxItems asks (IAM may return fewer).
    pub(crate) page_limit: Option<usize>,
    /// How many of the next calls of an operation answer Throttling.
    pub(crate) throttle: Mutex<BTreeMap<String, u32>>,
    /// The credential report's CSV text.
    pub(crate) credential_report: String,
    /// Users with a console password.
    pub(crate) login_profiles: Vec<String>,
    /// Access key ids by user.
    pub(crate) access_keys: BTreeMap<String, Vec<String>>,
}

impl StubIam {
    /// A stub holding `users` users named `u0`, `u1`, …
    pub(crate) fn with_users(users: usize) -> StubIam {
        StubIam {
            users: (0..users).map(|i| format!("u{i}")).collect(),
            ..StubIam::default()
        }
    }

    /// Answers the next `times` calls of `operation` with Throttling.
    pub(crate) fn throttle(&self, operation: &str, times: u32) {
        self.throttle
            .lock()
            .unwrap()
            .insert(operation.to_string(), times);
    }

    /// An AWS backend whose every request this stub answers; reads retry as in
    /// production but with millisecond backoffs.
    pub(crate) fn backend(self: &Arc<StubIam>) -> AwsBackend {
        let stub = self.clone();
        let http: SharedHttpClient =
            http_client_fn(move |_, _| SharedHttpConnector::new(StubConnector(stub.clone())));
        let options = AwsOptions {
            region: Some("us-east-1".into()),
            // Never contacted: the stub answers instead.
            endpoint_url: Some("http://127.0.0.1:9".into()),
            credentials: Some(AccessKey {
                access_key_id: "AKIDSTUB".into(),
                secret_access_key: "stub".into(),
                session_token: None,
            }),
            ..AwsOptions::default()
        };
        let retry = RetryConfig::adaptive()
            .with_max_attempts(READ_ATTEMPTS)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5));
        AwsBackend::with_http_client(options, http, retry).unwrap()
    }

    fn answer(&self, params: &BTreeMap<String, String>) -> (u16, String) {
        let action = params.get("Action").map(String::as_str).unwrap_or_default();
        if let Some(left) = self.throttle.lock().unwrap().get_mut(action)
            && *left > 0
        {
            *left -= 1;
            return (400, error("Sender", "Throttling", "Rate exceeded"));
        }
        match action {
            "GetAccountAuthorizationDetails" => (200, self.authorization_details(params)),
            "GetAccountPasswordPolicy" => (
                404,
                error(
                    "Sender",
                    "NoSuchEntity",
                    "The Password Policy cannot be found.",
                ),
            ),
            "GetCallerIdentity" => (
                200,
                format!(
                    "<GetCallerIdentityResponse><GetCallerIdentityResult>\
                     <Arn>arn:aws:iam::{STUB_ACCOUNT}:user/stub</Arn><UserId>AIDASTUB</UserId>\
                     <Account>{STUB_ACCOUNT}</Account></GetCallerIdentityResult>\
                     </GetCallerIdentityResponse>"
                ),
            ),
            "ListRoles" => (
                200,
                result(action, "<IsTruncated>false</IsTruncated><Roles/>"),
            ),
            "ListInstanceProfiles" => (
                200,
                result(
                    action,
                    "<IsTruncated>false</IsTruncated><InstanceProfiles/>",
                ),
            ),
            "ListOpenIDConnectProviders" => (200, result(action, "<OpenIDConnectProviderList/>")),
            "ListSAMLProviders" => (200, result(action, "<SAMLProviderList/>")),
            "ListAccountAliases" => (
                200,
                result(action, "<IsTruncated>false</IsTruncated><AccountAliases/>"),
            ),
            "GenerateCredentialReport" => (200, result(action, "<State>COMPLETE</State>")),
            "GetCredentialReport" => (
                200,
                result(
                    action,
                    &format!(
                        "<Content>{}</Content><ReportFormat>text/csv</ReportFormat>\
                         <GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime>",
                        aws_smithy_types::base64::encode(&self.credential_report)
                    ),
                ),
            ),
            "GetLoginProfile" => {
                let user = params.get("UserName").cloned().unwrap_or_default();
                if self.login_profiles.contains(&user) {
                    let body = format!(
                        "<LoginProfile><UserName>{user}</UserName>\
                         <CreateDate>2024-01-01T00:00:00Z</CreateDate></LoginProfile>"
                    );
                    (200, result(action, &body))
                } else {
                    (404, error("Sender", "NoSuchEntity", "no login profile"))
                }
            }
            "ListAccessKeys" => {
                let user = params.get("UserName").cloned().unwrap_or_default();
                let members: String = self
                    .access_keys
                    .get(&user)
                    .into_iter()
                    .flatten()
                    .map(|id| {
                        format!(
                            "<member><UserName>{user}</UserName><AccessKeyId>{id}</AccessKeyId>\
                             <Status>Active</Status>\
                             <CreateDate>2024-01-01T00:00:00Z</CreateDate></member>"
                        )
                    })
                    .collect();
                let body = format!(
                    "<IsTruncated>false</IsTruncated><AccessKeyMetadata>{members}</AccessKeyMetadata>"
                );
                (200, result(action, &body))
            }
            other => (
                400,
                error("Sender", "InvalidAction", &format!("stub has no {other}")),
            ),
        }
    }

    /// One page of users: from the marker (an index), MaxItems of them (100 when unset,
    /// as IAM), at most `page_limit`.
    fn authorization_details(&self, params: &BTreeMap<String, String>) -> String {
        let start: usize = params
            .get("Marker")
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        let asked: usize = params
            .get("MaxItems")
            .and_then(|m| m.parse().ok())
            .unwrap_or(100);
        let size = self.page_limit.map_or(asked, |limit| asked.min(limit));
        let end = (start + size).min(self.users.len());
        let members: String = self.users[start..end]
            .iter()
            .map(|name| {
                format!(
                    "<member><UserName>{name}</UserName><Path>/</Path><UserId>AIDA{name}</UserId>\
                     <Arn>arn:aws:iam::{STUB_ACCOUNT}:user/{name}</Arn>\
                     <CreateDate>2024-01-01T00:00:00Z</CreateDate></member>"
                )
            })
            .collect();
        let paging = if end < self.users.len() {
            format!("<IsTruncated>true</IsTruncated><Marker>{end}</Marker>")
        } else {
            "<IsTruncated>false</IsTruncated>".to_string()
        };
        result(
            "GetAccountAuthorizationDetails",
            &format!(
                "{paging}<UserDetailList>{members}</UserDetailList><GroupDetailList/>\
                 <RoleDetailList/><Policies/>"
            ),
        )
    }
}

/// An account named `prod` with id `id`. Each test reads its own: the SDK keeps the
/// adaptive rate limiter and retry quota per account for the whole process.
pub(crate) fn stub_account(id: &str) -> AccountConfig {
    AccountConfig {
        name: "prod".into(),
        id: id.into(),
        ..AccountConfig::default()
    }
}

fn result(action: &str, body: &str) -> String {
    format!(
        "<{action}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <{action}Result>{body}</{action}Result>\
         <ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></{action}Response>"
    )
}

fn error(kind: &str, code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code>\
         <Message>{message}</Message></Error><RequestId>stub</RequestId></ErrorResponse>"
    )
}

#[derive(Debug)]
struct StubConnector(Arc<StubIam>);

impl HttpConnector for StubConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let params: BTreeMap<String, String> = request
            .body()
            .bytes()
            .map(|body| {
                body.split(|b| *b == b'&')
                    .filter_map(|pair| {
                        let text = std::str::from_utf8(pair).ok()?;
                        let (k, v) = text.split_once('=')?;
                        let v = percent_encoding::percent_decode_str(v).decode_utf8().ok()?;
                        Some((k.to_string(), v.into_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (status, body) = self.0.answer(&params);
        let response = HttpResponse::new(
            StatusCode::try_from(status).expect("a valid status"),
            SdkBody::from(body),
        );
        HttpConnectorFuture::ready(Ok(response))
    }
}
