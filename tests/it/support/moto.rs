//! The moto IAM/STS server that `scripts/test` starts: where it is, isolated accounts
//! for each test, an SDK client to change things behind iamform's back, and the
//! environment that points the real binary at it.

use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use iamform::backend::{AccessKey, AwsBackend, AwsOptions};
use iamform::model::AccountConfig;

/// Where `scripts/test` says moto listens.
pub const ENDPOINT_VAR: &str = "IAMFORM_MOTO_ENDPOINT";
/// Set by `scripts/test`: a missing or unreachable moto is then a failure, not a skip.
pub const REQUIRE_VAR: &str = "IAMFORM_REQUIRE_MOTO";
/// Role every test assumes into its own account; moto grants any role.
pub const TEST_ROLE: &str = "iamform-test";
/// moto accepts any key; these are the conventional fake ones.
pub const FAKE_KEY: &str = "testing";

/// `let endpoint = moto_or_skip!("test_name");`: the moto endpoint, or return from the
/// test when it is skipped (see [`endpoint`]). Not every test file uses it.
#[allow(unused_macros)]
macro_rules! moto_or_skip {
    ($name:expr) => {
        match $crate::support::moto::endpoint($name) {
            Some(endpoint) => endpoint,
            None => return,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use moto_or_skip;

/// The moto endpoint, or `None` (after printing why) when the test should be skipped.
/// Panics when moto is required (`IAMFORM_REQUIRE_MOTO`) but not set or not reachable.
pub fn endpoint(test: &str) -> Option<String> {
    let required = std::env::var_os(REQUIRE_VAR).is_some();
    let Ok(url) = std::env::var(ENDPOINT_VAR) else {
        assert!(
            !required,
            "{REQUIRE_VAR} is set but {ENDPOINT_VAR} is not: run the tests with scripts/test"
        );
        eprintln!("skipping {test}: {ENDPOINT_VAR} is not set (run scripts/test to use moto)");
        return None;
    };
    if reachable(&url) {
        Some(url)
    } else if required {
        panic!("moto is required but does not answer at {url}");
    } else {
        eprintln!("skipping {test}: moto does not answer at {url}");
        None
    }
}

fn reachable(url: &str) -> bool {
    let host_port = url
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/');
    host_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok())
}

/// A 12-digit account id no other test (in this run) uses: moto keeps every account
/// apart, so tests that each take their own can run in parallel.
pub fn unique_account_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0);
    let mixed =
        (now % 1_000_000) * 1_000_000 + u64::from(std::process::id() % 10_000) * 100 + n % 100;
    // A leading 9 keeps clear of moto's default account 123456789012.
    format!("9{:011}", mixed % 100_000_000_000)
}

/// A fresh account reached by assuming [`TEST_ROLE`] into it.
pub fn fresh_account() -> AccountConfig {
    let id = unique_account_id();
    AccountConfig {
        partition: Default::default(),
        name: format!("test-{id}"),
        id,
        assume_role: Some(TEST_ROLE.to_string()),
        profile: None,
    }
}

/// Backend options that reach moto with fake base credentials.
pub fn options(endpoint: &str) -> AwsOptions {
    AwsOptions {
        profile: None,
        region: Some("us-east-1".to_string()),
        endpoint_url: Some(endpoint.to_string()),
        credentials: Some(AccessKey {
            access_key_id: FAKE_KEY.to_string(),
            secret_access_key: FAKE_KEY.to_string(),
            session_token: None,
        }),
        accounts: Vec::new(),
    }
}

/// The real AWS backend pointed at moto.
pub fn backend(endpoint: &str) -> AwsBackend {
    AwsBackend::new(options(endpoint)).expect("AWS backend starts")
}

/// An IAM client acting in `account` (through AssumeRole), to change things behind
/// iamform's back. It owns a small runtime; [`BehindTheBack::run`] drives one future.
pub struct BehindTheBack {
    runtime: tokio::runtime::Runtime,
    /// IAM client in the account.
    pub iam: aws_sdk_iam::Client,
}

impl BehindTheBack {
    /// Connects to `account` on moto.
    pub fn new(endpoint: &str, account: &AccountConfig) -> BehindTheBack {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let role_arn = account
            .assume_role_arn()
            .expect("test accounts assume a role");
        let iam = runtime.block_on(async {
            let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_sdk_iam::config::Region::new("us-east-1"))
                .endpoint_url(endpoint)
                .credentials_provider(aws_sdk_iam::config::Credentials::new(
                    FAKE_KEY, FAKE_KEY, None, None, "moto",
                ))
                .load()
                .await;
            let provider = aws_config::sts::AssumeRoleProvider::builder(role_arn)
                .session_name("iamform-test-sdk")
                .configure(&base)
                .build()
                .await;
            let config = aws_sdk_iam::config::Builder::from(&base)
                .credentials_provider(provider)
                .build();
            aws_sdk_iam::Client::from_conf(config)
        });
        BehindTheBack { runtime, iam }
    }

    /// Runs one future to completion.
    pub fn run<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.runtime.block_on(f)
    }
}

/// Environment for running the `iamform` binary against moto: fake keys, the endpoint,
/// and profile files that do not exist so nothing from the machine leaks in. Keep the
/// returned directory alive while the command runs.
pub fn binary_env(endpoint: &str) -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = |name: &str| dir.path().join(name).display().to_string();
    let env = vec![
        ("AWS_ENDPOINT_URL".to_string(), endpoint.to_string()),
        ("AWS_ACCESS_KEY_ID".to_string(), FAKE_KEY.to_string()),
        ("AWS_SECRET_ACCESS_KEY".to_string(), FAKE_KEY.to_string()),
        ("AWS_REGION".to_string(), "us-east-1".to_string()),
        ("AWS_CONFIG_FILE".to_string(), missing("no-config")),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_string(),
            missing("no-credentials"),
        ),
        ("AWS_EC2_METADATA_DISABLED".to_string(), "true".to_string()),
    ];
    (dir, env)
}

/// Variables of the machine's AWS setup that [`binary_env`] must not inherit.
pub const INHERITED_AWS_VARS: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_DEFAULT_REGION",
];

/// Runs the real `iamform -C DIR ARGS…` against moto with only the test's AWS
/// environment (nothing inherited from the developer's shell): exit code, stdout, stderr.
pub fn run_binary(endpoint: &str, dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let (_env_dir, env) = binary_env(endpoint);
    let mut cmd = assert_cmd::Command::cargo_bin("iamform").unwrap();
    for var in INHERITED_AWS_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .envs(env)
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
