//! The committed `schemas/manifest.schema.json` must match what `iamform schema` generates.

use assert_cmd::Command;

const COMMITTED: &str = include_str!("../../schemas/manifest.schema.json");

#[test]
fn committed_schema_is_fresh() {
    assert!(
        COMMITTED == iamform::manifest::manifest_schema_json(),
        "schemas/manifest.schema.json is stale: run `iamform schema --out schemas/manifest.schema.json` \
         (cargo run -- schema --out schemas/manifest.schema.json) and commit it"
    );
}

#[test]
fn schema_command_prints_the_same_schema() {
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), COMMITTED);
}

#[test]
fn schema_command_writes_the_out_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schema.json");
    Command::cargo_bin("iamform")
        .unwrap()
        .args(["schema", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(out).unwrap(), COMMITTED);
}
