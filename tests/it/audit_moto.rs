//! `iamform audit` against moto (`scripts/test --test it audit_moto::`): the credential report
//! path of the real SDK. moto answers the access advisor with HTTP 500 and its report has
//! no root row, so those checks come out "not checked" (the recorded fixture in
//! tests/fixtures/audit covers them).

use std::path::Path;

use crate::support::iam_fixtures::{create, fresh, user};
use crate::support::moto;
use iamform::model::Entity;

fn iamform(endpoint: &str, dir: &Path, args: &[&str]) -> (i32, String, String) {
    moto::run_binary(endpoint, dir, args)
}

#[test]
fn audits_the_credential_report_served_by_moto() {
    let Some(endpoint) = moto::endpoint("audits_the_credential_report_served_by_moto") else {
        return;
    };
    let (account, backend) = fresh(&endpoint);
    create(&backend, &account, Entity::User(user("alice")));
    create(&backend, &account, Entity::User(user("bob")));
    let sdk = moto::BehindTheBack::new(&endpoint, &account);
    sdk.run(
        sdk.iam
            .create_login_profile()
            .user_name("alice")
            .password("correct-horse-battery-staple-1A!")
            .send(),
    )
    .expect("login profile");
    sdk.run(sdk.iam.create_access_key().user_name("bob").send())
        .expect("access key");

    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "accounts:\n  test:\n    id: \"{}\"\n    assume_role: {}\n",
        account.id,
        moto::TEST_ROLE
    );
    std::fs::write(dir.path().join("iamform.yaml"), config).unwrap();
    std::fs::write(
        dir.path().join("people.yaml"),
        "groups:\n  people: {require_mfa: true}\nusers:\n  alice: {groups: [people]}\n  bob: {}\n",
    )
    .unwrap();

    let (code, stdout, stderr) = iamform(&endpoint, dir.path(), &["audit", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let reports: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let report = &reports[0];
    assert_eq!(report["account_id"], account.id.as_str());
    let findings = report["findings"].as_array().unwrap();
    let alice = findings
        .iter()
        .find(|f| f["check"] == "console_mfa")
        .unwrap_or_else(|| panic!("no console MFA finding: {stdout}"));
    assert_eq!(alice["subject"], "user alice");
    assert!(
        alice["fixed_by_manifests"]
            .as_str()
            .is_some_and(|fix| fix.contains("group `people` with require_mfa")),
        "{alice}"
    );
    // A key created just now is neither old nor unused.
    assert!(
        !findings.iter().any(|f| f["subject"] == "user bob"),
        "{stdout}"
    );
    let (code, text, stderr) = iamform(&endpoint, dir.path(), &["audit", "-v"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.contains("FAIL Console users without MFA"), "{text}");
    assert!(
        text.contains("--   Services granted but unused for 90 days (not checked)"),
        "{text}"
    );
    assert!(stderr.contains("GetCredentialReport"), "{stderr}");
}
