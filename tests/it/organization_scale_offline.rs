//! A role in 500 accounts, planned offline from an organization recorded in the state
//! file: the Markdown (a pull-request comment) stays within GitHub's comment limit,
//! shows the shared role and its access once with the accounts, and says what it left
//! out.

use serde_json::json;

use crate::assert_run_snapshot;
use crate::support::offline_cli::iamform;

const ACCOUNTS: usize = 500;

/// A project whose organization has `ACCOUNTS` workload accounts, each getting role
/// `audit` (SecurityAudit, and reading its own trail bucket), and a role named after it
/// that differs per account.
fn project(dir: &std::path::Path) {
    let mut members =
        vec![json!({"id": "100000000000", "name": "Management", "ou": "/", "status": "ACTIVE"})];
    members.extend((1..=ACCOUNTS).map(|i| {
        json!({"id": format!("3{i:011}"), "name": format!("Work {i:03}"),
               "ou": "/Workloads", "status": "ACTIVE", "tags": {"env": "dev"}})
    }));
    let state = json!({"format_version": 1, "accounts": {},
                       "organization": {"accounts": members, "tags_read": true}});
    std::fs::write(dir.join("state.json"), state.to_string()).unwrap();
    std::fs::write(
        dir.join("iamform.yaml"),
        "organization: {assume_role: OrganizationAccountAccessRole}\naccounts:\n  management: {id: \"100000000000\"}\ndefault_account: management\nscope: {paths: [/iamform/]}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("roles.yaml"),
        r#"roles:
  audit:
    accounts: {ou: ["/Workloads"]}
    path: /iamform/
    policies: [SecurityAudit]
    trust: [{account: management, require_mfa: true}]
    inline_policies:
      read-trail:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "arn:aws:s3:::trail-{{account.id}}/*"
  "ops-{{account.name}}":
    accounts: {ou: ["/Workloads"]}
    path: /iamform/
    description: "Operations of {{account.name}}"
    trust: [{account: management}]
"#,
    )
    .unwrap();
}

#[test]
fn a_role_in_500_accounts_fits_a_pull_request_comment() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let run = iamform(
        tmp.path(),
        &["plan", "--state", "state.json", "--format", "markdown"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    let chars = md.chars().count();
    assert!(
        chars <= iamform::render::GITHUB_COMMENT_LIMIT,
        "{chars} characters"
    );
    // The shared role, in the entity list and in the access section (which keeps its
    // share of the budget), once each.
    let shared = "role audit</code> will be created in 500 accounts: work-001, work-002";
    assert_eq!(md.matches(shared).count(), 1, "{md}");
    assert_eq!(
        md.matches("**role audit in 500 accounts: work-001, work-002")
            .count(),
        1,
        "{md}"
    );
    // What the budget left out is said at the top; the note is the snapshot.
    let note = md
        .lines()
        .find(|l| l.starts_with("> **Not shown"))
        .expect("a note of what was left out");
    assert!(md.find(note) < md.find("### "), "{md}");
    assert_run_snapshot!(
        "organization_500_accounts_markdown_note",
        crate::support::offline_cli::Run {
            code: run.code,
            stdout: format!("{note}\n"),
            stderr: run.stderr.clone(),
        }
    );
}
