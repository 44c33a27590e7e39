//! API calls and wall time of plan and apply on a synthetic account: on the fake
//! backend with a per-call latency, and on moto when `IAMFORM_MOTO_ENDPOINT` is set;
//! then the read's pages at IAM's default page size and at `MaxItems` 1000, and an apply
//! on the fake with a rate limit (IAM's write rate, simulated), where the executor's
//! adaptive concurrency sets the pace.
//!
//! `cargo bench --bench apply_calls` runs 2,000 entities and prints Markdown tables
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
use iamform::backend::fake::{FakeBackend, FaultConfig, RateLimit};
use iamform::backend::memory_iam::MemoryIam;
use iamform::backend::{Backend, IAM_DEFAULT_PAGE_ITEMS, READ_PAGE_ITEMS};
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
            credential_rules: Default::default(),
            credential_state: None,
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
            organization: None,
            organization_unread: false,
        },
        accounts: [(
            config.name.clone(),
            DesiredAccount {
                config: config.clone(),
                iam,
                origins: BTreeMap::new(),
                document_locations: BTreeMap::new(),
                external_policies: Vec::new(),
                identity_principals: Vec::new(),
            },
        )]
        .into(),
        links: Vec::new(),
        expiries: Default::default(),
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
    let config = bench_account();
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        latency,
        ..FaultConfig::default()
    });
    run_backend("fake", &fake, &config, entities)
}

fn bench_account() -> AccountConfig {
    AccountConfig {
        name: "bench".into(),
        id: "111111111111".into(),
        ..AccountConfig::default()
    }
}

/// GetAccountAuthorizationDetails pages of one read of an account holding `entities`
/// (as the synthetic account lays them out), at `page_size` items a page.
fn read_pages(entities: usize, page_size: usize) -> u64 {
    let config = bench_account();
    let mut memory = MemoryIam::with_seed(1);
    memory.insert_account(synthetic_iam(&config.id, entities));
    let fake = FakeBackend::new(memory);
    fake.set_page_size(page_size);
    fake.read_account(&config).expect("the account reads");
    fake.api_calls().values().sum()
}

fn pages_table(sizes: &[usize]) -> String {
    let mut out = format!(
        "| entities | GetAccountAuthorizationDetails pages, {IAM_DEFAULT_PAGE_ITEMS} a page \
         (no MaxItems) | pages, {READ_PAGE_ITEMS} a page (MaxItems) |\n|---:|---:|---:|\n"
    );
    for &entities in sizes {
        out.push_str(&format!(
            "| {entities} | {} | {} |\n",
            read_pages(entities, IAM_DEFAULT_PAGE_ITEMS),
            read_pages(entities, READ_PAGE_ITEMS)
        ));
    }
    out
}

/// Applies the synthetic plan on a fake that throttles above `limit`: the throughput
/// line of the apply's summary, and how many calls were throttled.
fn rate_limited_apply(entities: usize, latency: Duration, limit: RateLimit) -> String {
    let config = bench_account();
    let fake = FakeBackend::new(MemoryIam::with_seed(1)).with_faults(FaultConfig {
        latency,
        rate_limit: Some(limit),
        ..FaultConfig::default()
    });
    let desired = desired_state(&config, synthetic_iam(&config.id, entities));
    let plan = plan_once(&fake, &desired, &config);
    let options = ApplyOptions {
        parallelism: PARALLELISM,
        accounts: vec![config.clone()],
        seed: Some(1),
        ..ApplyOptions::default()
    };
    let report = apply::execute(&plan, &fake, &options, &mut |_| {}).expect("apply runs");
    assert!(report.is_success(), "{}", report.summary());
    format!(
        "Fake latency per call: {} ms; rate limit: {} calls/s (burst {}); parallelism: \
         {PARALLELISM}, at most {:.0} calls/s unthrottled.\n\n{}\n",
        latency.as_millis(),
        limit.per_second,
        limit.burst,
        PARALLELISM as f64 / latency.as_secs_f64(),
        report.stats.throughput(plan.changes.len())
    )
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
    println!();
    print!("{}", pages_table(&[610, entities.max(610) * 5]));
    println!();
    // IAM's write rate is not published; the stand-in is well below what the fake's
    // latency and the parallelism allow, so the limit is what binds, and between two
    // concurrencies (1 and 2 calls at once make 100 and 200 calls/s), as a real rate is.
    let (apply_entities, limit) = if benching {
        (500, 150.0)
    } else {
        (entities, 1500.0)
    };
    let limit = RateLimit {
        per_second: limit,
        burst: limit / 10.0,
    };
    print!("{}", rate_limited_apply(apply_entities, latency, limit));
}
