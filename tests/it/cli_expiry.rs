//! `expires:` through the real binary, offline: the clock comes from `IAMFORM_NOW`, the
//! accounts from a state file that an earlier apply wrote. Pruning is off in the fixture,
//! so every removal here is an expiry.

use std::path::Path;

use crate::support::offline_cli::{Run, iamform_at, temp_copy};

/// Before every expiry but `visitor`'s (2026-11-30): apply creates everything else.
const BEFORE: &str = "2026-12-01T00:00:00Z";
/// Within 30 days of the 2026-12-31 entries.
const SOON: &str = "2026-12-20T12:00:00Z";
/// The first second after 2026-12-31: the date entries have expired.
const AFTER: &str = "2027-01-01T00:00:00Z";

/// A copy of the fixture whose state file holds what an apply at [`BEFORE`] created.
fn applied() -> (tempfile::TempDir, std::path::PathBuf) {
    let (guard, dir) = temp_copy("tests/fixtures/expiry");
    let apply = iamform_at(
        &dir,
        BEFORE,
        &["apply", "--state", "state.json", "--auto-approve"],
    );
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    (guard, dir)
}

fn plan(dir: &Path, now: &str, format: &str) -> Run {
    iamform_at(
        dir,
        now,
        &[
            "plan",
            "--state",
            "state.json",
            "--detailed-exitcode",
            "--format",
            format,
        ],
    )
}

#[test]
fn entries_expiring_soon_are_announced_without_changes() {
    let (_guard, dir) = applied();
    let run = plan(&dir, SOON, "text");
    assert_eq!(run.code, 0, "nothing changes yet: {}", run.stdout);
    assert!(run.stdout.contains("expires in 12 days"), "{}", run.stdout);
    crate::assert_run_snapshot!("expiring_soon_text", run);
}

#[test]
fn after_the_instant_plan_removes_expired_entries_without_pruning() {
    let (_guard, dir) = applied();
    let text = plan(&dir, AFTER, "text");
    assert_eq!(text.code, 2, "{}", text.stderr);
    crate::assert_run_snapshot!("expired_text", text);
    let markdown = plan(&dir, AFTER, "markdown");
    crate::assert_run_snapshot!("expired_markdown", markdown);
    let json = plan(&dir, AFTER, "json");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["expiry"]["now"], AFTER);
    insta::assert_json_snapshot!("expired_json_expiry", value["expiry"]);
    let marked: Vec<String> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("expired").is_some())
        .map(|c| {
            format!(
                "{} {} {}",
                c["target"]["name"], c["action"]["type"], c["expired"]
            )
        })
        .collect();
    insta::assert_debug_snapshot!("expired_json_marked_changes", marked);
}

#[test]
fn a_saved_plan_applies_as_decided_whatever_the_clock_says_later() {
    let (_guard, dir) = applied();
    let saved = iamform_at(
        &dir,
        AFTER,
        &["plan", "--state", "state.json", "--out", "p.json"],
    );
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    // Applied with an earlier clock: the saved changes run as they were decided.
    let apply = iamform_at(&dir, BEFORE, &["apply", "--state", "state.json", "p.json"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let after = plan(&dir, AFTER, "text");
    assert_eq!(after.code, 0, "{}", after.stdout);
    crate::assert_run_snapshot!("after_expired_apply", after);
}

#[test]
fn validate_warns_about_expired_entries_still_written() {
    let (_guard, dir) = temp_copy("tests/fixtures/expiry");
    let run = iamform_at(&dir, AFTER, &["validate"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    crate::assert_run_snapshot!("validate_expired", run);
}

#[test]
fn a_bad_date_is_located_with_the_accepted_forms() {
    let (_guard, dir) = temp_copy("tests/fixtures/expiry");
    std::fs::write(
        dir.join("roles.yaml"),
        "roles:\n  temp:\n    expires: 2026-02-30\n    trust: [{service: ec2.amazonaws.com}]\n",
    )
    .unwrap();
    let run = iamform_at(&dir, BEFORE, &["validate"]);
    assert_eq!(run.code, 1);
    crate::assert_run_snapshot!("validate_bad_date", run);
}

#[test]
fn a_bad_clock_is_an_error() {
    let (_guard, dir) = temp_copy("tests/fixtures/expiry");
    let run = iamform_at(&dir, "2027-01-01", &["plan", "--state", "state.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("IAMFORM_NOW"), "{}", run.stderr);
}

#[test]
fn a_targeted_plan_says_which_expired_entries_it_leaves() {
    let (_guard, dir) = applied();
    let run = iamform_at(
        &dir,
        AFTER,
        &["plan", "--state", "state.json", "--target", "user/alice"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "prod: role contractor-audit expired at 2027-01-01T00:00:00Z; still in the account: this plan does not remove it"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("membership of user alice in group oncall expired at 2027-01-01T00:00:00Z; this plan removes it"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_expired_link_loses_both_halves() {
    let (_guard, dir) = temp_copy("examples/multi-account");
    let apply = iamform_at(
        &dir,
        BEFORE,
        &["apply", "--state", "state.json", "--auto-approve"],
    );
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let links = std::fs::read_to_string(dir.join("links.yaml")).unwrap();
    let links = links.replacen(
        "    max_session_duration: 1h\n",
        "    max_session_duration: 1h\n    expires: 2026-12-31\n",
        1,
    );
    std::fs::write(dir.join("links.yaml"), links).unwrap();
    let soon = plan(&dir, SOON, "text");
    assert_eq!(soon.code, 0, "{}", soon.stdout);
    assert!(
        soon.stdout
            .contains("link admins-to-prod expires in 12 days")
    );
    let run = plan(&dir, AFTER, "text");
    assert_eq!(run.code, 2, "{}", run.stderr);
    crate::assert_run_snapshot!("expired_link_text", run);
}
