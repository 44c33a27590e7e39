//! `iamform audit` offline, on a recorded credential report and access advisor data
//! (`tests/fixtures/audit/prod.json`), with and without manifests to compare.

use assert_cmd::Command;

const RECORD: &str = "tests/fixtures/audit/prod.json";
const MANIFESTS: &str = "tests/fixtures/audit/manifests";

fn audit(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("iamform")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn text_report_with_manifest_fixes() {
    let (code, stdout, stderr) = audit(&["-C", MANIFESTS, "audit", "--state", RECORD]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("audit_text", stdout);
}

#[test]
fn markdown_report_with_manifest_fixes() {
    let (code, stdout, stderr) = audit(&[
        "-C", MANIFESTS, "audit", "--state", RECORD, "--format", "markdown",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("audit_markdown", stdout);
}

#[test]
fn json_report_with_manifest_fixes() {
    let (code, stdout, stderr) = audit(&[
        "-C", MANIFESTS, "audit", "--state", RECORD, "--format", "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(parsed.as_array().map(Vec::len), Some(1));
    insta::assert_snapshot!("audit_json", stdout);
}

#[test]
fn without_manifests_nothing_is_claimed_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    let record = std::fs::canonicalize(RECORD).unwrap();
    let (code, stdout, stderr) = audit(&[
        "-C",
        dir,
        "audit",
        "--state",
        record.to_str().unwrap(),
        "--account",
        "prod",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("fixed by the manifests"), "{stdout}");
    assert!(
        stdout.ends_with("15 findings (4 high, 5 medium, 6 low).\n"),
        "{stdout}"
    );
}

#[test]
fn a_record_without_the_account_is_an_error() {
    let (code, _, stderr) = audit(&["-C", "examples/quickstart", "audit", "--state", RECORD]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("audit_missing_account", stderr);
}
