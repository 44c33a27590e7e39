//! Users' credential declarations end to end against moto
//! (`scripts/test --test it e2e_moto_credentials::`): a robot user gets a console
//! password and two access keys behind iamform's back; its manifest says
//! `console_access: false` and `access_keys: none`, so plan shows the three removals
//! (key ids, never a secret), apply makes them, and the next plan has no changes. The
//! `-v` counts show the read: the credential report, then one confirmation per call
//! kind for the one declaring user.

use iamform::diff::Action;
use iamform::model::{EntityKind, EntityRef};

use crate::support::moto;
use crate::support::moto_project::MotoProject;

#[test]
fn forbidden_password_and_keys_are_removed_and_stay_removed() {
    let Some(endpoint) = moto::endpoint("forbidden_password_and_keys_are_removed_and_stay_removed")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    std::fs::write(
        project.path("robots.yaml"),
        "users:\n  deploy-bot:\n    console_access: false\n    access_keys: none\n",
    )
    .unwrap();
    project.apply();

    let sdk = &project.sdk;
    let password = "Not-a-real-Passw0rd!";
    sdk.run(
        sdk.iam
            .create_login_profile()
            .user_name("deploy-bot")
            .password(password)
            .send(),
    )
    .expect("CreateLoginProfile");
    let mut secrets = vec![password.to_string()];
    let mut ids = Vec::new();
    for _ in 0..2 {
        let key = sdk
            .run(sdk.iam.create_access_key().user_name("deploy-bot").send())
            .expect("CreateAccessKey");
        let key = key.access_key().expect("a key");
        ids.push(key.access_key_id().to_string());
        secrets.push(key.secret_access_key().to_string());
    }
    ids.sort();

    let run = project
        .run(&["-v", "plan", "--format", "json"])
        .expect_code(0);
    let plan = run.plan();
    let bot = EntityRef::new(EntityKind::User, "deploy-bot");
    let changes: Vec<String> = plan
        .changes
        .iter()
        .map(|c| {
            assert_eq!(c.change.target, bot);
            match &c.change.action {
                Action::DeleteLoginProfile => "login profile".to_string(),
                Action::DeleteAccessKey { key_id, status, .. } => format!("{key_id} {status}"),
                other => panic!("unexpected change {other:?}"),
            }
        })
        .collect();
    assert_eq!(
        changes,
        [
            "login profile".to_string(),
            format!("{} Active", ids[0]),
            format!("{} Active", ids[1]),
        ]
    );
    assert!(plan.narrows_access && !plan.broadens_access);
    for secret in &secrets {
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    }
    // The report for the account, then only what it says the declaring user holds.
    for (call, count) in [
        ("GetCredentialReport", 1),
        ("GetLoginProfile", 1),
        ("ListAccessKeys", 1),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.split_whitespace().next() == Some(call))
            .unwrap_or_else(|| panic!("no {call} in -v: {}", run.stderr));
        assert!(line.ends_with(&format!(" {count}")), "{line}");
    }
    assert!(!run.stderr.contains("ListMFADevices"), "{}", run.stderr);

    let applied = project.apply();
    assert!(
        applied.stdout.contains("Apply complete: 3 done"),
        "{}",
        applied.stdout
    );
    for secret in &secrets {
        assert!(!applied.stdout.contains(secret));
    }
    let keys = sdk
        .run(sdk.iam.list_access_keys().user_name("deploy-bot").send())
        .expect("ListAccessKeys");
    assert!(keys.access_key_metadata().is_empty());
    let profile = sdk.run(sdk.iam.get_login_profile().user_name("deploy-bot").send());
    assert!(profile.is_err(), "the login profile is gone");

    let again = project.run(&["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
}

#[test]
fn console_without_mfa_and_a_missing_password_are_warnings_not_changes() {
    let Some(endpoint) =
        moto::endpoint("console_without_mfa_and_a_missing_password_are_warnings_not_changes")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    std::fs::write(
        project.path("people-credentials.yaml"),
        "users:\n  erin:\n    console_access: true\n    access_keys: max_one\n    \
         mfa_required_for_console: true\n  frank:\n    console_access: true\n",
    )
    .unwrap();
    project.apply();
    let sdk = &project.sdk;
    sdk.run(
        sdk.iam
            .create_login_profile()
            .user_name("erin")
            .password("Not-a-real-Passw0rd!")
            .send(),
    )
    .expect("CreateLoginProfile");
    for _ in 0..2 {
        sdk.run(sdk.iam.create_access_key().user_name("erin").send())
            .expect("CreateAccessKey");
    }
    let run = project
        .run(&["-v", "plan", "--detailed-exitcode"])
        .expect_code(0);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    for note in [
        "user erin has 2 access keys",
        "user erin can sign in to the console without MFA",
        "user frank has no console password",
    ] {
        assert!(run.stdout.contains(note), "{note}: {}", run.stdout);
    }
    assert!(!run.stdout.contains("Not-a-real-Passw0rd!"));
    // frank's report row shows no password: only erin's is confirmed.
    for (call, count) in [
        ("GetLoginProfile", 1),
        ("ListAccessKeys", 1),
        ("ListMFADevices", 1),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.split_whitespace().next() == Some(call))
            .unwrap_or_else(|| panic!("no {call} in -v: {}", run.stderr));
        assert!(line.ends_with(&format!(" {count}")), "{line}");
    }
}
