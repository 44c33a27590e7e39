//! Loading a project whose policy file holds 10,000 statements: reading, parsing, duplicate
//! key checks, decoding and locating every node. Each step is one pass over the text; it
//! used to rescan the text per node to locate it (quadratic: 56 s for this file).
//!
//! `cargo bench --bench manifest_load` (`cargo test --bench manifest_load -- --bench --quick`
//! in the dev profile).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

const STATEMENTS: usize = 10_000;

/// A project with one managed policy whose document is a JSON file of `n` statements.
fn write_project(dir: &Path, n: usize) {
    std::fs::write(
        dir.join("iamform.yaml"),
        "accounts:\n  main: {id: \"111111111111\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("policies.yaml"),
        "policies:\n  big:\n    document: {file: big.json}\n",
    )
    .unwrap();
    let statements: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "    {{\"Sid\": \"S{i}\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\"], \"Resource\": \"arn:aws:s3:::bucket-{i}/*\"}}"
            )
        })
        .collect();
    let text = format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}\n",
        statements.join(",\n")
    );
    std::fs::write(dir.join("big.json"), text).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), STATEMENTS);
    let mut group = c.benchmark_group("manifest_load");
    group.sample_size(10);
    group.bench_function("json_policy_10000_statements", |b| {
        b.iter(|| {
            let report = iamform::manifest::check(dir.path(), iamform::model::UtcTime { unix: 0 });
            // Over IAM's size limit, so one error; every node was still read and located.
            assert_eq!(report.diagnostics.0.len(), 1, "{:?}", report.diagnostics);
            black_box(report)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
