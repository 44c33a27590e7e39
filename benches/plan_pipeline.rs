//! The planning pipeline (diff, order, plan) on a synthetic 10,000-entity account.
//!
//! `cargo bench --bench plan_pipeline -- --quick`

#[path = "support/synthetic.rs"]
mod synthetic;

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamform::diff;
use iamform::graph;
use iamform::plan;
use synthetic::{
    synthetic_actual_iam, synthetic_desired_iam, synthetic_desired_state, write_manifests,
};

const ENTITIES: usize = 10_000;

fn bench_pipeline(c: &mut Criterion) {
    let desired_iam = synthetic_desired_iam(ENTITIES);
    let actual = BTreeMap::from([("prod".to_string(), synthetic_actual_iam(&desired_iam))]);
    let equal = BTreeMap::from([("prod".to_string(), desired_iam.clone())]);
    let desired = synthetic_desired_state(desired_iam);

    let mut group = c.benchmark_group("plan_pipeline_10k");
    group.sample_size(10);
    group.bench_function("diff", |b| {
        b.iter(|| diff::compute(black_box(&desired), &actual))
    });
    group.bench_function("diff_and_order", |b| {
        b.iter(|| graph::order_changes(diff::compute(black_box(&desired), &actual).changes))
    });
    group.bench_function("plan_with_drift", |b| {
        b.iter(|| plan::build(black_box(&desired), &actual))
    });
    group.bench_function("plan_equal_states", |b| {
        b.iter(|| plan::build(black_box(&desired), &equal))
    });
    let manifests = tempfile::tempdir().expect("temp dir");
    write_manifests(&desired, manifests.path());
    let loaded = iamform::manifest::load(manifests.path(), iamform::model::UtcTime { unix: 0 })
        .unwrap_or_else(|d| panic!("generated manifests must load: {:?}", d.0.first()));
    assert_eq!(
        loaded.accounts["prod"].iam.entity_count(),
        desired.accounts["prod"].iam.entity_count()
    );
    group.bench_function("load_and_validate_manifests", |b| {
        b.iter(|| {
            iamform::manifest::load(
                black_box(manifests.path()),
                iamform::model::UtcTime { unix: 0 },
            )
        })
    });
    group.bench_function("load_validate_diff_plan", |b| {
        b.iter(|| {
            let desired = iamform::manifest::load(
                black_box(manifests.path()),
                iamform::model::UtcTime { unix: 0 },
            )
            .unwrap();
            plan::build(&desired, &actual)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_pipeline);
criterion_main!(benches);
