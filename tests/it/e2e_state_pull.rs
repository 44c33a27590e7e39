//! `iamform state pull` and `--verbose` API call counts against moto
//! (`scripts/test --test e2e_state_pull`).

use std::collections::BTreeMap;

use crate::support::moto;
use crate::support::moto_project::{MotoProject, Run};

/// A secret key nobody would print by accident; moto accepts any key.
const SECRET: &str = "e2e-secret-key-that-must-never-be-printed";

/// The requests a full read of one account makes, whatever it holds: the credential
/// provider's AssumeRole into the account, one paged GetAccountAuthorizationDetails (a
/// single page on moto) and one list call for what GAAD leaves out, plus the caller
/// check.
const READ_CALLS: &[(&str, u64)] = &[
    ("AssumeRole", 1),
    ("GetAccountAuthorizationDetails", 1),
    ("GetAccountPasswordPolicy", 1),
    ("GetCallerIdentity", 1),
    ("ListAccountAliases", 1),
    ("ListInstanceProfiles", 1),
    ("ListOpenIDConnectProviders", 1),
    ("ListRoles", 1),
    ("ListSAMLProviders", 1),
];

/// The per-operation counts `--verbose` printed to stderr, checking that the total line
/// is their sum.
fn api_calls(run: &Run) -> BTreeMap<String, u64> {
    let mut lines = run
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("API calls: "));
    let total: u64 = lines
        .next()
        .and_then(|l| l.strip_prefix("API calls: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no API call count in stderr:\n{}", run.stderr));
    let counts: BTreeMap<String, u64> = lines
        .map_while(|l| {
            let (op, n) = l.trim().rsplit_once(' ')?;
            Some((op.trim().to_string(), n.parse().ok()?))
        })
        .collect();
    assert_eq!(counts.values().sum::<u64>(), total, "{}", run.stderr);
    counts
}

fn read_calls() -> BTreeMap<String, u64> {
    READ_CALLS
        .iter()
        .map(|(op, n)| (op.to_string(), *n))
        .collect()
}

#[test]
fn state_pull_then_plan_offline_equals_the_live_plan() {
    let Some(endpoint) = moto::endpoint("state_pull_then_plan_offline_equals_the_live_plan") else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    project.apply();
    // Some drift, so the plans compared below have changes in them.
    project
        .sdk
        .run(
            project
                .sdk
                .iam
                .remove_user_from_group()
                .group_name("developers")
                .user_name("bob")
                .send(),
        )
        .expect("RemoveUserFromGroup");
    project
        .sdk
        .run(project.sdk.iam.create_group().group_name("by-hand").send())
        .expect("CreateGroup");

    let mut cmd = project.command();
    cmd.env("AWS_SECRET_ACCESS_KEY", SECRET)
        .args(["state", "pull", "--out", "state.json"]);
    let pulled = crate::support::moto_project::run(&mut cmd, "").expect_code(0);
    let written = std::fs::read_to_string(project.path("state.json")).expect("state written");
    for text in [&pulled.stdout, &pulled.stderr, &written] {
        assert!(!text.contains(SECRET), "a secret was printed: {text}");
    }
    project
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("state_pull_output", pulled.stdout));

    let live = project.run(&["plan", "--format", "json"]).expect_code(0);
    let offline = project
        .run_offline(&project.path("state.json"), &["plan", "--format", "json"])
        .expect_code(0);
    assert_eq!(offline.stdout, live.stdout, "offline and live plans differ");
    let plan = live.plan();
    assert_eq!(plan.changes.len(), 1, "{:#?}", plan.changes);
    assert_eq!(plan.ignored.len(), 1, "{:#?}", plan.ignored);

    // Pulling an unchanged account writes the same bytes: the file is stable.
    project
        .run(&["state", "pull", "--out", "again.json"])
        .expect_code(0);
    let again = std::fs::read_to_string(project.path("again.json")).unwrap();
    assert!(again == written, "two pulls of an unchanged account differ");

    let state = iamform::backend::state_file::StateFile::parse(&written, "state.json".as_ref())
        .expect("a valid state file");
    assert_eq!(
        state.accounts.keys().collect::<Vec<_>>(),
        [&project.account.id]
    );
}

#[test]
fn state_pull_rejects_an_unknown_account_and_writes_nothing() {
    let Some(endpoint) = moto::endpoint("state_pull_rejects_an_unknown_account_and_writes_nothing")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    let refused = project
        .run(&["state", "pull", "--account", "prod", "--out", "s.json"])
        .expect_code(1);
    assert!(
        refused.stderr.contains("--account prod: no such account")
            && refused.stderr.contains("main"),
        "{}",
        refused.stderr
    );
    assert!(!project.path("s.json").exists());
    let selected = project
        .run(&["state", "pull", "--account", "main", "--out", "s.json"])
        .expect_code(0);
    assert!(
        selected.stdout.contains("pulled account main"),
        "{}",
        selected.stdout
    );
}

#[test]
fn verbose_read_cost_is_constant_whatever_the_account_holds() {
    let Some(endpoint) = moto::endpoint("verbose_read_cost_is_constant_whatever_the_account_holds")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    let empty = project.run(&["-v", "plan"]).expect_code(0);
    assert_eq!(api_calls(&empty), read_calls(), "{}", empty.stderr);

    let applied = project
        .run(&["-v", "apply", "--auto-approve"])
        .expect_code(0);
    let apply_calls = api_calls(&applied);
    // Apply reads once (9 requests, the AssumeRole and the caller check included, whose
    // identity it reuses for the self-lockout check), then makes one IAM call per change (no retries are needed
    // on moto), except that setting the alias first lists the current one (an account has
    // at most one alias).
    let changes = applied
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Apply complete: "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no summary in {}", applied.stdout));
    let total: u64 = apply_calls.values().sum();
    let read_total: u64 = READ_CALLS.iter().map(|(_, n)| n).sum();
    assert_eq!(total, read_total + changes + 1, "{apply_calls:#?}");
    assert_eq!(apply_calls["CreateUser"], 3);
    assert_eq!(apply_calls["GetCallerIdentity"], 1);
    assert_eq!(apply_calls["ListAccountAliases"], 2);
    assert_eq!(apply_calls["CreateAccountAlias"], 1);

    // Forty more users and five more policies by hand: a plan still costs the same
    // calls, plus one tag read for each policy (2) and instance profile (1) the
    // manifests define; a state pull also reads the tags of every policy in the scope
    // paths (`/`), so that plans and imports from the file see them.
    for i in 0..40 {
        let name = format!("extra-{i}");
        project
            .sdk
            .run(project.sdk.iam.create_user().user_name(name).send())
            .expect("CreateUser");
    }
    for i in 0..5 {
        project
            .sdk
            .run(
                project
                    .sdk
                    .iam
                    .create_policy()
                    .policy_name(format!("extra-{i}"))
                    .policy_document(
                        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
                    )
                    .send(),
            )
            .expect("CreatePolicy");
    }
    let with_tags = |policies: u64| {
        let mut calls = read_calls();
        calls.insert("ListPolicyTags".into(), policies);
        calls.insert("GetInstanceProfile".into(), 1);
        calls
    };
    let full = project.run(&["-v", "plan"]).expect_code(0);
    assert_eq!(api_calls(&full), with_tags(2), "{}", full.stderr);
    let pulled = project
        .run(&["-v", "state", "pull", "--out", "s.json"])
        .expect_code(0);
    assert_eq!(api_calls(&pulled), with_tags(7), "{}", pulled.stderr);
    project
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("verbose_plan_calls", full.stderr));
}
