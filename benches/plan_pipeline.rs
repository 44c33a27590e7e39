//! The planning pipeline (diff, order, plan) on a synthetic 10,000-entity account.
//!
//! `cargo bench --bench plan_pipeline -- --quick`

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamform::arn;
use iamform::diff;
use iamform::graph;
use iamform::model::{
    AccountConfig, AccountIam, DEFAULT_MAX_SESSION_DURATION, DesiredAccount, DesiredState,
    EntityMeta, Group, InstanceProfile, ManagedPolicy, PolicyDocument, Project, Role, Scope, User,
};
use iamform::plan;
use serde_json::json;

const ACCOUNT_ID: &str = "111111111111";
const ENTITIES: usize = 10_000;
/// AWS-managed policies the groups attach, one each in turn: effective access evaluates
/// them from the bundled data, so every user's access spans a large part of the catalog.
const AWS_MANAGED_FOR_GROUPS: [&str; 5] = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
];
/// Attached to every fourth role.
const AWS_MANAGED_FOR_ROLES: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

fn document(action: &str, resource: usize) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": [action, "s3:ListBucket"],
            "Resource": format!("arn:aws:s3:::bucket-{resource}/*")
        }]
    }))
}

fn trust(principal: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]
    }))
}

/// The desired IAM of one account with about `entities` entities: 10 % policies, 2 %
/// groups (each attaching a customer and an AWS-managed policy), 50 % users (each in two
/// groups, with two attachments and an inline policy), 30 % roles (trusting the account
/// root or an earlier role; every fourth also attaching an AWS-managed policy) and 8 %
/// instance profiles.
pub fn synthetic_desired_iam(entities: usize) -> AccountIam {
    let (policies, groups) = (entities / 10, (entities / 50).max(1));
    let (users, roles) = (entities / 2, entities * 3 / 10);
    let profiles = entities - policies - groups - users - roles;
    let policy_arn = |i: usize| {
        arn::iam_entity(
            arn::Partition::Aws,
            ACCOUNT_ID,
            "policy",
            "/app/",
            &format!("policy-{i}"),
        )
    };
    let mut iam = AccountIam::new(ACCOUNT_ID);
    for i in 0..policies {
        let name = format!("policy-{i}");
        iam.policies.insert(
            name.clone(),
            ManagedPolicy {
                name,
                path: "/app/".into(),
                description: Some(format!("policy {i}")),
                document: document("s3:GetObject", i),
                tags: Default::default(),
                versions: Vec::new(),
                meta: EntityMeta::default(),
            },
        );
    }
    for i in 0..groups {
        let name = format!("group-{i}");
        iam.groups.insert(
            name.clone(),
            Group {
                name,
                path: "/app/".into(),
                managed_policies: [
                    policy_arn(i % policies.max(1)),
                    AWS_MANAGED_FOR_GROUPS[i % AWS_MANAGED_FOR_GROUPS.len()].to_string(),
                ]
                .into(),
                inline_policies: Default::default(),
                meta: EntityMeta::default(),
            },
        );
    }
    for i in 0..users {
        let name = format!("user-{i}");
        iam.users.insert(
            name.clone(),
            User {
                name,
                path: "/app/".into(),
                tags: [("team".to_string(), format!("team-{}", i % 7))].into(),
                permissions_boundary: None,
                managed_policies: [
                    policy_arn(i % policies.max(1)),
                    policy_arn((i * 7 + 1) % policies.max(1)),
                ]
                .into(),
                inline_policies: [("own".to_string(), document("s3:PutObject", i))].into(),
                groups: [
                    format!("group-{}", i % groups),
                    format!("group-{}", (i + 1) % groups),
                ]
                .into(),
                meta: EntityMeta::default(),
            },
        );
    }
    for i in 0..roles {
        let name = format!("role-{i}");
        let trusted = if i > 0 && i % 3 == 0 {
            arn::iam_entity(
                arn::Partition::Aws,
                ACCOUNT_ID,
                "role",
                "/app/",
                &format!("role-{}", i - 1),
            )
        } else {
            arn::account_root(arn::Partition::Aws, ACCOUNT_ID)
        };
        let mut managed_policies: std::collections::BTreeSet<String> =
            [policy_arn((i * 3) % policies.max(1))].into();
        if i % 4 == 0 {
            managed_policies.insert(AWS_MANAGED_FOR_ROLES.to_string());
        }
        iam.roles.insert(
            name.clone(),
            Role {
                name,
                path: "/app/".into(),
                description: Some(format!("role {i}")),
                max_session_duration: DEFAULT_MAX_SESSION_DURATION,
                trust_policy: trust(&trusted),
                permissions_boundary: None,
                managed_policies,
                inline_policies: [("own".to_string(), document("sqs:SendMessage", i))].into(),
                tags: Default::default(),
                meta: EntityMeta::default(),
            },
        );
    }
    for i in 0..profiles {
        let name = format!("profile-{i}");
        iam.instance_profiles.insert(
            name.clone(),
            InstanceProfile {
                name,
                path: "/app/".into(),
                roles: [format!("role-{}", i % roles.max(1))].into(),
                tags: Default::default(),
                meta: EntityMeta::default(),
            },
        );
    }
    iam
}

/// What an account might hold for `desired`: everything read back with IAM metadata,
/// but about 5 % of it drifted (missing, extra, edited, re-attached).
pub fn synthetic_actual_iam(desired: &AccountIam) -> AccountIam {
    let mut actual = desired.clone();
    let meta = |kind: &str, name: &str| EntityMeta {
        id: Some(format!("AID{name}")),
        arn: Some(arn::iam_entity(
            arn::Partition::Aws,
            ACCOUNT_ID,
            kind,
            "/app/",
            name,
        )),
        created: Some("2024-01-01T00:00:00Z".into()),
    };
    for (i, u) in actual.users.values_mut().enumerate() {
        u.meta = meta("user", &u.name.clone());
        if i % 40 == 0 {
            u.managed_policies.clear();
        }
        if i % 50 == 1 {
            u.inline_policies
                .insert("own".into(), document("s3:DeleteObject", i));
        }
    }
    for (i, r) in actual.roles.values_mut().enumerate() {
        r.meta = meta("role", &r.name.clone());
        if i % 30 == 0 {
            r.description = Some("drifted".into());
        }
    }
    for (i, p) in actual.policies.values_mut().enumerate() {
        p.meta = meta("policy", &p.name.clone());
        if i % 25 == 0 {
            p.document = document("s3:*", i);
        }
    }
    let missing: Vec<String> = actual.users.keys().step_by(20).cloned().collect();
    for name in missing {
        actual.users.remove(&name);
    }
    for i in 0..desired.entity_count() / 100 {
        let name = format!("stale-{i}");
        let mut stale = desired.users.values().next().cloned().expect("users exist");
        stale.name = name.clone();
        actual.users.insert(name, stale);
    }
    actual
}

/// A desired state of one account `prod` with `iam`, pruning inside `/app/`.
pub fn synthetic_desired_state(iam: AccountIam) -> DesiredState {
    let config = AccountConfig {
        name: "prod".into(),
        id: ACCOUNT_ID.into(),
        ..AccountConfig::default()
    };
    DesiredState {
        project: Project {
            accounts: [("prod".to_string(), config.clone())].into(),
            scope: Scope {
                paths: vec!["/app/".into()],
                prune: true,
            },
            default_tags: Default::default(),
            organization: None,
            organization_unread: false,
        },
        accounts: [(
            "prod".to_string(),
            DesiredAccount {
                config,
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

/// Writes `desired` as real manifest files (through the importer, which writes exactly
/// what the loader reads back), so loading and validation are measured on YAML text.
fn write_manifests(desired: &DesiredState) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = format!(
        "accounts:\n  prod:\n    id: \"{ACCOUNT_ID}\"\nscope:\n  paths: [\"/app/\"]\n  prune: true\n"
    );
    std::fs::write(dir.path().join("iamform.yaml"), config).expect("write iamform.yaml");
    for (name, account) in &desired.accounts {
        let import = iamform::import::import_account(&account.iam, name, &desired.project);
        for file in import.files {
            std::fs::write(dir.path().join(&file.name), file.text).expect("write manifest");
        }
    }
    dir
}

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
    let manifests = write_manifests(&desired);
    let loaded = iamform::manifest::load(manifests.path())
        .unwrap_or_else(|d| panic!("generated manifests must load: {:?}", d.0.first()));
    assert_eq!(
        loaded.accounts["prod"].iam.entity_count(),
        desired.accounts["prod"].iam.entity_count()
    );
    group.bench_function("load_and_validate_manifests", |b| {
        b.iter(|| iamform::manifest::load(black_box(manifests.path())))
    });
    group.bench_function("load_validate_diff_plan", |b| {
        b.iter(|| {
            let desired = iamform::manifest::load(black_box(manifests.path())).unwrap();
            plan::build(&desired, &actual)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_pipeline);
criterion_main!(benches);
