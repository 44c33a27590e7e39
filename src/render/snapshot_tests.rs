//! Snapshots of every rendering of the fixture plans: what users and reviewers see.

use super::fixture_plans::{empty_plan, full_plan, targeted_plan};
use super::{TextOptions, json, markdown, text};

#[test]
fn text_full_plan() {
    insta::assert_snapshot!(text(&full_plan(), &TextOptions { color: false }));
}

#[test]
fn text_full_plan_colored() {
    // Escape characters shown as `\e` so the snapshot stays readable text.
    let colored = text(&full_plan(), &TextOptions { color: true }).replace('\u{1b}', "\\e");
    insta::assert_snapshot!(colored);
}

#[test]
fn text_empty_plan() {
    insta::assert_snapshot!(text(&empty_plan(), &TextOptions { color: false }));
}

#[test]
fn markdown_full_plan() {
    insta::assert_snapshot!(markdown(&full_plan()));
}

#[test]
fn markdown_empty_plan() {
    insta::assert_snapshot!(markdown(&empty_plan()));
}

#[test]
fn json_full_plan() {
    insta::assert_snapshot!(json(&full_plan()));
}

#[test]
fn json_empty_plan() {
    insta::assert_snapshot!(json(&empty_plan()));
}

#[test]
fn text_targeted_plan() {
    insta::assert_snapshot!(text(&targeted_plan(), &TextOptions { color: false }));
}

#[test]
fn markdown_targeted_plan() {
    insta::assert_snapshot!(markdown(&targeted_plan()));
}

#[test]
fn json_targeted_plan() {
    insta::assert_snapshot!(json(&targeted_plan()));
}

#[test]
fn every_rendering_is_deterministic() {
    let plan = full_plan();
    let first = (markdown(&plan), json(&plan));
    for _ in 0..5 {
        let again = full_plan();
        assert_eq!((markdown(&again), json(&again)), first);
    }
}
