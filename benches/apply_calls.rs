//! API calls and wall time of plan and apply on a synthetic account: on the fake
//! backend with a per-call latency, and on moto when `IAMFORM_MOTO_ENDPOINT` is set.
//!
//! `cargo bench --bench apply_calls` runs 2,000 entities and prints a Markdown table
//! (recorded in docs/benchmarks.md). Run by `cargo test --all-targets` (no `--bench`
//! argument), it uses 50 entities so the suite stays fast.

// The benchmark prints its table; the moto helper says when it skips.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[allow(dead_code)]
#[path = "../tests/it/support/moto.rs"]
mod moto;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use iamform::apply::{self, ApplyOptions};
use iamform::arn;
use iamform::backend::Backend;
use iamform::backend::fake::{FakeBackend, FaultConfig};
use iamform::backend::memory_iam::MemoryIam;
use iamform::model::{
    AccountConfig, AccountIam, DEFAULT_MAX_SESSION_DURATION, DesiredAccount, DesiredState, Group,
    ManagedPolicy, PolicyDocument, Project, Role, Scope, User,
};
use iamform::plan::{self, Plan};
use serde_json::json;

/// Entities in a `cargo bench` run.
const BENCH_ENTITIES: usize = 2_000;
/// Entities when the bench binary runs as a test.
const TEST_ENTITIES: usize = 50;
/// IAM path of everything the bench creates.
const PATH: &str = "/bench/";
/// Changes in flight at once (the CLI's default).
const PARALLELISM: usize = 8;

/// One row of the table.
struct Row {
    backend: &'static str,
    operation: &'static str,
    entities: usize,
    calls: BTreeMap<String, u64>,
    wall: Duration,
}

fn document(action: &str, bucket: usize) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": [action],
            "Resource": format!("arn:aws:s3:::bench-{bucket}/*")
        }]
    }))
}

fn ec2_trust() -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                       "Action": "sts:AssumeRole"}]
    }))
}

/// About `entities` entities in `account_id`: 10 % policies, 2 % groups, 50 % users
/// (each in two groups, with an attachment and an inline policy) and the rest roles
/// (trusted by EC2, with an attachment and an inline policy).
fn synthetic_iam(account_id: &str, entities: usize) -> AccountIam {
    let policies = (entities / 10).max(1);
    let groups = (entities / 50).max(2);
    let users = entities / 2;
    let roles = entities.saturating_sub(policies + groups + users);
    let policy_arn = |i: usize| {
        arn::iam_entity(
            arn::Partition::Aws,
            account_id,
            "policy",
            PATH,
            &format!("policy-{}", i % policies),
        )
    };
    let mut iam = AccountIam::new(account_id);
    for i in 0..policies {
        let name = format!("policy-{i}");
        let policy = ManagedPolicy {
            name: name.clone(),
            path: PATH.into(),
            description: Some(format!("bench policy {i}")),
            document: document("s3:GetObject", i),
            tags: Default::default(),
            versions: Vec::new(),
            meta: Default::default(),
        };
        iam.policies.insert(name, policy);
    }
    for i in 0..groups {
        let name = format!("group-{i}");
        let group = Group {
            name: name.clone(),
            path: PATH.into(),
            managed_policies: [policy_arn(i)].into(),
            inline_policies: Default::default(),
            meta: Default::default(),
        };
        iam.groups.insert(name, group);
    }
    for i in 0..users {
        let name = format!("user-{i}");
        let user = User {
            name: name.clone(),
            path: PATH.into(),
            tags: [("team".to_string(), format!("team-{}", i % 7))].into(),
            permissions_boundary: None,
            managed_policies: [policy_arn(i * 7)].into(),
            inline_policies: [("own".to_string(), document("s3:PutObject", i))].into(),
            groups: [
                format!("group-{}", i % groups),
                format!("group-{}", (i + 1) % groups),
            ]
            .into(),
            meta: Default::default(),
        };
        iam.users.insert(name, user);
    }
    for i in 0..roles {
        let name = format!("role-{i}");
        let role = Role {
            name: name.clone(),
            path: PATH.into(),
            description: Some(format!("bench role {i}")),
            max_session_duration: DEFAULT_MAX_SESSION_DURATION,
            trust_policy: ec2_trust(),
            permissions_boundary: None,
            managed_policies: [policy_arn(i * 3)].into(),
            inline_policies: [("own".to_string(), document("sqs:SendMessage", i))].into(),
            tags: Default::default(),
            meta: Default::default(),
        };
        iam.roles.insert(name, role);
    }
    iam
}

fn desired_state(config: &AccountConfig, iam: AccountIam) -> DesiredState {
    DesiredState {
        project: Project {
            accounts: [(config.name.clone(), config.clone())].into(),
            scope: Scope {
                paths: vec![PATH.into()],
                prune: true,
            },
            default_tags: Default::default(),
        },
        accounts: [(
            config.name.clone(),
            DesiredAccount {
                config: config.clone(),
                iam,
                origins: BTreeMap::new(),
                document_locations: BTreeMap::new(),
                external_policies: Vec::new(),
            },
        )]
        .into(),
        links: Vec::new(),
    }
}

/// Calls made since `before`, by kind.
fn calls_since(backend: &dyn Backend, before: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    backend
        .api_calls()
        .into_iter()
        .map(|(op, n)| {
            let earlier = before.get(&op).copied().unwrap_or(0);
            (op, n - earlier)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// What the CLI does for `plan`: check the caller, read the account, build the plan.
fn plan_once(backend: &dyn Backend, desired: &DesiredState, config: &AccountConfig) -> Plan {
    backend
        .caller_identity(config)
        .expect("caller identity is readable");
    let mut actual = backend.read_account(config).expect("the account reads");
    actual.account_id = config.id.clone();
    plan::build(desired, &BTreeMap::from([(config.name.clone(), actual)]))
        .expect("the synthetic state plans")
}

/// Plans on the empty account, applies, and plans again (which must find nothing).
fn run_backend(
    name: &'static str,
    backend: &dyn Backend,
    config: &AccountConfig,
    entities: usize,
) -> Vec<Row> {
    let desired = desired_state(config, synthetic_iam(&config.id, entities));
    let mut rows = Vec::new();
    let mut timed = |operation: &'static str, work: &mut dyn FnMut()| {
        let before = backend.api_calls();
        let started = Instant::now();
        work();
        rows.push(Row {
            backend: name,
            operation,
            entities,
            calls: calls_since(backend, &before),
            wall: started.elapsed(),
        });
    };
    let mut plan = None;
    timed("plan (empty account)", &mut || {
        plan = Some(plan_once(backend, &desired, config));
    });
    let plan = plan.expect("planned");
    timed("apply", &mut || {
        let options = ApplyOptions {
            parallelism: PARALLELISM,
            accounts: vec![config.clone()],
            seed: Some(1),
            ..ApplyOptions::default()
        };
        let report = apply::execute(&plan, backend, &options, &mut |_| {}).expect("apply runs");
        assert!(report.is_success(), "{}", report.summary());
    });
    timed("plan (converged)", &mut || {
        let again = plan_once(backend, &desired, config);
        assert!(
            again.is_empty(),
            "{name}: not converged: {} changes left",
            again.changes.len()
        );
    });
    rows
}

fn fake_rows(entities: usize, latency: Duration) -> Vec<Row> {
    let config = AccountConfig {
        name: "bench".into(),
        id: "111111111111".into(),
        ..AccountConfig::default()
    };
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        latency,
        ..FaultConfig::default()
    });
    run_backend("fake", &fake, &config, entities)
}

fn moto_rows(entities: usize) -> Option<Vec<Row>> {
    let endpoint = moto::endpoint("apply_calls on moto")?;
    let config = moto::fresh_account();
    let backend = moto::backend(&endpoint);
    Some(run_backend("moto", &backend, &config, entities))
}

fn table(rows: &[Row], latency: Duration) -> String {
    let mut out = format!(
        "Fake latency per call: {} ms; apply parallelism: {PARALLELISM}.\n\n\
         | backend | operation | entities | API calls by kind | total calls | wall time |\n\
         |---|---|---:|---|---:|---:|\n",
        latency.as_millis()
    );
    for row in rows {
        let by_kind: Vec<String> = row
            .calls
            .iter()
            .map(|(op, n)| format!("{op} {n}"))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.2} s |\n",
            row.backend,
            row.operation,
            row.entities,
            by_kind.join(", "),
            row.calls.values().sum::<u64>(),
            row.wall.as_secs_f64()
        ));
    }
    out
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this as a plain
    // program, where a tiny account keeps the suite fast but still exercises every path.
    let benching = std::env::args().any(|a| a == "--bench");
    let (entities, latency) = if benching {
        (BENCH_ENTITIES, Duration::from_millis(10))
    } else {
        (TEST_ENTITIES, Duration::from_millis(1))
    };
    let mut rows = fake_rows(entities, latency);
    match moto_rows(entities) {
        Some(more) => rows.extend(more),
        None => println!(
            "moto: skipped ({} is not set or moto is down)",
            moto::ENDPOINT_VAR
        ),
    }
    print!("{}", table(&rows, latency));
}
