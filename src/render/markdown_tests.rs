//! Snapshot and escaping tests of the Markdown renderer.

use super::*;
use crate::diff::Action;
use crate::model::{EntityKind, PolicyDocument};
use crate::render::fixture_plans::{PlanBuilder, allow, full_plan, hostile_plan, prod};
use serde_json::json;

fn assert_balanced(md: &str) {
    let html = outside_code(md);
    assert_eq!(
        html.matches("<details>").count(),
        html.matches("</details>").count()
    );
}

/// The Markdown outside fenced blocks and code spans, where GitHub would read HTML.
fn outside_code(md: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in md.lines() {
        let ticks: String = line.chars().take_while(|c| *c == '`').collect();
        match &fence {
            Some(open) if ticks == *open && line == open.as_str() => fence = None,
            Some(_) => {}
            None if ticks.len() >= 3 => fence = Some(ticks),
            None => {
                // Drop code spans: text between matching backtick runs.
                let parts: Vec<&str> = line.split('`').collect();
                out.extend(parts.iter().step_by(2).copied());
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn hostile_input_stays_text() {
    let md = markdown(&hostile_plan());
    let html = outside_code(&md);
    for tag in ["<script", "<img", "<b>", "</details><"] {
        assert!(!html.contains(tag), "{tag} outside code in:\n{md}");
    }
    assert!(md.contains("<code>+ user &lt;script&gt;alert(1)&lt;/script&gt;|*x*</code>"));
    // The document's own backticks force a longer fence, which only closes once.
    assert_eq!(md.lines().filter(|l| *l == "````").count(), 1);
    assert!(md.contains("````diff\n"));
    assert_balanced(&md);
    insta::assert_snapshot!(md);
}

#[test]
fn table_rows_have_exactly_four_cells() {
    let md = markdown(&hostile_plan());
    let row = md
        .lines()
        .find(|l| l.contains("111111111111") && l.starts_with('|'))
        .expect("the account row");
    let unescaped_pipes = row
        .char_indices()
        .filter(|(i, c)| *c == '|' && (*i == 0 || !row[..*i].ends_with('\\')))
        .count();
    assert_eq!(unescaped_pipes, 5, "{row}");
}

/// Many users, each with a large inline policy.
fn huge_plan(users: usize, statements: usize) -> Plan {
    let mut b = PlanBuilder::new(&[prod()]);
    let actions: Vec<String> = (0..statements)
        .map(|i| format!("s3:Action{i:04}"))
        .collect();
    let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
    for i in 0..users {
        b.change(
            &prod(),
            EntityKind::User,
            &format!("user{i:04}"),
            Action::PutInlinePolicy {
                policy_name: "big".into(),
                before: None,
                after: allow(&actions, "*"),
            },
            &[],
        );
    }
    b.build()
}

#[test]
fn long_plans_fit_in_a_github_comment() {
    let md = markdown(&huge_plan(600, 40));
    assert!(md.len() <= GITHUB_COMMENT_LIMIT, "{} bytes", md.len());
    assert!(md.contains("more changed entities are not shown"));
    assert!(md.contains("Details left out"));
    assert!(
        md.contains("<code>~ user user0000</code>"),
        "the first entities keep their diffs"
    );
    assert!(md.ends_with("Run `iamform plan` to see the whole plan.\n\n"));
    assert_balanced(&md);
}

#[test]
fn one_huge_document_is_cut_with_a_note() {
    let md = markdown(&huge_plan(1, 400));
    assert!(md.contains("more lines not shown; run `iamform plan` for the full diff."));
    assert!(!md.contains("more changed entities are not shown"));
    let block_lines = md
        .lines()
        .filter(|l| l.starts_with('+') || l.starts_with('~'))
        .count();
    assert_eq!(block_lines, ENTITY_LINE_LIMIT);
}

#[test]
fn summary_and_counts_match_text() {
    let md = markdown(&full_plan());
    assert!(md.contains("**Plan: 14 to add, 8 to change, 8 to destroy.**"));
    assert!(md.contains("| `prod` (111111111111) | 10 | 8 | 7 |"));
    assert_balanced(&md);
}

#[test]
fn symbol_of_each_entity_class_leads_its_summary() {
    let md = markdown(&full_plan());
    for summary in [
        "<code>+ user alice</code> will be created",
        "<code>- group old</code> will be destroyed",
        "<code>~ role ci</code> 6 changes",
        "<code>-/+ role api</code> must be replaced: path changes from /a/ to /b/",
    ] {
        assert!(md.contains(summary), "missing {summary}");
    }
    let doc = PolicyDocument(json!({}));
    assert!(matches!(
        Action::DeleteInlinePolicy {
            policy_name: "x".into(),
            before: doc
        }
        .class(),
        crate::diff::ChangeClass::Destroy
    ));
}
