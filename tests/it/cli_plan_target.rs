//! `iamform plan --target` offline against the examples' recorded state: a target and
//! what it needs first, account-qualified targets across a link, unknown targets, the
//! JSON fields, and a saved targeted plan shown and applied as it is.

use crate::support::offline_cli::{Run, crate_root, iamform, temp_copy};

/// `plan` of the quickstart example against its recorded state, with `extra` flags.
fn quickstart(extra: &[&str]) -> Run {
    let mut args = vec![
        "-C",
        "examples/quickstart",
        "plan",
        "--state",
        "examples/quickstart/state.json",
    ];
    args.extend_from_slice(extra);
    iamform(crate_root(), &args)
}

/// `plan` of the multi-account example against its recorded state, with `extra` flags.
fn multi_account(extra: &[&str]) -> Run {
    let mut args = vec![
        "-C",
        "examples/multi-account",
        "plan",
        "--state",
        "examples/multi-account/state.json",
    ];
    args.extend_from_slice(extra);
    iamform(crate_root(), &args)
}

#[test]
fn a_target_brings_what_it_needs_first_and_says_what_is_left_out() {
    // The deployer role's trust names ci-bot, so creating ci-bot comes along (bare: its
    // inline policy is a change of ci-bot that the role does not need).
    let run = quickstart(&["--target", "role/deployer"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with(
            "Warning: Resource targeting is in effect (role/deployer).\n  This plan may not \
             show every change the manifests need: 5 other changes are left out"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+ role deployer"), "{}", run.stdout);
    assert!(run.stdout.contains("+ user ci-bot"), "{}", run.stdout);
    for left_out in [
        "upload-builds",
        "~ policy app-deploy",
        "~ user bob",
        "password policy",
    ] {
        assert!(!run.stdout.contains(left_out), "{left_out}: {}", run.stdout);
    }
    // Only the deployer's access changes here; bob's and ci-bot's do not.
    assert!(run.stdout.contains("main: role deployer"), "{}", run.stdout);
    assert!(!run.stdout.contains("main: user bob"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with(
            "Plan: 2 to add, 0 to change, 0 to destroy (3 operations). 5 other changes left \
             out by --target.\n"
        ),
        "{}",
        run.stdout
    );
    crate::assert_run_snapshot!("target_with_dependency", run);

    let markdown = quickstart(&["--target", "role/deployer", "--format", "markdown"]);
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(
        markdown.stdout.starts_with(
            "## iamform plan\n\n> [!WARNING]\n> **Resource targeting is in effect** \
             (`role/deployer`)."
        ),
        "{}",
        markdown.stdout
    );
    crate::assert_run_snapshot!("target_with_dependency_markdown", markdown);
}

#[test]
fn an_account_qualified_target_brings_the_linked_role_from_the_other_account() {
    // ci's link grant names prod's deployer role, which must exist first.
    let run = multi_account(&["--target", "identity:role/ci"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Warning: Resource targeting is in effect (identity:role/ci).\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Account prod (222222222222)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+ role deployer"), "{}", run.stdout);
    assert!(
        run.stdout.contains("iamform-link-prod-deployer"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Account dev (333333333333): no changes."),
        "{}",
        run.stdout
    );
    for left_out in ["+ role developer", "~ group admins", "~ role admin"] {
        assert!(!run.stdout.contains(left_out), "{left_out}: {}", run.stdout);
    }
    crate::assert_run_snapshot!("target_account_qualified", run);

    // Unqualified, the name is looked for in every account: the same changes here.
    let everywhere = multi_account(&["--target", "role/ci"]);
    assert_eq!(everywhere.code, 0, "{}", everywhere.stderr);
    assert_eq!(
        everywhere.stdout.replace("(role/ci)", "(identity:role/ci)"),
        run.stdout
    );
    // ci lives in identity only.
    let elsewhere = multi_account(&["--target", "dev:role/ci"]);
    assert_eq!((elsewhere.code, elsewhere.stdout.as_str()), (1, ""));
    assert!(
        elsewhere.stderr.contains(
            "error: --target dev:role/ci: neither the manifests nor the account read (dev) \
             hold it"
        ),
        "{}",
        elsewhere.stderr
    );
}

#[test]
fn unknown_targets_exit_1_with_a_suggestion_and_no_plan() {
    let typo = quickstart(&["--target", "role/deployr"]);
    assert_eq!((typo.code, typo.stdout.as_str()), (1, ""));
    assert!(
        typo.stderr.contains("did you mean role/deployer?"),
        "{}",
        typo.stderr
    );
    crate::assert_run_snapshot!("target_unknown", typo);

    let kind = quickstart(&["--target", "rol/deployer"]);
    assert_eq!((kind.code, kind.stdout.as_str()), (1, ""));
    assert!(
        kind.stderr.contains(
            "unknown kind `rol` (kinds: policy, group, user, role, instance-profile, \
             oidc-provider, saml-provider, account-settings, permission-set)"
        ),
        "{}",
        kind.stderr
    );
    crate::assert_run_snapshot!("target_unknown_kind", kind);

    let malformed = quickstart(&["--target", "deployer"]);
    assert_eq!((malformed.code, malformed.stdout.as_str()), (1, ""));
    assert!(
        malformed.stderr.contains("KIND/NAME or ACCOUNT:KIND/NAME"),
        "{}",
        malformed.stderr
    );
    crate::assert_run_snapshot!("target_malformed", malformed);

    let account = quickstart(&["--target", "prod:role/deployer"]);
    assert_eq!((account.code, account.stdout.as_str()), (1, ""));
    assert!(
        account
            .stderr
            .contains("no account prod in iamform.yaml (accounts: main)"),
        "{}",
        account.stderr
    );
}

#[test]
fn json_carries_the_targets_and_what_is_left_out() {
    let run = quickstart(&["--target", "role/deployer", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: iamform::plan::Plan = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        plan.targeting,
        Some(iamform::plan::Targeting {
            targets: vec!["role/deployer".into()],
            left_out: 5,
            // bob and ci-bot gain access in the whole plan, and the deployer gains more
            // there (the new app-deploy document is not part of this plan).
            access_left_out: 3,
        })
    );
    assert_eq!(plan.summary.operations, 3);
    for (i, change) in plan.changes.iter().enumerate() {
        assert_eq!(change.id, i);
        assert!(change.depends_on.iter().all(|d| *d < i), "{change:?}");
    }
    let principals: Vec<&str> = plan.access.iter().map(|c| c.principal.as_str()).collect();
    assert_eq!(principals, ["role deployer"]);
    // stdout stays one JSON document; the warning is also on stderr for the terminal.
    assert!(
        run.stderr
            .starts_with("warning: Resource targeting is in effect (role/deployer).\n"),
        "{}",
        run.stderr
    );
    crate::assert_run_snapshot!("target_json", run);

    // Without --target, JSON has no targeting field and stderr stays empty.
    let whole = quickstart(&["--format", "json"]);
    assert!(!whole.stdout.contains("\"targeting\""));
    assert_eq!(whole.stderr, "");
}

#[test]
fn a_saved_targeted_plan_is_shown_and_applied_as_it_is() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let planned = iamform(
        &dir,
        &[
            "plan",
            "--state",
            "state.json",
            "--target",
            "role/deployer",
            "--out",
            "p.json",
        ],
    );
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let shown = iamform(&dir, &["show", "p.json"]);
    assert_eq!((shown.code, shown.stderr.as_str()), (0, ""));
    assert_eq!(shown.stdout, planned.stdout);

    let applied = iamform(&dir, &["apply", "p.json", "--state", "state.json"]);
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert!(
        applied
            .stdout
            .starts_with("Warning: Resource targeting is in effect (role/deployer).\n"),
        "{}",
        applied.stdout
    );
    assert!(
        applied
            .stdout
            .contains("Applying the saved plan p.json (3 change(s))."),
        "{}",
        applied.stdout
    );
    assert!(
        applied
            .stdout
            .contains("left out 5 other change(s); run `iamform plan` to see what remains."),
        "{}",
        applied.stdout
    );
    crate::assert_run_snapshot!("target_saved_plan_applied", applied);

    // Only the targeted changes were applied: the other five remain.
    let after = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert!(after.stdout.contains("(5 operations)."), "{}", after.stdout);
    assert!(
        !after.stdout.contains("+ role deployer"),
        "{}",
        after.stdout
    );
}
