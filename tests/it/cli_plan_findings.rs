//! Lint findings in `iamform plan` and `apply` output, offline: a pull request gives the
//! deploy role `iam:PassRole` on every role, while an older finding sits on a role the
//! plan does not touch.

use crate::support::offline_cli::{Run, crate_root, iamform, temp_copy};

const PROJECT: &str = "tests/fixtures/workflows/findings";

fn plan(format: &str) -> Run {
    iamform(
        crate_root(),
        &[
            "-C",
            PROJECT,
            "plan",
            "--state",
            &format!("{PROJECT}/state.json"),
            "--format",
            format,
        ],
    )
}

#[test]
fn text_plan_shows_the_finding_on_the_changed_role() {
    let run = plan("text");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr, "",
        "lint warnings belong in the plan, not on stderr"
    );
    insta::assert_snapshot!("findings_text", run.stdout);
}

#[test]
fn markdown_plan_warns_the_reviewer() {
    let run = plan("markdown");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("findings_markdown", run.stdout);
}

#[test]
fn json_plan_carries_the_finding_and_the_count_of_the_rest() {
    let run = plan("json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: iamform::plan::Plan = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(&str, &str, &str)> = plan
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.entity.name.as_str(), f.account.as_str()))
        .collect();
    // iam:PassRole on `*`: on every role (IAM101), and a write on every resource (IAM103).
    assert_eq!(
        found,
        [
            ("IAM101", "deployer", "main"),
            ("IAM103", "deployer", "main")
        ]
    );
    assert!(
        plan.findings[0]
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with(&format!("{PROJECT}/roles.yaml:"))),
        "{:?}",
        plan.findings[0].location
    );
    assert_eq!(
        plan.findings_on_unchanged, 2,
        "partner-audit's trust: whole foreign account, no sts:ExternalId"
    );
}

#[test]
fn apply_shows_findings_and_a_saved_plan_with_findings_applies() {
    let (_guard, dir) = temp_copy(PROJECT);
    let saved = iamform(&dir, &["plan", "--state", "state.json", "--out", "p.json"]);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    // Re-planning before apply shows the reviewer the same findings.
    let (_guard2, other) = temp_copy(PROJECT);
    let direct = iamform(
        &other,
        &["apply", "--state", "state.json", "--auto-approve"],
    );
    assert_eq!(direct.code, 0, "{}", direct.stderr);
    assert!(direct.stdout.contains("    warning[IAM101]: role deployer"));
    // Findings come from the manifests, so they do not make the saved plan stale.
    let apply = iamform(&dir, &["apply", "--state", "state.json", "p.json"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    // Once applied, the role is unchanged: its finding is only counted now.
    let after = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(
        after.stdout,
        format!(
            "4 findings on entities this plan does not change; run `iamform validate`.\n\n\
             AWS data: {}\n\
             No changes. Your accounts match the manifests.\n",
            iamform::policy::DataVersions::bundled()
        )
    );
}
