//! IAM Identity Center against moto (`scripts/test --test it identity_center_moto::`):
//! permission sets with every kind of content and assignments to Identity Store groups
//! and users in other accounts are applied, converge, show changes made behind
//! iamform's back, and are deleted when the manifest drops them; a missing group or
//! user stops the plan at its name; an import plans no changes; assignments follow the
//! organization's OUs and tags.
//!
//! moto 5.2.5's ssoadmin lacks the tag, permissions-boundary and provisioning-status
//! calls; `scripts/moto_server.py` adds them (see there).

use iamform::plan::Plan;

use crate::support::moto;
use crate::support::moto_identity_center::MotoIdentityCenter;

const MANIFEST: &str = r#"account: management
identity_center:
  permission_sets:
    Admin:
      description: Full access for the platform team
      session_duration: 8h
      relay_state: https://console.aws.amazon.com/console/home
      aws_managed_policies: [AdministratorAccess]
      tags: {team: platform}
    ReadOnly:
      session_duration: PT4H
      aws_managed_policies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      customer_managed_policies:
        - {name: deny-secrets, path: /guards/}
      inline_policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: s3:DeleteBucket
            Resource: "*"
      permissions_boundary: {customer_managed: {name: edge, path: /guards/}}
      tags: {team: platform, tier: read}
  assignments:
    - {permission_set: Admin, group: platform, accounts: [prod, staging]}
    - {permission_set: ReadOnly, user: alice, accounts: [prod]}
"#;

/// `(action type, target)` of each change, sorted.
fn changes(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = plan
        .changes
        .iter()
        .map(|c| {
            let action = serde_json::to_value(&c.change.action).expect("action serializes");
            let kind = action["type"].as_str().unwrap_or_default();
            let detail = action["operation"].as_str().unwrap_or_default();
            (format!("{kind} {detail}"), c.change.target.name.clone())
        })
        .collect();
    out.sort();
    out
}

fn plan(center: &MotoIdentityCenter) -> Plan {
    center
        .iamform(&["plan", "--format", "json"])
        .expect_code(0)
        .plan()
}

#[test]
fn permission_sets_and_assignments_apply_converge_drift_and_delete() {
    let endpoint =
        moto::moto_or_skip!("permission_sets_and_assignments_apply_converge_drift_and_delete");
    let center = MotoIdentityCenter::new(&endpoint);
    let platform = center.create_group("platform");
    center.create_user("alice");
    center.write("identity_center.yaml", MANIFEST);

    let first = plan(&center);
    assert!(!first.changes.is_empty());
    let applied = center.iamform(&["apply", "--auto-approve"]);
    let applied = applied.expect_code(0);
    let again = center
        .iamform(&["plan", "--detailed-exitcode"])
        .expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    assert_eq!(center.permission_set_count(), 2, "{}", applied.stdout);

    // Behind iamform's back: a policy detached, an assignment deleted, a tag changed.
    center.detach_managed_policy("Admin", "arn:aws:iam::aws:policy/AdministratorAccess");
    center.delete_group_assignment("Admin", &platform, &center.staging_id);
    center.tag("ReadOnly", "tier", "write");
    let drift = center
        .iamform(&["plan", "--detailed-exitcode"])
        .expect_code(2);
    center.snapshot_settings().bind(|| {
        insta::assert_snapshot!("identity_center_moto_drift", drift.stdout);
    });
    center.iamform(&["apply", "--auto-approve"]).expect_code(0);
    assert!(plan(&center).changes.is_empty());

    // Changed in the manifest: settings, the boundary, the inline policy, then no boundary.
    center.edit(
        "identity_center.yaml",
        "session_duration: 8h",
        "session_duration: 10h",
    );
    center.edit(
        "identity_center.yaml",
        "{customer_managed: {name: edge, path: /guards/}}",
        "{managed_policy: PowerUserAccess}",
    );
    center.edit("identity_center.yaml", "s3:DeleteBucket", "s3:DeleteObject");
    let updated = center.iamform(&["apply", "--auto-approve"]).expect_code(0);
    assert!(plan(&center).changes.is_empty(), "{}", updated.stdout);
    center.edit(
        "identity_center.yaml",
        "      permissions_boundary: {managed_policy: PowerUserAccess}\n",
        "",
    );
    let unbounded = center.iamform(&["apply", "--auto-approve"]).expect_code(0);
    assert!(plan(&center).changes.is_empty(), "{}", unbounded.stdout);
    assert!(
        unbounded.stdout.contains("boundary"),
        "{}",
        unbounded.stdout
    );

    // Dropped from the manifest: ReadOnly and its assignment are deleted; Admin stays.
    let current = std::fs::read_to_string(center.path("identity_center.yaml")).unwrap();
    let start = current.find("    ReadOnly:").unwrap();
    let end = current.find("  assignments:").unwrap();
    let without = current[..start].to_string() + &current[end..];
    center.write(
        "identity_center.yaml",
        &without.replace(
            "    - {permission_set: ReadOnly, user: alice, accounts: [prod]}\n",
            "",
        ),
    );
    center.edit(
        "identity_center.yaml",
        "identity_center:\n",
        "identity_center:\n  prune: true\n",
    );
    let removal = plan(&center);
    assert_eq!(
        changes(&removal),
        [
            (
                "identity_center delete_assignment".to_string(),
                "ReadOnly".to_string()
            ),
            (
                "identity_center delete_permission_set".to_string(),
                "ReadOnly".to_string()
            ),
        ]
    );
    center.iamform(&["apply", "--auto-approve"]).expect_code(0);
    assert_eq!(center.permission_set_count(), 1);
    assert!(plan(&center).changes.is_empty());
}

#[test]
fn a_missing_group_or_user_is_located_and_nothing_is_applied() {
    let endpoint = moto::moto_or_skip!("a_missing_group_or_user_is_located_and_nothing_is_applied");
    let center = MotoIdentityCenter::new(&endpoint);
    center.create_group("platform");
    center.write(
        "identity_center.yaml",
        &MANIFEST.replace("group: platform", "group: platfrom"),
    );
    let planned = center.iamform(&["plan"]).expect_code(1);
    center.snapshot_settings().bind(|| {
        insta::assert_snapshot!("identity_center_moto_missing_principals", planned.stderr);
    });
    let applied = center.iamform(&["apply", "--auto-approve"]).expect_code(1);
    assert!(
        applied.stderr.contains("platfrom") && applied.stderr.contains("alice"),
        "{}",
        applied.stderr
    );
    assert_eq!(center.permission_set_count(), 0, "{}", applied.stdout);
}

#[test]
fn imported_identity_center_plans_no_changes() {
    let endpoint = moto::moto_or_skip!("imported_identity_center_plans_no_changes");
    let center = MotoIdentityCenter::new(&endpoint);
    center.create_group("platform");
    center.create_user("alice");
    center.write("identity_center.yaml", MANIFEST);
    center.iamform(&["apply", "--auto-approve"]).expect_code(0);

    let imported = center.iamform(&["import", "--out", "imported"]);
    let imported = imported.expect_code(0);
    let file = center.path("imported/management/identity_center.yaml");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", file.display(), imported.stderr));
    center.snapshot_settings().bind(|| {
        insta::assert_snapshot!("identity_center_moto_imported", text);
    });
    let (_env_dir, env) = moto::binary_env(&endpoint);
    let mut cmd = assert_cmd::Command::cargo_bin("iamform").expect("iamform binary");
    for var in moto::INHERITED_AWS_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env)
        .env("NO_COLOR", "1")
        .arg("-C")
        .arg(center.path("imported"))
        .args(["plan", "--detailed-exitcode"]);
    let replanned = crate::support::moto_project::run(&mut cmd, "");
    assert_eq!(
        replanned.code, 0,
        "{}\n{}",
        replanned.stdout, replanned.stderr
    );
}

#[test]
fn assignments_follow_the_organization_selectors() {
    use crate::support::moto_org::MotoOrganization;
    let endpoint = moto::moto_or_skip!("assignments_follow_the_organization_selectors");
    let org = MotoOrganization::new(&endpoint);
    let workloads = org.create_ou(&org.root, "Workloads");
    let sandbox = org.create_ou(&org.root, "Sandbox");
    org.create_account("Dev 1", &[("env", "dev")], &workloads);
    org.create_account("Prod 1", &[("env", "prod")], &workloads);
    org.create_account("Play", &[("env", "sandbox")], &sandbox);
    org.create_identity_store_groups(&["auditors", "platform"]);

    let dir = tempfile::tempdir().expect("temp dir");
    let write = |file: &str, text: &str| std::fs::write(dir.path().join(file), text).unwrap();
    write(
        "iamform.yaml",
        &format!(
            "organization: {{assume_role: OrganizationAccountAccessRole}}\n\
             accounts:\n  management: {{id: \"{}\"}}\n\
             scope: {{paths: [/iamform/]}}\n",
            org.management_id
        ),
    );
    write(
        "identity_center.yaml",
        "account: management
identity_center:
  permission_sets:
    ReadOnly: {aws_managed_policies: [ReadOnlyAccess]}
    Admin: {aws_managed_policies: [AdministratorAccess]}
  assignments:
    - {permission_set: ReadOnly, group: auditors, accounts: {ou: [\"/Workloads\"]}}
    - {permission_set: Admin, group: platform, accounts: {tags: {env: prod}}}
",
    );
    let planned = org
        .iamform(dir.path(), &["plan", "--format", "json"])
        .expect_code(0)
        .plan();
    let mut assigned: Vec<(String, String)> = planned
        .changes
        .iter()
        .filter_map(|c| {
            let action = serde_json::to_value(&c.change.action).unwrap();
            (action["operation"] == "create_assignment").then(|| {
                (
                    action["assignment"]["permission_set"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    action["account_name"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    assigned.sort();
    let expected = [
        ("Admin", "prod-1"),
        ("ReadOnly", "dev-1"),
        ("ReadOnly", "prod-1"),
    ]
    .map(|(s, a)| (s.to_string(), a.to_string()));
    assert_eq!(assigned, expected);
    org.iamform(dir.path(), &["apply", "--auto-approve"])
        .expect_code(0);
    let again = org
        .iamform(dir.path(), &["plan", "--format", "json"])
        .expect_code(0)
        .plan();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
}
