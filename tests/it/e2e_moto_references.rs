//! References against moto (`scripts/test --test e2e_moto_references`): new roles that
//! trust each other or themselves are created, then trusted, and converge; a policy of
//! the account attached by ARN must exist, and may be one iamform does not manage.

use crate::support::moto;
use crate::support::moto_project::MotoProject;
use iamform::diff::Action;

const CYCLES: &str = "account: main

roles:
  blue:
    trust:
      - roles: [green]
  green:
    trust:
      - roles: [blue]
      - service: ec2.amazonaws.com
  mirror:
    trust:
      - roles: [mirror]
";

#[test]
fn new_roles_trusting_each_other_and_themselves_apply_and_converge() {
    let Some(endpoint) =
        moto::endpoint("new_roles_trusting_each_other_and_themselves_apply_and_converge")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    std::fs::write(project.path("cycles.yaml"), CYCLES).unwrap();
    project.run(&["validate"]).expect_code(0);

    let plan = project.plan_json();
    let trust_updates: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| matches!(c.change.action, Action::UpdateTrustPolicy { .. }))
        .map(|c| c.change.target.to_string())
        .collect();
    assert_eq!(trust_updates, ["role blue", "role green", "role mirror"]);
    assert!(
        plan.warnings.iter().any(|w| w.contains("trusts itself")),
        "{:?}",
        plan.warnings
    );

    project.apply();
    let again = project.run(&["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);

    // The trust IAM holds names the other role, read with the SDK, not through iamform.
    let blue = project
        .sdk
        .run(project.sdk.iam.get_role().role_name("blue").send())
        .expect("GetRole");
    let document = blue
        .role()
        .and_then(|r| r.assume_role_policy_document())
        .unwrap_or_default();
    // IAM returns trust documents URL-encoded.
    let document = percent_encoding::percent_decode_str(document).decode_utf8_lossy();
    assert!(
        document.contains(&format!("arn:aws:iam::{}:role/green", project.account.id)),
        "{document}"
    );
}

#[test]
fn own_account_policy_arns_must_exist_and_may_be_unmanaged() {
    let Some(endpoint) = moto::endpoint("own_account_policy_arns_must_exist_and_may_be_unmanaged")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    let legacy = project.policy_arn("legacy-x");
    std::fs::write(
        project.path("legacy.yaml"),
        format!("account: main\n\nroles:\n  legacy-reader:\n    trust:\n      - service: ec2.amazonaws.com\n    policies:\n      - {legacy}\n"),
    )
    .unwrap();

    // Missing: one located error, exit 1, and nothing applied.
    let plan = project.run(&["plan"]).expect_code(1);
    assert!(
        plan.stderr
            .contains("error: role legacy-reader names policy")
            && plan.stderr.contains("legacy.yaml:8:9\n"),
        "{}",
        plan.stderr
    );
    project.run(&["apply", "--auto-approve"]).expect_code(1);
    let roles = project
        .sdk
        .run(project.sdk.iam.list_roles().send())
        .expect("ListRoles");
    assert!(
        roles
            .roles()
            .iter()
            .all(|r| r.role_name() != "legacy-reader"),
        "nothing is applied"
    );

    // Made by hand (not by iamform): attaching it is fine and converges.
    project
        .sdk
        .run(
            project
                .sdk
                .iam
                .create_policy()
                .policy_name("legacy-x")
                .policy_document(
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#,
                )
                .send(),
        )
        .expect("CreatePolicy");
    project.apply();
    let again = project.run(&["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
}
