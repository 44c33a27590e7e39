//! Hand-built plans for the renderer tests: every action, two accounts, ignored
//! entities, warnings, a replacement, and an empty plan.

use serde_json::json;

use crate::diff::{AccountKey, Action, Change, FieldChange};
use crate::model::{
    Entity, EntityKind, EntityRef, Group, InstanceProfile, ManagedPolicy, Ownership,
    PasswordPolicy, PolicyDocument, Role, Tags, User,
};
use crate::plan::{
    AccountFingerprint, IgnoredEntity, PLAN_FORMAT_VERSION, Plan, PlannedChange, Summary,
};
use crate::render::plan_view::count_change;

/// The production account of the fixtures.
pub(crate) fn prod() -> AccountKey {
    AccountKey {
        name: "prod".into(),
        id: "111111111111".into(),
    }
}

/// The development account of the fixtures.
pub(crate) fn dev() -> AccountKey {
    AccountKey {
        name: "dev".into(),
        id: "222222222222".into(),
    }
}

/// Collects changes in order and derives ids and the summary the way a planner would.
pub(crate) struct PlanBuilder {
    plan: Plan,
}

impl PlanBuilder {
    /// A plan over `accounts` with no changes yet.
    pub(crate) fn new(accounts: &[AccountKey]) -> PlanBuilder {
        PlanBuilder {
            plan: Plan {
                format_version: PLAN_FORMAT_VERSION,
                accounts: accounts
                    .iter()
                    .map(|account| AccountFingerprint {
                        account: account.clone(),
                        fingerprint: format!("sha256:{}", account.id.repeat(5)),
                    })
                    .collect(),
                changes: Vec::new(),
                ignored: Vec::new(),
                warnings: Vec::new(),
                summary: Summary::default(),
            },
        }
    }

    /// Appends a change; returns its id for `depends_on`.
    pub(crate) fn change(
        &mut self,
        account: &AccountKey,
        kind: EntityKind,
        name: &str,
        action: Action,
        depends_on: &[usize],
    ) -> usize {
        let id = self.plan.changes.len();
        count_change(&mut self.plan.summary, action.class());
        self.plan.changes.push(PlannedChange {
            id,
            change: Change {
                account: account.clone(),
                target: EntityRef::new(kind, name),
                action,
            },
            depends_on: depends_on.to_vec(),
        });
        id
    }

    /// Records an entity the plan leaves alone.
    pub(crate) fn ignore(
        &mut self,
        account: &AccountKey,
        kind: EntityKind,
        name: &str,
        path: &str,
        ownership: Ownership,
    ) {
        self.plan.ignored.push(IgnoredEntity {
            account: account.clone(),
            target: EntityRef::new(kind, name),
            path: path.into(),
            ownership,
        });
    }

    /// Adds a warning.
    pub(crate) fn warn(&mut self, warning: &str) {
        self.plan.warnings.push(warning.into());
    }

    /// The finished plan.
    pub(crate) fn build(self) -> Plan {
        self.plan
    }
}

/// A policy document allowing `actions` on `resource`.
pub(crate) fn allow(actions: &[&str], resource: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]
    }))
}

/// A trust policy letting `service` assume the role.
pub(crate) fn trust(service: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]
    }))
}

/// Tags from pairs.
pub(crate) fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A user at `path` with nothing attached.
pub(crate) fn user(name: &str, path: &str) -> User {
    User {
        name: name.into(),
        path: path.into(),
        tags: Tags::new(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        meta: Default::default(),
    }
}

/// A role at `path` trusted by `service`.
pub(crate) fn role(name: &str, path: &str, service: &str) -> Role {
    Role {
        name: name.into(),
        path: path.into(),
        description: None,
        max_session_duration: 3600,
        trust_policy: trust(service),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Tags::new(),
        meta: Default::default(),
    }
}

fn group(name: &str) -> Group {
    Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    }
}

fn password_policy(length: u32, reuse: Option<u32>) -> PasswordPolicy {
    PasswordPolicy {
        minimum_password_length: length,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: false,
        require_lowercase_characters: false,
        allow_users_to_change_password: true,
        max_password_age: None,
        password_reuse_prevention: reuse,
        hard_expiry: false,
    }
}

/// Every action variant across two accounts, with a replacement, ignored entities and a
/// warning.
pub(crate) fn full_plan() -> Plan {
    use EntityKind as K;
    let (prod, dev) = (prod(), dev());
    let mut b = PlanBuilder::new(&[prod.clone(), dev.clone()]);
    let readonly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    let boundary = "arn:aws:iam::111111111111:policy/boundary";

    let deploy = b.change(
        &prod,
        K::Policy,
        "deploy",
        Action::Create {
            entity: Box::new(Entity::Policy(ManagedPolicy {
                name: "deploy".into(),
                path: "/iamform/".into(),
                description: Some("Deploys the web tier".into()),
                document: allow(&["s3:PutObject", "cloudfront:CreateInvalidation"], "*"),
                tags: tags(&[("team", "web")]),
                versions: vec![],
                meta: Default::default(),
            })),
        },
        &[],
    );
    b.change(
        &prod,
        K::Policy,
        "boundary",
        Action::UpdatePolicyDocument {
            before: allow(&["s3:*"], "*"),
            after: allow(&["s3:*", "logs:*"], "*"),
        },
        &[],
    );
    b.change(
        &prod,
        K::Group,
        "old",
        Action::DetachPolicy {
            policy_arn: readonly.into(),
        },
        &[],
    );
    b.change(
        &prod,
        K::Group,
        "old",
        Action::Delete {
            entity: Box::new(Entity::Group(group("old"))),
        },
        &[2],
    );
    let mut alice = user("alice", "/eng/");
    alice.tags = tags(&[("team", "web")]);
    alice.permissions_boundary = Some(boundary.into());
    let alice_id = b.change(
        &prod,
        K::User,
        "alice",
        Action::Create {
            entity: Box::new(Entity::User(alice)),
        },
        &[],
    );
    b.change(
        &prod,
        K::User,
        "alice",
        Action::AddUserToGroup {
            group: "admins".into(),
        },
        &[alice_id],
    );
    b.change(
        &prod,
        K::User,
        "alice",
        Action::AttachPolicy {
            policy_arn: readonly.into(),
        },
        &[alice_id],
    );
    b.change(
        &prod,
        K::User,
        "alice",
        Action::PutInlinePolicy {
            policy_name: "s3-read".into(),
            before: None,
            after: allow(&["s3:GetObject"], "arn:aws:s3:::assets/*"),
        },
        &[alice_id],
    );
    b.change(
        &prod,
        K::User,
        "bob",
        Action::Update {
            fields: vec![FieldChange::Path {
                before: "/".into(),
                after: "/eng/".into(),
            }],
        },
        &[],
    );
    b.change(
        &prod,
        K::User,
        "bob",
        Action::RemoveUserFromGroup {
            group: "admins".into(),
        },
        &[],
    );
    b.change(
        &prod,
        K::User,
        "bob",
        Action::DeleteInlinePolicy {
            policy_name: "legacy".into(),
            before: allow(&["ec2:*"], "*"),
        },
        &[],
    );
    b.change(
        &prod,
        K::User,
        "bob",
        Action::DeletePermissionsBoundary {
            before: boundary.into(),
        },
        &[],
    );
    let mut web = role("web", "/", "ec2.amazonaws.com");
    web.description = Some("Web servers".into());
    web.max_session_duration = 7200;
    let web_id = b.change(
        &prod,
        K::Role,
        "web",
        Action::Create {
            entity: Box::new(Entity::Role(web)),
        },
        &[],
    );
    b.change(
        &prod,
        K::Role,
        "web",
        Action::AttachPolicy {
            policy_arn: "arn:aws:iam::111111111111:policy/iamform/deploy".into(),
        },
        &[deploy, web_id],
    );
    b.change(
        &prod,
        K::Role,
        "ci",
        Action::UpdateTrustPolicy {
            before: trust("codebuild.amazonaws.com"),
            after: trust("codepipeline.amazonaws.com"),
        },
        &[],
    );
    b.change(
        &prod,
        K::Role,
        "ci",
        Action::PutInlinePolicy {
            policy_name: "logs".into(),
            before: Some(allow(&["logs:CreateLogStream"], "*")),
            after: allow(&["logs:CreateLogStream", "logs:PutLogEvents"], "*"),
        },
        &[],
    );
    b.change(
        &prod,
        K::Role,
        "ci",
        Action::Update {
            fields: vec![
                FieldChange::Description {
                    before: None,
                    after: Some("CI runners".into()),
                },
                FieldChange::MaxSessionDuration {
                    before: 3600,
                    after: 7200,
                },
                FieldChange::Tags {
                    before: tags(&[("env", "dev"), ("old", "x")]),
                    after: tags(&[("env", "prod"), ("team", "web")]),
                },
            ],
        },
        &[],
    );
    b.change(
        &prod,
        K::Role,
        "ci",
        Action::PutPermissionsBoundary {
            before: Some(boundary.into()),
            after: "arn:aws:iam::111111111111:policy/strict-boundary".into(),
        },
        &[],
    );
    b.change(
        &prod,
        K::Role,
        "api",
        Action::Replace {
            reason: "path changes from /a/ to /b/".into(),
            before: Box::new(Entity::Role(role("api", "/a/", "ecs-tasks.amazonaws.com"))),
            after: Box::new(Entity::Role(role("api", "/b/", "ecs-tasks.amazonaws.com"))),
        },
        &[],
    );
    let ip = b.change(
        &prod,
        K::InstanceProfile,
        "web",
        Action::Create {
            entity: Box::new(Entity::InstanceProfile(InstanceProfile {
                name: "web".into(),
                path: "/".into(),
                roles: Default::default(),
                tags: Tags::new(),
                meta: Default::default(),
            })),
        },
        &[],
    );
    b.change(
        &prod,
        K::InstanceProfile,
        "web",
        Action::AddRoleToInstanceProfile { role: "web".into() },
        &[ip, web_id],
    );
    b.change(
        &prod,
        K::InstanceProfile,
        "batch",
        Action::RemoveRoleFromInstanceProfile {
            role: "old-batch".into(),
        },
        &[],
    );
    b.change(
        &prod,
        K::AccountSettings,
        "account",
        Action::SetAccountAlias {
            before: Some("acme-old".into()),
            after: "acme-prod".into(),
        },
        &[],
    );
    b.change(
        &prod,
        K::AccountSettings,
        "account",
        Action::SetPasswordPolicy {
            before: Some(password_policy(12, None)),
            after: password_policy(14, Some(24)),
        },
        &[],
    );

    b.change(
        &dev,
        K::Group,
        "devs",
        Action::Create {
            entity: Box::new(Entity::Group(group("devs"))),
        },
        &[],
    );
    b.change(
        &dev,
        K::User,
        "carol",
        Action::PutPermissionsBoundary {
            before: None,
            after: "arn:aws:iam::222222222222:policy/boundary".into(),
        },
        &[],
    );
    b.change(
        &dev,
        K::Role,
        "temp",
        Action::Delete {
            entity: Box::new(Entity::Role(role("temp", "/", "lambda.amazonaws.com"))),
        },
        &[],
    );
    b.change(
        &dev,
        K::AccountSettings,
        "account",
        Action::SetAccountAlias {
            before: None,
            after: "acme-dev".into(),
        },
        &[],
    );
    b.change(
        &dev,
        K::AccountSettings,
        "account",
        Action::SetPasswordPolicy {
            before: None,
            after: password_policy(10, None),
        },
        &[],
    );

    b.ignore(&prod, K::Role, "legacy-admin", "/", Ownership::Unmanaged);
    b.ignore(
        &prod,
        K::Role,
        "AWSServiceRoleForSupport",
        "/aws-service-role/support.amazonaws.com/",
        Ownership::Reserved,
    );
    b.ignore(&dev, K::User, "break-glass", "/", Ownership::Unmanaged);
    b.warn("prod: role old-admin is in scope but pruning is off; it is left alone");
    b.build()
}

/// A plan over one account where nothing changes.
pub(crate) fn empty_plan() -> Plan {
    PlanBuilder::new(&[prod()]).build()
}
