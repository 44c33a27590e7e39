//! The effective-access section tells every access change: each scenario applies a
//! "before" project to an empty state file, edits the manifests, and snapshots the plan
//! in text, Markdown and JSON (its access part). Trust is access: loosened conditions,
//! new principals and link members show per role as gained or lost assumers.

use std::path::Path;

use crate::support::offline_cli::{iamform, temp_copy};

const PROJECT: &str = r#"accounts:
  main: { id: "111111111111" }
  ops: { id: "222222222222" }
default_account: main
scope: { paths: ["/"], prune: false }
"#;

/// Plans of one scenario: text, Markdown, and the JSON plan's access part.
struct Plans {
    text: String,
    markdown: String,
    json: serde_json::Value,
}

/// Applies `before` (the manifest of account main) to an empty state, then plans `after`.
fn scenario(before: &str, after: &str) -> Plans {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::write(dir.join("iamform.yaml"), PROJECT).unwrap();
    std::fs::write(dir.join("ops.yaml"), "account: ops\n").unwrap();
    std::fs::write(dir.join("state.json"), "{\"format_version\": 1}\n").unwrap();
    std::fs::write(dir.join("main.yaml"), before).unwrap();
    let apply = iamform(dir, &["apply", "--state", "state.json", "--auto-approve"]);
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    std::fs::write(dir.join("main.yaml"), after).unwrap();
    plans(dir)
}

fn plans(dir: &Path) -> Plans {
    let plan = |format: &str| {
        let run = iamform(dir, &["plan", "--state", "state.json", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let json: serde_json::Value = serde_json::from_str(&plan("json")).unwrap();
    Plans {
        text: plan("text"),
        markdown: plan("markdown"),
        json: serde_json::json!({
            "broadens_access": json["broadens_access"],
            "narrows_access": json["narrows_access"],
            "access": json["access"],
        }),
    }
}

fn snapshot(name: &str, plans: &Plans) {
    insta::assert_snapshot!(format!("{name}_text"), plans.text);
    insta::assert_snapshot!(format!("{name}_markdown"), plans.markdown);
    insta::assert_json_snapshot!(format!("{name}_json"), plans.json);
}

fn admin_role(trust: &str) -> String {
    format!(
        "account: main\nroles:\n  admin:\n    policies: [AdministratorAccess]\n    trust:\n{trust}"
    )
}

#[test]
fn removing_require_mfa_from_an_admin_trust_broadens() {
    let plans = scenario(
        &admin_role("      - account: ops\n        require_mfa: true\n"),
        &admin_role("      - account: ops\n"),
    );
    assert_eq!(plans.json["broadens_access"], true);
    assert!(
        plans.text.contains(
            "may be assumed by any principal of account ops (222222222222) without conditions (was only with MFA)"
        ),
        "{}",
        plans.text
    );
    snapshot("require_mfa_removed", &plans);
}

#[test]
fn removing_a_principal_arn_narrowing_broadens_to_the_whole_account() {
    let narrowed = "      - account: ops\n        conditions:\n          ArnEquals:\n            aws:PrincipalArn: arn:aws:iam::222222222222:role/oncall\n";
    let plans = scenario(&admin_role(narrowed), &admin_role("      - account: ops\n"));
    assert_eq!(plans.json["broadens_access"], true);
    assert_eq!(plans.json["narrows_access"], true);
    assert!(
        plans
            .text
            .contains("may no longer be assumed by ops: role oncall"),
        "{}",
        plans.text
    );
    assert!(
        plans
            .text
            .contains("may be assumed by any principal of account ops (222222222222)")
    );
    snapshot("principal_arn_removed", &plans);
}

#[test]
fn trusting_everyone_broadens() {
    let everyone = "account: main\nroles:\n  admin:\n    policies: [AdministratorAccess]\n    assume_role_policy:\n      Version: \"2012-10-17\"\n      Statement:\n        - Effect: Allow\n          Principal: \"*\"\n          Action: sts:AssumeRole\n";
    let plans = scenario(
        &admin_role("      - account: ops\n        require_mfa: true\n"),
        everyone,
    );
    assert!(
        plans
            .text
            .contains("may be assumed by everyone (Principal \"*\")"),
        "{}",
        plans.text
    );
    snapshot("everyone_trusted", &plans);
}

#[test]
fn removing_an_external_id_broadens() {
    let vendor = |extra: &str| {
        format!(
            "account: main\nroles:\n  vendor:\n    policies: [ReadOnlyAccess]\n    trust:\n      - account: \"999999999999\"\n{extra}"
        )
    };
    let plans = scenario(&vendor("        external_id: acme-42\n"), &vendor(""));
    assert!(
        plans
            .text
            .contains("without conditions (was only when sts:ExternalId = acme-42)"),
        "{}",
        plans.text
    );
    snapshot("external_id_removed", &plans);
}

#[test]
fn a_service_trust_losing_its_source_account_broadens() {
    let function = |extra: &str| {
        format!(
            "account: main\nroles:\n  worker:\n    trust:\n      - service: lambda.amazonaws.com\n{extra}"
        )
    };
    let plans = scenario(
        &function(
            "        conditions:\n          StringEquals:\n            aws:SourceAccount: \"111111111111\"\n",
        ),
        &function(""),
    );
    assert!(
        plans.text.contains("service lambda.amazonaws.com without conditions (was only when aws:SourceAccount = 111111111111)"),
        "{}",
        plans.text
    );
    snapshot("source_account_removed", &plans);
}

#[test]
fn five_users_joining_one_group_are_listed_once() {
    let users = |groups: &str| {
        let mut out = String::from(
            "account: main\ngroups:\n  readers:\n    policies: [AmazonS3ReadOnlyAccess]\n    require_mfa: true\nusers:\n",
        );
        for name in ["ana", "ben", "cyd", "dan", "eve"] {
            out.push_str(&format!("  {name}: {{ groups: [{groups}] }}\n"));
        }
        out
    };
    let plans = scenario(&users(""), &users("readers"));
    let lines: Vec<&str> = plans
        .text
        .lines()
        .filter(|l| l.contains("user ana, user ben, user cyd, user dan, user eve"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", plans.text);
    assert!(lines[0].contains("only with MFA"), "{}", lines[0]);
    assert!(
        lines[0].contains("via new membership of group readers"),
        "{}",
        lines[0]
    );
    snapshot("group_of_five", &plans);
}

#[test]
fn a_whole_catalog_grant_reads_all_actions_except() {
    let role = |policies: &str| {
        format!(
            "account: main\nroles:\n  builder:\n    policies: [{policies}]\n    trust:\n      - service: codebuild.amazonaws.com\n"
        )
    };
    let plans = scenario(&role(""), &role("PowerUserAccess"));
    assert!(
        plans.text.contains("gains all actions except account"),
        "{}",
        plans.text
    );
    assert!(
        plans
            .markdown
            .contains("<details><summary>By service</summary>")
    );
    snapshot("power_user", &plans);
}

/// The multi-account example applied to a copy of its state, then `identity.yaml` edited.
fn multi_account(edit: impl Fn(&str) -> String) -> Plans {
    let (_guard, dir) = temp_copy("examples/multi-account");
    let apply = iamform(&dir, &["apply", "--state", "state.json", "--auto-approve"]);
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    let path = dir.join("identity.yaml");
    let identity = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&identity)).unwrap();
    plans(&dir)
}

#[test]
fn a_user_added_to_a_linked_group_is_a_new_assumer() {
    let plans =
        multi_account(|yaml| yaml.replace("groups: [developers]", "groups: [admins, developers]"));
    assert!(
        plans
            .text
            .contains("may be assumed by identity: user bob only with MFA"),
        "{}",
        plans.text
    );
    snapshot("link_member_added", &plans);
}

#[test]
fn a_user_removed_from_a_linked_group_is_a_lost_assumer() {
    // carol joins so that the group, and the link through it, still admit someone.
    let plans = multi_account(|yaml| {
        yaml.replace("groups: [admins, developers]", "groups: [developers]")
            .replace(
                "users:\n",
                "users:\n  carol:\n    path: /people/\n    groups: [admins]\n",
            )
    });
    assert_eq!(plans.json["narrows_access"], true);
    assert!(
        plans
            .text
            .contains("may no longer be assumed by identity: user alice"),
        "{}",
        plans.text
    );
    snapshot("link_member_removed", &plans);
}
