//! `plan --out` then `apply PLAN.json` against moto: a saved plan applies only to the
//! account state it was computed from (`scripts/test --test e2e_saved_plan`).

use crate::support::moto;
use crate::support::moto_project::MotoProject;

fn user_names(project: &MotoProject) -> Vec<String> {
    let users = project
        .sdk
        .run(project.sdk.iam.list_users().send())
        .expect("ListUsers");
    let mut names: Vec<_> = users
        .users()
        .iter()
        .map(|u| u.user_name().to_string())
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn a_saved_plan_is_refused_after_the_account_changed() {
    let Some(endpoint) = moto::endpoint("a_saved_plan_is_refused_after_the_account_changed") else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    project
        .run(&["plan", "--out", "stale.json", "--detailed-exitcode"])
        .expect_code(2);

    // Someone creates a user by hand after the plan was reviewed.
    project
        .sdk
        .run(project.sdk.iam.create_user().user_name("intruder").send())
        .expect("CreateUser");

    let refused = project.run(&["apply", "stale.json"]).expect_code(1);
    assert!(
        refused.stderr.contains("changed since this plan was made")
            && refused.stderr.contains("nothing was applied")
            && refused.stderr.contains("iamform plan"),
        "{}",
        refused.stderr
    );
    project
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("stale_plan_refusal", refused.stderr));
    assert_eq!(user_names(&project), ["intruder"], "nothing was applied");
}

#[test]
fn a_saved_plan_applies_when_the_account_is_unchanged() {
    let Some(endpoint) = moto::endpoint("a_saved_plan_applies_when_the_account_is_unchanged")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    project
        .run(&["plan", "--out", "fresh.json", "--detailed-exitcode"])
        .expect_code(2);
    let saved: iamform::plan::Plan =
        serde_json::from_str(&std::fs::read_to_string(project.path("fresh.json")).unwrap())
            .expect("the saved plan is a plan");

    // No confirmation prompt: the saved plan is what was reviewed.
    let applied = project.run(&["apply", "fresh.json"]).expect_code(0);
    assert!(
        applied
            .stdout
            .contains(&format!("Apply complete: {} done", saved.changes.len())),
        "{}",
        applied.stdout
    );
    assert_eq!(user_names(&project), ["alice", "bob", "ci-bot"]);
    project.run(&["plan", "--detailed-exitcode"]).expect_code(0);

    // Applying the same plan again is refused: the account moved on (to the plan's goal).
    let replay = project.run(&["apply", "fresh.json"]).expect_code(1);
    assert!(
        replay.stderr.contains("changed since this plan was made"),
        "{}",
        replay.stderr
    );
}
