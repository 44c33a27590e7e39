//! The synthetic account shared by the planning benchmarks: desired IAM of any size, an
//! actual state with about 5 % drift, and the manifests the importer writes for it.

use std::collections::BTreeMap;
use std::path::Path;

use iamform::arn;
use iamform::model::{
    AccountConfig, AccountIam, DEFAULT_MAX_SESSION_DURATION, DesiredAccount, DesiredState,
    EntityMeta, Group, InstanceProfile, ManagedPolicy, PolicyDocument, Project, Role, Scope, User,
};
use serde_json::json;

/// The one account of the synthetic project.
pub const ACCOUNT_ID: &str = "111111111111";
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

/// An identity policy allowing `action` and `s3:ListBucket` on the objects of bucket `resource`.
pub fn document(action: &str, resource: usize) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": [action, "s3:ListBucket"],
            "Resource": format!("arn:aws:s3:::bucket-{resource}/*")
        }]
    }))
}

/// A trust policy letting `principal` assume the role.
pub fn trust(principal: &str) -> PolicyDocument {
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
                credential_rules: Default::default(),
                credential_state: None,
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
            ..Project::default()
        },
        accounts: [(
            "prod".to_string(),
            DesiredAccount {
                config,
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

/// Writes `desired` as real manifest files into `dir` (through the importer, which writes
/// exactly what the loader reads back), so loading and validation are measured on YAML text.
pub fn write_manifests(desired: &DesiredState, dir: &Path) {
    let config = format!(
        "accounts:\n  prod:\n    id: \"{ACCOUNT_ID}\"\nscope:\n  paths: [\"/app/\"]\n  prune: true\n"
    );
    std::fs::write(dir.join("iamform.yaml"), config).expect("write iamform.yaml");
    for (name, account) in &desired.accounts {
        let import = iamform::import::import_account(&account.iam, name, &desired.project);
        for file in import.files {
            std::fs::write(dir.join(&file.name), file.text).expect("write manifest");
        }
    }
}
