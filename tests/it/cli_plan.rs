//! `iamform plan` through the real binary, offline against recorded state files: output
//! snapshots in every format, exit codes, and located errors.

use crate::support::offline_cli::{Run, crate_root, iamform, temp_copy};

use assert_cmd::Command;

const WORKFLOWS: &str = "tests/fixtures/workflows";

fn quickstart_plan(format: &str) -> Run {
    iamform(
        crate_root(),
        &[
            "-C",
            "examples/quickstart",
            "plan",
            "--state",
            "examples/quickstart/state.json",
            "--format",
            format,
        ],
    )
}

#[test]
fn quickstart_plan_as_text() {
    let run = quickstart_plan("text");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout
            .ends_with("Plan: 2 to add, 4 to change, 0 to destroy (8 operations).\n")
    );
    insta::assert_snapshot!("quickstart_text", run.stdout);
}

#[test]
fn quickstart_plan_as_markdown() {
    let run = quickstart_plan("markdown");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("quickstart_markdown", run.stdout);
}

#[test]
fn quickstart_plan_as_json_is_one_parseable_document() {
    let run = quickstart_plan("json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: iamform::plan::Plan = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan.accounts.len(), 1);
    assert_eq!(plan.changes.len(), 8);
    insta::assert_snapshot!("quickstart_json", run.stdout);
}

#[test]
fn detailed_exitcode_is_2_with_changes_0_without_1_on_error() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let plan = ["plan", "--state", "state.json", "--detailed-exitcode"];
    assert_eq!(iamform(&dir, &plan).code, 2);
    let apply = iamform(&dir, &["apply", "--state", "state.json", "--auto-approve"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let after = iamform(&dir, &plan);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert!(
        after
            .stdout
            .ends_with("No changes. Your accounts match the manifests.\n")
    );
    let missing = iamform(
        &dir,
        &["plan", "--state", "absent.json", "--detailed-exitcode"],
    );
    assert_eq!(missing.code, 1);
    // Without the flag, a plan with changes still exits 0.
    let (_guard2, fresh) = temp_copy("examples/quickstart");
    assert_eq!(iamform(&fresh, &["plan", "--state", "state.json"]).code, 0);
}

#[test]
fn cross_account_plan_against_an_empty_state_creates_everything() {
    let temp = tempfile::tempdir().unwrap();
    let state = temp.path().join("empty.json");
    std::fs::write(&state, "{\"format_version\": 1}\n").unwrap();
    let run = iamform(
        crate_root(),
        &[
            "-C",
            "examples/cross-account",
            "plan",
            "--state",
            state.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Account identity (222222222222)"));
    assert!(run.stdout.contains("Account prod (333333333333)"));
    insta::assert_snapshot!("cross_account_empty_state", run.stdout);
}

#[test]
fn cross_account_plan_against_recorded_drift() {
    let state = format!("{WORKFLOWS}/cross-account-state.json");
    let run = iamform(
        crate_root(),
        &["-C", "examples/cross-account", "plan", "--state", &state],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(prod, reserved)"), "{}", run.stdout);
    insta::assert_snapshot!("cross_account_recorded", run.stdout);
}

#[test]
fn account_flag_limits_the_plan_and_unknown_names_are_refused() {
    let args = |account: &'static str| {
        [
            "-C",
            "examples/cross-account",
            "plan",
            "--state",
            "tests/fixtures/workflows/cross-account-state.json",
            "--account",
            account,
        ]
    };
    let prod = iamform(crate_root(), &args("prod"));
    assert_eq!(prod.code, 0, "{}", prod.stderr);
    assert!(!prod.stdout.contains("Account identity"), "{}", prod.stdout);
    insta::assert_snapshot!("cross_account_only_prod", prod.stdout);
    let unknown = iamform(crate_root(), &args("staging"));
    assert_eq!(unknown.code, 1);
    assert_eq!(unknown.stdout, "");
    insta::assert_snapshot!("unknown_account", unknown.stderr);
}

#[test]
fn missing_state_file_is_an_error_naming_it() {
    let run = iamform(
        crate_root(),
        &[
            "-C",
            "examples/quickstart",
            "plan",
            "--state",
            "nowhere.json",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("missing_state", run.stderr);
}

#[test]
fn malformed_state_file_error_is_located() {
    let state = format!("{WORKFLOWS}/malformed-state.json");
    let run = iamform(
        crate_root(),
        &["-C", "examples/quickstart", "plan", "--state", &state],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("malformed-state.json:10:11:"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("malformed_state", run.stderr);
}

#[test]
fn manifest_errors_stop_the_plan_with_located_diagnostics() {
    let run = iamform(
        crate_root(),
        &[
            "-C",
            &format!("{WORKFLOWS}/broken"),
            "plan",
            "--state",
            &format!("{WORKFLOWS}/broken/state.json"),
            "--detailed-exitcode",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout, "",
        "no plan is shown when manifests are invalid"
    );
    assert!(
        run.stderr
            .contains("--> tests/fixtures/workflows/broken/users.yaml:9:14\n"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("manifest_errors", run.stderr);
}

#[test]
fn reserved_role_in_a_manifest_is_ignored_with_warnings() {
    let run = iamform(
        crate_root(),
        &[
            "-C",
            &format!("{WORKFLOWS}/reserved"),
            "plan",
            "--state",
            &format!("{WORKFLOWS}/reserved/state.json"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("role AWSServiceRoleForSupport\n"),
        "the reserved role must not be planned: {}",
        run.stdout
    );
    assert!(run.stdout.contains("AWSServiceRoleForSupport (reserved)"));
    assert!(
        run.stdout
            .contains("which AWS reserves; iamform never changes it")
    );
    // The manifest warning (a policy named like an AWS-managed one) reaches stderr.
    assert!(run.stderr.contains("warning: policy `ViewOnlyAccess`"));
    insta::assert_snapshot!("reserved_stdout", run.stdout);
    insta::assert_snapshot!("reserved_stderr", run.stderr);
}

#[test]
fn out_saves_the_plan_and_says_where() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let run = iamform(
        &dir,
        &[
            "plan",
            "--state",
            "state.json",
            "--format",
            "json",
            "--out",
            "p.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // stdout stays exactly the JSON plan; the note goes to stderr.
    let saved = std::fs::read_to_string(dir.join("p.json")).unwrap();
    assert_eq!(saved, run.stdout);
    insta::assert_snapshot!("out_note", run.stderr);
    let unwritable = iamform(
        &dir,
        &[
            "plan",
            "--state",
            "state.json",
            "--out",
            "no/such/dir/p.json",
        ],
    );
    assert_eq!(unwritable.code, 1);
    assert!(
        unwritable
            .stderr
            .contains("cannot write the plan to no/such/dir/p.json"),
        "{}",
        unwritable.stderr
    );
}

#[test]
fn credentials_never_reach_the_output() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETKEY";
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(crate_root())
        .env("NO_COLOR", "1")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", SECRET)
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .args(["--verbose", "-C", "examples/quickstart", "plan"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "nothing listens on port 9");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("account main"), "{stderr}");
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "{stderr}"
    );
}

#[test]
fn state_file_plans_work_with_aws_environment_variables_set() {
    // Users often export AWS_REGION/AWS_PROFILE; an offline plan must not trip over them.
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(crate_root())
        .env("NO_COLOR", "1")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_PROFILE", "someone-else")
        .args([
            "-C",
            "examples/quickstart",
            "plan",
            "--state",
            "examples/quickstart/state.json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Plan: 2 to add, 4 to change, 0 to destroy (8 operations)."),
        "{stdout}"
    );
}

// An account declared in GovCloud gets arn:aws-us-gov: ARNs everywhere iamform builds
// them (trust shorthands, link halves, policy attachments, AWS-managed policies, OIDC
// providers), and its recorded aws-us-gov ARNs match:
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
#[test]
fn govcloud_accounts_plan_with_their_partition_arns() {
    let dir = format!("{WORKFLOWS}/govcloud");
    let state = format!("{dir}/state.json");
    let run = iamform(crate_root(), &["-C", &dir, "plan", "--state", &state]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("arn:aws:"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("+ attach arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess")
    );
    // ReadOnlyAccess is attached already, under its GovCloud ARN: no change for it.
    assert!(!run.stdout.contains("ReadOnlyAccess"), "{}", run.stdout);
    insta::assert_snapshot!("govcloud_text", run.stdout);
    let json = iamform(
        crate_root(),
        &["-C", &dir, "plan", "--state", &state, "--format", "json"],
    );
    assert_eq!(json.code, 0, "{}", json.stderr);
    let plan: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let partitions: Vec<&str> = plan["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account"]["partition"].as_str().unwrap_or("aws"))
        .collect();
    assert_eq!(partitions, ["aws-us-gov", "aws-us-gov"]);
    // Applied to the state file, the new entities get GovCloud ARNs, and the next plan
    // finds nothing to do.
    let (_guard, copy) = temp_copy(&dir);
    let apply = iamform(&copy, &["apply", "--state", "state.json", "--auto-approve"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let state = std::fs::read_to_string(copy.join("state.json")).unwrap();
    assert!(state.contains("\"arn\": \"arn:aws-us-gov:iam::222222222222:user/people/alice\""));
    assert!(!state.contains("arn:aws:"), "{state}");
    let again = iamform(&copy, &["plan", "--state", "state.json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stdout
            .ends_with("No changes. Your accounts match the manifests.\n"),
        "{}",
        again.stdout
    );
}
