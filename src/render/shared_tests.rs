//! Identical changes in many accounts are shown once, with the accounts, in text and
//! Markdown; what differs stays per account.

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

/// `n` accounts each getting the same inline policy on role `audit`; the last one also
/// gets a policy naming its own bucket, which differs per account.
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
    // In the entity's summary line and in its diff, once each.
    assert_eq!(
        md.matches("in 500 accounts: dev-001, dev-002").count(),
        2,
        "{md}"
    );
    assert_eq!(md.matches("s3:GetObject").count(), 1);
    assert!(md.contains("own-bucket"));
    let out = text(&plan, &TextOptions::default());
    assert_eq!(out.matches("~ role audit in 500 accounts").count(), 1);
    assert_eq!(out.matches("s3:GetObject").count(), 1);
}
