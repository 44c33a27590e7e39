//! The real `iamform` binary against moto (`scripts/test --test e2e_moto`): apply the
//! quickstart on an empty account and converge, and the refusals that protect an
//! account (wrong credentials, no confirmation). Each test has its own moto account.

use crate::support::moto;
use crate::support::moto_project::{MotoProject, run};
use iamform::diff::Action;
use iamform::model::EntityKind;

#[test]
fn quickstart_applies_on_an_empty_account_and_converges() {
    let Some(endpoint) = moto::endpoint("quickstart_applies_on_an_empty_account_and_converges")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);

    let plan = project.plan_json();
    let created: Vec<_> = plan
        .changes
        .iter()
        .filter(|c| matches!(c.change.action, Action::Create { .. }))
        .map(|c| c.change.target.to_string())
        .collect();
    for expected in ["user alice", "user bob", "user ci-bot", "role deployer"] {
        assert!(
            created.iter().any(|c| c == expected),
            "{expected} in {created:?}"
        );
    }

    let applied = project.apply();
    assert!(
        applied.stdout.contains("Apply complete"),
        "{}",
        applied.stdout
    );

    let again = project.run(&["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);

    // What apply made is really there, read with the SDK and not through iamform.
    let users = project
        .sdk
        .run(project.sdk.iam.list_users().send())
        .expect("ListUsers");
    let mut names: Vec<_> = users.users().iter().map(|u| u.user_name()).collect();
    names.sort_unstable();
    assert_eq!(names, ["alice", "bob", "ci-bot"]);
    let alias = project
        .sdk
        .run(project.sdk.iam.list_account_aliases().send())
        .expect("ListAccountAliases");
    assert_eq!(alias.account_aliases(), ["acme-main"]);
}

#[test]
fn credentials_for_another_account_are_refused_naming_both_ids() {
    let Some(endpoint) =
        moto::endpoint("credentials_for_another_account_are_refused_naming_both_ids")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    // Without assume_role the fake base keys act in moto's default account, not ours.
    project.edit(
        "iamform.yaml",
        &format!("\n    assume_role: {}", moto::TEST_ROLE),
        "",
    );
    let declared = project.account.id.clone();

    for args in [
        &["plan"][..],
        &["apply", "--auto-approve"],
        &["state", "pull", "--out", "state.json"],
    ] {
        let refused = project.run(args).expect_code(1);
        let message = refused.stderr.trim();
        assert!(message.contains(&declared), "{args:?}: {message}");
        let reached = message
            .split("credentials reach account ")
            .nth(1)
            .and_then(|rest| rest.get(..12))
            .unwrap_or_else(|| panic!("{args:?} names no reached account: {message}"));
        assert!(
            reached.chars().all(|c| c.is_ascii_digit()) && reached != declared,
            "{args:?}: {message}"
        );
        assert!(message.contains("fix the account id"), "{message}");
        assert!(!project.path("state.json").exists());
        if args == ["plan"] {
            project
                .snapshot_settings()
                .bind(|| insta::assert_snapshot!("caller_check_refusal", message));
        }
    }
    // Nothing reached the declared account.
    let users = project
        .sdk
        .run(project.sdk.iam.list_users().send())
        .expect("ListUsers");
    assert!(users.users().is_empty());
}

#[test]
fn apply_without_a_terminal_needs_auto_approve() {
    let Some(endpoint) = moto::endpoint("apply_without_a_terminal_needs_auto_approve") else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    // Even an answer of "yes" on a pipe is no confirmation: only a terminal is.
    let refused = run(project.command().arg("apply"), "yes\n").expect_code(1);
    assert!(
        refused.stderr.contains("stdin is not a terminal")
            && refused.stderr.contains("--auto-approve"),
        "{}",
        refused.stderr
    );
    project
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("no_terminal_refusal", refused.stderr));
    // Refused before reading anything: no plan, no partial output.
    assert!(refused.stdout.is_empty(), "{}", refused.stdout);
    let plan = project.plan_json();
    assert!(
        plan.changes
            .iter()
            .any(|c| c.change.target.kind == EntityKind::User
                && matches!(c.change.action, Action::Create { .. })),
        "nothing was applied, so the users are still to create"
    );
    let users = project
        .sdk
        .run(project.sdk.iam.list_users().send())
        .expect("ListUsers");
    assert!(users.users().is_empty());
}
