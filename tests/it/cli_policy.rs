//! `iamform policy normalize|equivalent`, run as the real binary; outputs are snapshots.

use assert_cmd::Command;

const FIXTURES: &str = "tests/fixtures/policies";

/// Runs `iamform policy ARGS…` from the crate root, so paths in output are relative.
fn policy(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("policy")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

#[test]
fn normalize_prints_the_comparison_form() {
    let (code, stdout, stderr) = policy(&["normalize", &fixture("read_bucket.json")]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("normalize_json", stdout);
}

#[test]
fn normalize_gives_one_form_for_json_yaml_and_iam_encoding() {
    let (_, from_json, _) = policy(&["normalize", &fixture("read_bucket.json")]);
    for other in ["read_bucket.yaml", "read_bucket_iam.txt"] {
        let (code, stdout, stderr) = policy(&["normalize", &fixture(other)]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{other}");
        assert_eq!(stdout, from_json, "{other}");
    }
}

#[test]
fn equivalent_documents_exit_0() {
    let (code, stdout, stderr) = policy(&[
        "equivalent",
        &fixture("read_bucket.json"),
        &fixture("read_bucket.yaml"),
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("equivalent", stdout);
}

#[test]
fn different_documents_exit_2_with_a_diff() {
    let (code, stdout, stderr) = policy(&[
        "equivalent",
        &fixture("read_bucket_iam.txt"),
        &fixture("read_bucket_widened.json"),
    ]);
    assert_eq!((code, stderr.as_str()), (2, ""));
    insta::assert_snapshot!("not_equivalent_diff", stdout);
}

#[test]
fn invalid_documents_exit_1_with_located_problems() {
    let (code, stdout, stderr) = policy(&["normalize", &fixture("invalid.json")]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    insta::assert_snapshot!("normalize_invalid", stderr);
}

#[test]
fn equivalent_reports_both_unreadable_inputs_and_exits_1() {
    let (code, stdout, stderr) = policy(&[
        "equivalent",
        &fixture("not_json.json"),
        &fixture("missing.json"),
    ]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    insta::assert_snapshot!("equivalent_unreadable", stderr);
}

// A bare account id is the account's root ARN in the partition that holds the policy, so
// it equals the root ARN of every partition; root ARNs of two partitions are two
// accounts. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
#[test]
fn equivalent_reads_account_ids_in_every_partition() {
    let bare = fixture("trust_account_id.json");
    for root in [
        "trust_root_aws.json",
        "trust_root_gov.json",
        "trust_root_cn.json",
    ] {
        let (code, stdout, stderr) = policy(&["equivalent", &bare, &fixture(root)]);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (0, "equivalent\n", ""),
            "{root}"
        );
    }
    let (code, stdout, stderr) = policy(&[
        "equivalent",
        &fixture("trust_root_aws.json"),
        &fixture("trust_root_cn.json"),
    ]);
    assert_eq!((code, stderr.as_str()), (2, ""));
    insta::assert_snapshot!("not_equivalent_partitions", stdout);
}
