//! References through the real binary, offline against recorded states: roles that
//! trust each other or themselves (created first, trusted after, converging on the
//! fake IAM of the state file), and own-account policies attached by ARN, which must
//! exist in the account.

use crate::support::offline_cli::{iamform, temp_copy};

const APPLY: [&str; 6] = [
    "apply",
    "--state",
    "state.json",
    "--auto-approve",
    "--parallelism",
    "1",
];

#[test]
fn new_roles_in_a_trust_cycle_are_created_then_trusted_and_converge() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/trust_cycles");
    let plan = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    insta::assert_snapshot!("trust_cycles_plan", plan.stdout);

    // The state file's IAM refuses a trust naming a role that does not exist, as IAM
    // does: the apply succeeds only because of the two steps.
    let apply = iamform(&dir, &APPLY);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert!(
        apply
            .stdout
            .ends_with("Apply complete: 6 done, 0 failed, 0 skipped.\n"),
        "{}",
        apply.stdout
    );
    let again = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
}

#[test]
fn a_missing_own_account_policy_is_a_located_error_and_nothing_is_applied() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/external_policy");
    let before = std::fs::read(dir.join("state.json")).unwrap();
    let plan = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_eq!(plan.code, 1, "{}", plan.stdout);
    assert_eq!(plan.stdout, "", "no plan is shown");
    // `hand-made` exists (unmanaged) and is fine; `legacy-x` is reported at both uses.
    assert_eq!(plan.stderr.matches("error:").count(), 2, "{}", plan.stderr);
    assert!(!plan.stderr.contains("hand-made"), "{}", plan.stderr);
    insta::assert_snapshot!("external_policy_missing", plan.stderr);

    let apply = iamform(&dir, &APPLY);
    assert_eq!(apply.code, 1, "{}", apply.stdout);
    assert_eq!(std::fs::read(dir.join("state.json")).unwrap(), before);
}

#[test]
fn an_existing_unmanaged_own_account_policy_may_be_attached() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/external_policy");
    let users = std::fs::read_to_string(dir.join("users.yaml")).unwrap();
    let users = users
        .replace("      - arn:aws:iam::111111111111:policy/legacy-x\n", "")
        .replace(
            "permissions_boundary: arn:aws:iam::111111111111:policy/legacy-x",
            "permissions_boundary: arn:aws:iam::111111111111:policy/hand-made",
        );
    std::fs::write(dir.join("users.yaml"), users).unwrap();
    let apply = iamform(&dir, &APPLY);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let again = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
}
