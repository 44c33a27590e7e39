//! Identical changes in many accounts are shown once, with the accounts, in text and
//! Markdown; what differs stays per account.

use crate::access::{AccessChange, AccessGrant, AccessKind, AccessSummary};
use crate::diff::{AccountKey, Action};
use crate::model::EntityKind;
use crate::render::markdown_budget::{GITHUB_COMMENT_LIMIT, chars};
use crate::render::plan_builder::{PlanBuilder, allow};
use crate::render::{TextOptions, markdown, text};

fn account(i: usize) -> AccountKey {
    AccountKey {
        partition: Default::default(),
        name: format!("dev-{i:03}"),
        id: format!("3{i:011}"),
    }
}

/// Role `audit` of `account` gains reading the account's own trail bucket, named by its id.
fn audit_access(account: &AccountKey) -> AccessChange {
    let resource = format!("arn:aws:s3:::trail-{}/*", account.id);
    AccessChange {
        account: account.name.clone(),
        principal: "role audit".into(),
        broadens: true,
        narrows: false,
        sources: vec!["new inline policy read of role audit".into()],
        summary: vec![AccessSummary {
            change: AccessKind::Granted,
            resource: resource.clone(),
            actions: "s3:GetObject".into(),
            action_count: 1,
        }],
        granted: vec![AccessGrant {
            services: vec!["s3".into()],
            access: vec!["Read".into()],
            resource,
            action_count: 1,
            examples: vec!["s3:GetObject".into()],
            conditional: false,
            only_with_mfa: false,
        }],
        revoked: Vec::new(),
        assumers: Vec::new(),
        not_evaluated: Vec::new(),
        sign_in_removed: Vec::new(),
    }
}

/// `n` accounts each getting the same inline policy on role `audit`, and the same
/// access through it (its own bucket); the last one also gets a policy naming its own
/// bucket by name, which differs per account, and that access.
fn org_plan(n: usize) -> crate::plan::Plan {
    let accounts: Vec<AccountKey> = (1..=n).map(account).collect();
    let mut b = PlanBuilder::new(&accounts);
    for a in &accounts {
        b.change(
            a,
            EntityKind::Role,
            "audit",
            Action::PutInlinePolicy {
                policy_name: "read".into(),
                before: None,
                after: allow(&["s3:GetObject"], "arn:aws:s3:::audit-logs/*"),
            },
            &[],
        );
        b.access(audit_access(a));
    }
    let last = &accounts[n - 1];
    b.change(
        last,
        EntityKind::Role,
        "own-bucket",
        Action::PutInlinePolicy {
            policy_name: "write".into(),
            before: None,
            after: allow(
                &["s3:PutObject"],
                &format!("arn:aws:s3:::b-{}/*", last.name),
            ),
        },
        &[],
    );
    b.access(AccessChange {
        principal: "role own-bucket".into(),
        sources: vec!["new inline policy write of role own-bucket".into()],
        ..audit_access(last)
    });
    b.build()
}

#[test]
fn text_shows_a_shared_change_once_with_its_accounts() {
    let plan = org_plan(3);
    assert_eq!(plan.shared.len(), 1);
    insta::assert_snapshot!("shared_text", text(&plan, &TextOptions::default()));
}

#[test]
fn markdown_shows_a_shared_change_once_with_its_accounts() {
    insta::assert_snapshot!("shared_markdown", markdown(&org_plan(3)));
}

#[test]
fn five_hundred_accounts_fit_in_a_github_comment() {
    let plan = org_plan(500);
    let md = markdown(&plan);
    assert!(
        chars(&md) <= GITHUB_COMMENT_LIMIT,
        "{} characters",
        chars(&md)
    );
    // In the entity's summary line, in its diff and in the access section, once each.
    assert_eq!(
        md.matches("in 500 accounts: dev-001, dev-002").count(),
        3,
        "{md}"
    );
    assert!(md.contains("own-bucket"));
    let out = text(&plan, &TextOptions::default());
    assert_eq!(out.matches("~ role audit in 500 accounts").count(), 1);
    // The change's document once, and the access it gives once for all 500 (a line and
    // its breakdown); own-bucket's access, in one account, stays apart (two more).
    assert_eq!(
        out.matches("+ role audit in 500 accounts: dev-001").count(),
        1,
        "{out}"
    );
    assert_eq!(out.matches("s3:GetObject").count(), 5, "{out}");
}

#[test]
fn access_alike_in_several_accounts_is_shown_once_with_them() {
    let plan = org_plan(3);
    // The own-bucket role's access is in one account only, so it stays apart.
    assert_eq!(plan.shared_access.len(), 1);
    assert_eq!(
        plan.shared_access[0].accounts,
        ["dev-001", "dev-002", "dev-003"]
    );
    assert_eq!(plan.shared_access[0].access, [0, 1, 2]);
    let out = text(&plan, &TextOptions::default());
    let access = &out[out.find("Effective access:").expect("access section")..];
    insta::assert_snapshot!("shared_access_text", access);
    let md = markdown(&plan);
    let access = &md[md.find("Effective access").expect("access section")..];
    insta::assert_snapshot!("shared_access_markdown", access);
    let json: serde_json::Value = serde_json::from_str(&crate::render::json(&plan)).unwrap();
    insta::assert_snapshot!(
        "shared_access_json",
        serde_json::to_string_pretty(&json["shared_access"]).unwrap()
    );
}
