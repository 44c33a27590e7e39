//! Policy intelligence throughput: lint + normalize of 1,500 real AWS-managed policies,
//! simulator requests per second, and an effective-access comparison.
//!
//! `cargo bench --bench policy_lint -- --quick`

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iamform::access::{grants_between, grants_between_cached};
use iamform::policy::aws_managed::AwsManagedPolicies;
use iamform::policy::catalog::ActionSetCache;
use iamform::policy::lint::{LintOptions, SizeCheck, lint_document};
use iamform::policy::simulate::{Context, NamedPolicy, PolicyRole, Request, evaluate};
use iamform::policy::{PolicyKind, normalize, parse};
use serde_json::Value;

const POLICIES: usize = 1_500;

/// The bundled AWS-managed policies (`data/aws-managed-policies.tsv`), by name.
fn managed_policies() -> BTreeMap<String, Value> {
    AwsManagedPolicies::builtin()
        .iter()
        .map(|p| {
            let doc = serde_json::from_str(p.document_json()).expect("bundled JSON");
            (p.name.to_string(), doc)
        })
        .collect()
}

fn named(policies: &BTreeMap<String, Value>, name: &str, role: PolicyRole) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        role,
        policy: parse(&policies[name]).expect("parses").into(),
    }
}

fn bench(c: &mut Criterion) {
    let policies = managed_policies();
    let docs: Vec<&Value> = policies.values().take(POLICIES).collect();
    // AWS-managed policies are not bound by the customer-managed size quota.
    let options = LintOptions {
        size: SizeCheck::Skip,
        ..LintOptions::for_kind(PolicyKind::Identity)
    };

    let mut group = c.benchmark_group("policy");
    group.sample_size(10);
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("lint_and_normalize_1500_aws_managed", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(lint_document(doc, &options));
                black_box(normalize(doc).ok());
            }
        })
    });

    let set = vec![
        named(&policies, "PowerUserAccess", PolicyRole::Identity),
        named(&policies, "AmazonS3ReadOnlyAccess", PolicyRole::Identity),
        named(&policies, "AmazonEC2FullAccess", PolicyRole::Identity),
        named(&policies, "ReadOnlyAccess", PolicyRole::Identity),
    ];
    let requests: Vec<Request> = [
        ("s3:GetObject", "arn:aws:s3:::logs/a"),
        ("iam:CreateUser", "arn:aws:iam::111111111111:user/x"),
        (
            "ec2:RunInstances",
            "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
        ),
        ("organizations:ListAccounts", "*"),
        ("kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:key/k"),
    ]
    .iter()
    .cycle()
    .take(1_000)
    .map(|(a, r)| {
        Request::new(
            a,
            r,
            Some("arn:aws:iam::111111111111:user/alice"),
            Context::new(),
        )
    })
    .collect();
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("simulate_1000_requests", |b| {
        b.iter(|| {
            for r in &requests {
                black_box(evaluate(&set, r));
            }
        })
    });

    let before = vec![named(
        &policies,
        "AmazonS3ReadOnlyAccess",
        PolicyRole::Identity,
    )];
    let after = vec![named(&policies, "AmazonS3FullAccess", PolicyRole::Identity)];
    group.throughput(Throughput::Elements(1));
    group.bench_function("effective_access_s3_read_to_full", |b| {
        b.iter(|| black_box(grants_between(&before, &after)))
    });
    // Whole-catalog comparisons: ~22,000 actions each. "cold" resolves every action set
    // (what the first principal of a plan pays); "warm" reuses them (every later one).
    let read_only = vec![named(&policies, "ReadOnlyAccess", PolicyRole::Identity)];
    let admin = vec![named(
        &policies,
        "AdministratorAccess",
        PolicyRole::Identity,
    )];
    group.bench_function("effective_access_read_only_to_admin_cold", |b| {
        b.iter(|| black_box(grants_between(&read_only, &admin)))
    });
    let cache = ActionSetCache::default();
    group.bench_function("effective_access_read_only_to_admin_warm", |b| {
        b.iter(|| black_box(grants_between_cached(&read_only, &admin, &cache)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
