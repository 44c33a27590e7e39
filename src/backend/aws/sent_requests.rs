//! Every HTTP request the SDK sends, seen below the SDK: the HTTP client is wrapped, so the
//! requests of credential providers (sts:AssumeRole, SSO) and each retry attempt are
//! seen too, and `-v` shows what the server saw rather than what iamform asked for.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_sdk_iam::config::{HttpClient, RuntimeComponents, SharedHttpClient};
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;

/// One request as it went out; a retried call is one request per attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    /// The API action (`ListRoles`, `AssumeRole`), or `METHOD path` for requests that
    /// name none (instance metadata, SSO).
    pub operation: String,
    /// The `MaxItems` parameter, when the request set one.
    pub max_items: Option<u32>,
    /// Which attempt of its call this was, from 1 (the SDK's `amz-sdk-request` header).
    pub attempt: u32,
}

/// The requests sent so far, in order.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    requests: Mutex<Vec<SentRequest>>,
}

impl RequestLog {
    fn record(&self, request: SentRequest) {
        self.lock().push(request);
    }

    /// Requests by operation.
    pub(crate) fn counts(&self) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for r in self.lock().iter() {
            *counts.entry(r.operation.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Every request, in the order they were sent.
    pub(crate) fn requests(&self) -> Vec<SentRequest> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SentRequest>> {
        self.requests.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The HTTP client the SDK would pick by default (rustls with aws-lc, proxies from the
/// environment), built the way aws-smithy-runtime builds it, so wrapping it changes
/// nothing but what is recorded.
pub(crate) fn default_http_client() -> SharedHttpClient {
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
            .proxy_config(ProxyConfig::from_env());
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.build()
    })
}

/// `inner`, recording each request it sends in `log`.
pub(crate) fn recording(inner: SharedHttpClient, log: Arc<RequestLog>) -> SharedHttpClient {
    SharedHttpClient::new(RecordingClient { inner, log })
}

#[derive(Debug)]
struct RecordingClient {
    inner: SharedHttpClient,
    log: Arc<RequestLog>,
}

impl HttpClient for RecordingClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(RecordingConnector {
            inner: self.inner.http_connector(settings, components),
            log: self.log.clone(),
        })
    }

    fn connector_metadata(
        &self,
    ) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

#[derive(Debug)]
struct RecordingConnector {
    inner: SharedHttpConnector,
    log: Arc<RequestLog>,
}

impl HttpConnector for RecordingConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        self.log.record(describe(&request));
        self.inner.call(request)
    }
}

/// What `request` asks for: IAM and STS use the query protocol, whose form body holds
/// `Action` and `MaxItems`.
fn describe(request: &HttpRequest) -> SentRequest {
    let params = request.body().bytes().map(form_params).unwrap_or_default();
    let operation = params
        .get("Action")
        .cloned()
        .or_else(|| request.headers().get("x-amz-target").map(str::to_string))
        .unwrap_or_else(|| {
            let uri = request.uri();
            let path = uri.split_once('?').map_or(uri, |(path, _)| path);
            format!("{} {path}", request.method())
        });
    SentRequest {
        operation,
        max_items: params.get("MaxItems").and_then(|n| n.parse().ok()),
        attempt: request
            .headers()
            .get("amz-sdk-request")
            .and_then(attempt_number)
            .unwrap_or(1),
    }
}

/// `attempt=2; max=6` → 2.
fn attempt_number(header: &str) -> Option<u32> {
    header
        .split(';')
        .find_map(|part| part.trim().strip_prefix("attempt="))
        .and_then(|n| n.parse().ok())
}

/// The `Action` and `MaxItems` of an `application/x-www-form-urlencoded` body (the only
/// parameters recorded: others may hold policy documents or secrets).
fn form_params(body: &[u8]) -> BTreeMap<String, String> {
    body.split(|b| *b == b'&')
        .filter_map(|pair| {
            let (key, value) = pair.split_at(pair.iter().position(|b| *b == b'=')?);
            let key = std::str::from_utf8(key).ok()?;
            if !matches!(key, "Action" | "MaxItems") {
                return None;
            }
            let value = percent_encoding::percent_decode(&value[1..])
                .decode_utf8()
                .ok()?;
            Some((key.to_string(), value.into_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str, headers: &[(&str, &str)]) -> HttpRequest {
        let mut request = HttpRequest::new(aws_smithy_types::body::SdkBody::from(body));
        for (k, v) in headers {
            request.headers_mut().insert(k.to_string(), v.to_string());
        }
        request
    }

    #[test]
    fn query_requests_are_named_by_action_with_max_items_and_attempt() {
        let sent = describe(&request(
            "Action=ListRoles&Version=2010-05-08&MaxItems=1000&Marker=a%3Db",
            &[("amz-sdk-request", "attempt=3; max=6")],
        ));
        assert_eq!(
            sent,
            SentRequest {
                operation: "ListRoles".into(),
                max_items: Some(1000),
                attempt: 3,
            }
        );
        let first = describe(&request("Action=AssumeRole&RoleArn=x", &[]));
        assert_eq!(
            (first.operation.as_str(), first.max_items),
            ("AssumeRole", None)
        );
        assert_eq!(first.attempt, 1);
    }

    #[test]
    fn other_requests_are_named_by_method_and_path() {
        let mut r = request("", &[]);
        r.set_uri("http://169.254.169.254/latest/api/token?x=1")
            .unwrap();
        assert_eq!(
            describe(&r).operation,
            "GET http://169.254.169.254/latest/api/token"
        );
        let json = request("{}", &[("x-amz-target", "SSO.GetRoleCredentials")]);
        assert_eq!(describe(&json).operation, "SSO.GetRoleCredentials");
    }

    #[test]
    fn log_counts_by_operation() {
        let log = RequestLog::default();
        for op in ["GetCallerIdentity", "ListRoles", "ListRoles"] {
            log.record(SentRequest {
                operation: op.into(),
                max_items: None,
                attempt: 1,
            });
        }
        assert_eq!(log.counts()["ListRoles"], 2);
        assert_eq!(log.requests().len(), 3);
    }
}
