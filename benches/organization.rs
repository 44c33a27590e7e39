//! `iamform plan` of an AWS Organization of 200 accounts on moto: wall time and API calls
//! per kind (recorded in docs/benchmarks.md, "Organization scale").
//!
//! `cargo bench --bench organization` starts moto from the virtualenv `scripts/test` uses
//! (`IAMFORM_VENV`, else `.venv`) on 127.0.0.1, or uses the one `IAMFORM_MOTO_ENDPOINT`
//! names; creates an organization in a fresh management account with 200 accounts in
//! four OUs (`/Workloads/Prod`, `/Workloads/Dev`, `/Sandbox`, `/Security`); writes a
//! project with one role in every account and one per OU; and runs `iamform plan -v` (the
//! binary of the same build) at each `--account-parallelism` of `IAMFORM_ORG_PARALLELISM`
//! (default `1,8,32`), printing a Markdown table. `IAMFORM_ORG_ACCOUNTS` sets the number
//! of accounts. Run by `cargo test --all-targets` (no `--bench` argument), it plans 5
//! accounts on the moto of `scripts/test`, and is skipped without one.

// The benchmark prints its table.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_organizations::config::{Credentials, Region};

/// Accounts of a `cargo bench` run.
const BENCH_ACCOUNTS: usize = 200;
/// Accounts when the bench binary runs as a test.
const TEST_ACCOUNTS: usize = 5;
/// Role every moto test assumes into its own account; moto grants any role.
const SETUP_ROLE: &str = "iamform-test";
/// moto creates this role in every account it creates, trusting the management account.
const ACCOUNT_ROLE: &str = "OrganizationAccountAccessRole";
/// moto accepts any key.
const FAKE_KEY: &str = "testing";
/// How long moto may take to start and to answer its first IAM and STS calls (importing
/// moto and its 4.7 MB of managed policies takes tens of seconds on a slow machine).
const MOTO_START: Duration = Duration::from_secs(300);

/// The project: one role in every account, one per OU.
const ROLES: &str = "\
roles:
  audit:
    accounts: all
    path: /iamform/
    description: Read-only audit of {{account.name}}
    trust: [{service: ec2.amazonaws.com}]
  deployer:
    accounts: {ou: [/Workloads/Prod]}
    path: /iamform/
    trust: [{service: codebuild.amazonaws.com}]
  developer:
    accounts: {ou: [/Workloads/Dev]}
    path: /iamform/
    trust: [{service: codebuild.amazonaws.com}]
  sandbox-admin:
    accounts: {ou: [/Sandbox]}
    path: /iamform/
    trust: [{service: ec2.amazonaws.com}]
  responder:
    accounts: {ou: [/Security]}
    path: /iamform/
    max_session_duration: 1h
    trust: [{service: lambda.amazonaws.com}]
";

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let accounts = match std::env::var("IAMFORM_ORG_ACCOUNTS") {
        Ok(n) => n.parse().expect("IAMFORM_ORG_ACCOUNTS is a number"),
        Err(_) if bench => BENCH_ACCOUNTS,
        Err(_) => TEST_ACCOUNTS,
    };
    let parallelism: Vec<u32> = match std::env::var("IAMFORM_ORG_PARALLELISM") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("IAMFORM_ORG_PARALLELISM: numbers"))
            .collect(),
        Err(_) if bench => vec![1, 8, 32],
        Err(_) => vec![2],
    };
    let mut _started = None;
    let endpoint = match std::env::var("IAMFORM_MOTO_ENDPOINT") {
        Ok(url) if reachable(&url) => url,
        Ok(url) if std::env::var_os("IAMFORM_REQUIRE_MOTO").is_some() => {
            panic!("moto is required but does not answer at {url}")
        }
        _ if bench => {
            let server = MotoServer::start();
            let url = server.endpoint.clone();
            _started = Some(server);
            url
        }
        _ => {
            println!("organization: skipped (no moto; run it through scripts/test or cargo bench)");
            return;
        }
    };

    let setup = Instant::now();
    let organization = Organization::create(&endpoint, accounts);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("iamform.yaml"),
        format!("organization: {{assume_role: {ACCOUNT_ROLE}}}\nscope: {{paths: [/iamform/], prune: true}}\n"),
    )
    .expect("write iamform.yaml");
    std::fs::write(dir.path().join("roles.yaml"), ROLES).expect("write roles.yaml");
    println!(
        "Organization of {} accounts (management included) in {} OUs on moto at {endpoint}; set up in {:.1} s.\n",
        accounts + 1,
        organization.ous,
        setup.elapsed().as_secs_f64()
    );

    println!("| `--account-parallelism` | wall | read | API calls | per kind |");
    println!("|---:|---:|---:|---:|---|");
    for n in parallelism {
        let run = organization.plan(&endpoint, dir.path(), n);
        // Every account gets `audit`, the others one OU role each (the management
        // account is in no OU).
        assert!(
            run.stdout
                .contains(&format!("Plan: {} to add", 2 * accounts + 1)),
            "{}\n{}",
            run.stdout,
            run.stderr
        );
        let kinds: Vec<String> = run
            .calls
            .iter()
            // `AWSOrganizationsV20161128.ListRoots` reads as `ListRoots`.
            .map(|(kind, count)| format!("{} {count}", kind.rsplit('.').next().unwrap_or(kind)))
            .collect();
        println!(
            "| {n} | {:.2} s | {} | {} | {} |",
            run.wall.as_secs_f64(),
            run.read.as_deref().unwrap_or("?"),
            run.calls.values().sum::<u64>(),
            kinds.join(", ")
        );
    }
}

/// True when something accepts connections at `url`'s host and port.
fn reachable(url: &str) -> bool {
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    TcpStream::connect(host).is_ok()
}

/// A moto server this run started, stopped when dropped.
struct MotoServer {
    child: Child,
    endpoint: String,
}

impl MotoServer {
    /// Starts moto as `scripts/test` does and waits until it answers IAM and STS.
    fn start() -> MotoServer {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let venv =
            std::env::var_os("IAMFORM_VENV").map_or_else(|| root.join(".venv"), PathBuf::from);
        let python = venv.join("bin/python");
        assert!(
            python.exists(),
            "no moto virtualenv at {} (run scripts/test once, or set IAMFORM_VENV)",
            venv.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::env::temp_dir().join(format!("iamform-bench-moto-{port}.log"));
        let child = Command::new(&python)
            .arg(root.join("scripts/moto_server.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::from(std::fs::File::create(&log).expect("moto log")))
            .stderr(Stdio::from(
                std::fs::File::options()
                    .append(true)
                    .open(&log)
                    .expect("moto log"),
            ))
            .spawn()
            .expect("start moto");
        let mut server = MotoServer {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + MOTO_START;
        while !answers(port) {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("moto exited ({status}); see {}", log.display());
            }
            assert!(
                Instant::now() < deadline,
                "moto did not answer within {} s; see {}",
                MOTO_START.as_secs(),
                log.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        println!(
            "Started moto on {} (log: {}).",
            server.endpoint,
            log.display()
        );
        server
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// True when moto answers its configuration page on `port`.
fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /moto-api/config HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    // moto answers 201.
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") && head[9] == b'2'
}

/// An organization made for this run, and the management account's credentials.
struct Organization {
    credentials: (String, String, String),
    ous: usize,
}

/// What one `iamform plan -v` did.
struct PlanRun {
    wall: Duration,
    read: Option<String>,
    calls: BTreeMap<String, u64>,
    stdout: String,
    stderr: String,
}

impl Organization {
    /// A fresh management account with an organization of `accounts` accounts, spread
    /// over the OUs in turn, each tagged with its OU's environment.
    fn create(endpoint: &str, accounts: usize) -> Organization {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        // A management account no earlier run used: moto keeps accounts apart.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock")
            .as_nanos();
        let management = format!("9{:011}", nanos % 100_000_000_000);
        runtime.block_on(async {
            let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .endpoint_url(endpoint)
                .credentials_provider(Credentials::new(FAKE_KEY, FAKE_KEY, None, None, "moto"))
                .load()
                .await;
            let assumed = aws_sdk_sts::Client::new(&base)
                .assume_role()
                .role_arn(format!("arn:aws:iam::{management}:role/{SETUP_ROLE}"))
                .role_session_name("iamform-bench-org")
                .send()
                .await
                .expect("assume a role in the management account");
            let c = assumed.credentials().expect("credentials");
            let credentials = (
                c.access_key_id().to_string(),
                c.secret_access_key().to_string(),
                c.session_token().to_string(),
            );
            let as_management = Credentials::new(
                &credentials.0,
                &credentials.1,
                Some(credentials.2.clone()),
                None,
                "moto-management",
            );
            // moto builds an account's IAM on its first IAM call: pay that here, not
            // inside the first measured plan.
            let iam = aws_sdk_iam::config::Builder::from(&base)
                .credentials_provider(as_management.clone())
                .build();
            aws_sdk_iam::Client::from_conf(iam)
                .list_users()
                .send()
                .await
                .expect("warm up IAM");
            let config = aws_sdk_organizations::config::Builder::from(&base)
                .credentials_provider(as_management)
                .build();
            let client = aws_sdk_organizations::Client::from_conf(config);
            client
                .create_organization()
                .send()
                .await
                .expect("create the organization");
            let roots = client.list_roots().send().await.expect("list roots");
            let root = roots.roots()[0].id().expect("root id").to_string();
            let create_ou = |parent: String, name: &'static str| {
                let client = client.clone();
                async move {
                    client
                        .create_organizational_unit()
                        .parent_id(parent)
                        .name(name)
                        .send()
                        .await
                        .expect("create OU")
                        .organizational_unit()
                        .and_then(|u| u.id())
                        .expect("OU id")
                        .to_string()
                }
            };
            let workloads = create_ou(root.clone(), "Workloads").await;
            let ous = [
                (create_ou(workloads.clone(), "Prod").await, "prod"),
                (create_ou(workloads, "Dev").await, "dev"),
                (create_ou(root.clone(), "Sandbox").await, "sandbox"),
                (create_ou(root.clone(), "Security").await, "security"),
            ];
            for i in 0..accounts {
                let (ou, env) = &ous[i % ous.len()];
                let tag = aws_sdk_organizations::types::Tag::builder()
                    .key("env")
                    .value(*env)
                    .build()
                    .expect("tag");
                let created = client
                    .create_account()
                    .account_name(format!("{env} {i:03}"))
                    .email(format!("{env}-{i}@example.com"))
                    .tags(tag)
                    .send()
                    .await
                    .expect("create account");
                let id = created
                    .create_account_status()
                    .and_then(|s| s.account_id())
                    .expect("account id")
                    .to_string();
                client
                    .move_account()
                    .account_id(id)
                    .source_parent_id(&root)
                    .destination_parent_id(ou)
                    .send()
                    .await
                    .expect("move account");
            }
            Organization {
                credentials,
                ous: ous.len() + 1,
            }
        })
    }

    /// Runs `iamform plan -v --account-parallelism N` as the management account.
    fn plan(&self, endpoint: &str, dir: &Path, parallelism: u32) -> PlanRun {
        let missing = dir.join("no-aws-config");
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_iamform"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("NO_COLOR", "1")
            .env("AWS_ENDPOINT_URL", endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", &self.credentials.0)
            .env("AWS_SECRET_ACCESS_KEY", &self.credentials.1)
            .env("AWS_SESSION_TOKEN", &self.credentials.2)
            .env("AWS_CONFIG_FILE", &missing)
            .env("AWS_SHARED_CREDENTIALS_FILE", &missing)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .arg("-C")
            .arg(dir)
            .args(["plan", "-v", "--account-parallelism"])
            .arg(parallelism.to_string())
            .output()
            .expect("run iamform");
        let wall = started.elapsed();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
        PlanRun {
            wall,
            read: read_time(&stderr),
            calls: api_calls(&stderr),
            stdout,
            stderr,
        }
    }
}

/// The `  Operation   N` lines under `API calls: N` of `-v`.
fn api_calls(stderr: &str) -> BTreeMap<String, u64> {
    stderr
        .lines()
        .skip_while(|l| !l.starts_with("API calls:"))
        .skip(1)
        .map_while(|l| {
            let l = l.strip_prefix("  ")?;
            let (kind, count) = l.rsplit_once(' ')?;
            Some((kind.trim().to_string(), count.parse().ok()?))
        })
        .collect()
}

/// `read 1.23 s` of `-v`'s `Timings:` line.
fn read_time(stderr: &str) -> Option<String> {
    let line = stderr.lines().find(|l| l.starts_with("Timings:"))?;
    line.trim_start_matches("Timings: ")
        .split(", ")
        .find(|p| p.starts_with("read "))
        .map(|p| p.trim_start_matches("read ").to_string())
}
