//! The effective-access section: blocks, notes and their text and Markdown.
use super::*;
use crate::render::fixture_plans::empty_plan;
use crate::render::{TextOptions, markdown, text};

fn grant(
    services: &[&str],
    access: &[&str],
    resource: &str,
    examples: &[&str],
    count: usize,
) -> AccessGrant {
    AccessGrant {
        services: services.iter().map(|s| s.to_string()).collect(),
        access: access.iter().map(|s| s.to_string()).collect(),
        resource: resource.into(),
        action_count: count,
        examples: examples.iter().map(|s| s.to_string()).collect(),
        conditional: false,
        only_with_mfa: false,
    }
}

fn summary(change: AccessKind, resource: &str, actions: &str, count: usize) -> AccessSummary {
    AccessSummary {
        change,
        resource: resource.into(),
        actions: actions.into(),
        action_count: count,
    }
}

fn change(principal: &str) -> AccessChange {
    AccessChange {
        account: "prod".into(),
        principal: principal.into(),
        broadens: false,
        narrows: false,
        sources: Vec::new(),
        summary: Vec::new(),
        granted: Vec::new(),
        revoked: Vec::new(),
        assumers: Vec::new(),
        not_evaluated: Vec::new(),
        sign_in_removed: Vec::new(),
    }
}

fn plan_with_access() -> Plan {
    let mut plan = empty_plan();
    let alice = AccessChange {
        broadens: true,
        narrows: true,
        sources: vec!["changed inline policy logs of user alice".into()],
        summary: vec![
            summary(
                AccessKind::Granted,
                "arn:aws:s3:::logs/*",
                "s3:DeleteObject, s3:PutObject",
                2,
            ),
            summary(AccessKind::Revoked, "*", "s3:GetObject", 1),
            summary(AccessKind::RevokedUnlessMfa, "*", "kms:Decrypt", 1),
        ],
        granted: vec![grant(
            &["s3"],
            &["Write"],
            "arn:aws:s3:::logs/*",
            &["s3:DeleteObject", "s3:PutObject"],
            2,
        )],
        revoked: vec![
            grant(&["s3"], &["Read"], "*", &["s3:GetObject"], 1),
            AccessGrant {
                only_with_mfa: true,
                ..grant(&["kms"], &["Write"], "*", &["kms:Decrypt"], 1)
            },
        ],
        not_evaluated: vec!["arn:aws:iam::aws:policy/AWSNewerThanBundledData".into()],
        sign_in_removed: Vec::new(),
        ..change("user alice")
    };
    let deployer = AccessChange {
        broadens: true,
        narrows: true,
        sources: vec![
            "new AWS-managed policy PowerUserAccess".into(),
            "trust policy".into(),
        ],
        summary: vec![summary(
            AccessKind::Granted,
            "*",
            "all actions except account, iam (partly), organizations",
            20_000,
        )],
        granted: vec![grant(
            &[
                "ec2", "s3", "kms", "rds", "sqs", "sns", "lambda", "sts", "dynamodb",
            ],
            &["List", "Read", "Write"],
            "*",
            &["ec2:RunInstances", "kms:Decrypt", "s3:PutObject"],
            1234,
        )],
        assumers: vec![
            AssumerChange {
                principal: "identity: user bob".into(),
                before: vec![vec!["with MFA".into()]],
                after: vec![vec![]],
                broadens: true,
                narrows: false,
            },
            AssumerChange {
                principal: "identity: user carol".into(),
                before: vec![],
                after: vec![vec!["with MFA".into()]],
                broadens: true,
                narrows: false,
            },
            AssumerChange {
                principal: "service ec2.amazonaws.com".into(),
                before: vec![vec![]],
                after: vec![],
                broadens: false,
                narrows: true,
            },
        ],
        ..change("role deployer")
    };
    let member = |name: &str| AccessChange {
        broadens: true,
        sources: vec!["new membership of group readers".into()],
        summary: vec![summary(
            AccessKind::GrantedWithMfa,
            "*",
            "1,000 actions of 400 services",
            1000,
        )],
        granted: vec![AccessGrant {
            only_with_mfa: true,
            ..grant(&["s3"], &["Read"], "*", &["s3:GetObject"], 1000)
        }],
        ..change(&format!("user {name}"))
    };
    plan.access = vec![alice, deployer];
    plan.access
        .extend(["u1", "u2", "u3", "u4", "u5"].map(member));
    plan.broadens_access = true;
    plan.narrows_access = true;
    plan
}

#[test]
fn text_section_has_one_line_per_change_with_its_breakdown() {
    insta::assert_snapshot!(text(&plan_with_access(), &TextOptions { color: false }));
}

#[test]
fn identical_changes_of_several_principals_are_listed_once() {
    let blocks = access_blocks(&plan_with_access());
    assert_eq!(blocks.len(), 3);
    assert_eq!(
        blocks[2].heading,
        "prod: user u1, user u2, user u3, user u4, user u5"
    );
    assert_eq!(
        blocks[2].line(),
        "+ prod: user u1, user u2, user u3, user u4, user u5: gains 1,000 actions of 400 \
         services on * only with MFA (via new membership of group readers)"
    );
}

#[test]
fn assumer_changes_read_with_their_conditions() {
    let blocks = access_blocks(&plan_with_access());
    assert_eq!(
        blocks[1].change,
        "gains all actions except account, iam (partly), organizations on *; \
         may be assumed by identity: user bob without conditions (was only with MFA); \
         may be assumed by identity: user carol only with MFA; \
         may no longer be assumed by service ec2.amazonaws.com"
    );
    assert_eq!(blocks[1].sign, '~');
}

#[test]
fn markdown_marks_broadening_at_the_top_and_collapses_the_breakdown() {
    let md = markdown(&plan_with_access());
    assert!(md.starts_with("## iamform plan\n\n> [!CAUTION]\n> **Broadens access"));
    assert!(md.contains("> [!NOTE]\n> **Narrows access"));
    assert!(md.contains("<details><summary>By service</summary>"));
    insta::assert_snapshot!(md);
}

#[test]
fn narrowing_only_has_no_broadening_marker() {
    let mut plan = plan_with_access();
    plan.access.truncate(1);
    plan.access[0].granted.clear();
    plan.access[0].summary.remove(0);
    plan.access[0].broadens = false;
    plan.broadens_access = false;
    assert!(!markdown(&plan).contains("Broadens access"));
    let out = text(&plan, &TextOptions { color: false });
    assert!(out.contains("Narrows access: prod: user alice"), "{out}");
    assert!(
        out.contains("- prod: user alice: loses s3:GetObject on *; needs MFA for kms:Decrypt on *"),
        "{out}"
    );
    assert!(
        out.contains("- kms Write on * (kms:Decrypt), unless signed in with MFA"),
        "{out}"
    );
}
