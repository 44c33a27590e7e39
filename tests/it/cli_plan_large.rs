//! A large plan through the real binary: 60 users moved from one group to another.
//! The Markdown comment stays within its character budget (GitHub's by default, or
//! `--markdown-max-chars`) and says what it left out; the text output leaves out nothing.

use std::path::Path;

use crate::support::offline_cli::{Run, iamform};
use serde_json::{Value, json};

const USERS: usize = 60;

/// A project whose 60 users are in group `admins` in the recorded state and in group
/// `developers` in the manifests.
fn sixty_users_change_groups(dir: &Path) {
    std::fs::write(
        dir.join("iamform.yaml"),
        "accounts:\n  main: { id: \"111111111111\" }\n\
         scope: { paths: [\"/\"], prune: false }\n\
         default_tags: { managed-by: iamform }\n",
    )
    .unwrap();
    let mut people = String::from(
        "account: main\ngroups:\n  admins:\n    policies: [AdministratorAccess]\n  \
         developers:\n    policies: [ReadOnlyAccess]\nusers:\n",
    );
    for i in 0..USERS {
        people.push_str(&format!(
            "  user{i:02}: {{ path: /people/, groups: [developers] }}\n"
        ));
    }
    std::fs::write(dir.join("people.yaml"), people).unwrap();
    let group = |name: &str, policy: &str| json!({"name": name, "path": "/", "managed_policies": [format!("arn:aws:iam::aws:policy/{policy}")]});
    let users: serde_json::Map<String, Value> = (0..USERS)
        .map(|i| {
            let name = format!("user{i:02}");
            let user = json!({
                "name": name, "path": "/people/", "groups": ["admins"],
                "tags": {"managed-by": "iamform"}
            });
            (name, user)
        })
        .collect();
    let state = json!({
        "format_version": 1,
        "accounts": {"111111111111": {
            "account_id": "111111111111",
            "users": users,
            "groups": {
                "admins": group("admins", "AdministratorAccess"),
                "developers": group("developers", "ReadOnlyAccess")
            }
        }}
    });
    std::fs::write(
        dir.join("state.json"),
        serde_json::to_string_pretty(&state).unwrap(),
    )
    .unwrap();
}

fn plan(extra: &[&str]) -> Run {
    let temp = tempfile::tempdir().unwrap();
    sixty_users_change_groups(temp.path());
    let mut args = vec!["plan", "--state", "state.json"];
    args.extend_from_slice(extra);
    let run = iamform(temp.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn sixty_users_moved_fit_a_github_comment() {
    let md = plan(&["--format", "markdown"]).stdout;
    let len = md.chars().count();
    assert!(len <= 65_536, "{len} characters");
    assert!(md.contains("**Plan: 0 to add, 60 to change, 0 to destroy (120 operations).**"));
    assert!(
        md.contains("<code>~ user user59</code> 2 changes"),
        "every entity listed"
    );
    // The 60 identical access changes share one entry, so nothing needs cutting.
    assert!(!md.contains("Not shown"), "{md}");
    let access = &md[md.find("### Effective access").expect("an access section")..];
    assert_eq!(access.matches("\n- `").count(), 1, "one entry: {access}");
    assert!(access.contains("user59"), "{access}");
}

#[test]
fn sixty_users_moved_in_a_small_budget() {
    let md = plan(&["--format", "markdown", "--markdown-max-chars", "6000"]).stdout;
    assert!(
        md.chars().count() <= 6_000,
        "{} characters",
        md.chars().count()
    );
    insta::assert_snapshot!("sixty_users_markdown_6000", md);
}

#[test]
fn the_text_plan_has_no_budget() {
    let text = plan(&[]).stdout;
    assert!(!text.contains("not shown"));
    for i in 0..USERS {
        assert!(text.contains(&format!("~ user user{i:02}\n")), "user{i:02}");
    }
    assert!(text.ends_with("Plan: 0 to add, 60 to change, 0 to destroy (120 operations).\n"));
}

#[test]
fn a_budget_under_the_minimum_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    sixty_users_change_groups(temp.path());
    let run = iamform(
        temp.path(),
        &[
            "plan",
            "--state",
            "state.json",
            "--format",
            "markdown",
            "--markdown-max-chars",
            "100",
        ],
    );
    assert_eq!(
        run.code, 1,
        "a usage error (exit 1, never 2: that means changes)"
    );
    insta::assert_snapshot!("markdown_max_chars_too_small", run.stderr);
}
