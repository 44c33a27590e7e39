//! One account that cannot be read, on moto, does not stop the others: its `assume_role`
//! is a role in another account, so the credentials reach the wrong account and its
//! read fails. The plan is incomplete (exit 3), holds back the link into it, and apply
//! changes only the accounts read; once the role is fixed, the rest is planned and
//! applied (`scripts/test --test it incomplete_moto::`).

use std::path::Path;

use crate::support::moto;
use crate::support::moto::moto_or_skip;
use serde_json::Value;

const IDENTITY: &str = "\
account: identity
groups:
  admins: {path: /iamform/}
users:
  alice: {path: /iamform/, groups: [admins]}
roles:
  ci: {path: /iamform/, trust: [{service: codebuild.amazonaws.com}]}
";

const TARGETS: &str = "\
roles:
  admin: {account: prod, path: /iamform/, trust: []}
  developer: {account: dev, path: /iamform/, trust: [{service: codebuild.amazonaws.com}]}
";

const LINKS: &str = "\
links:
  admins-to-prod:
    from: {account: identity, groups: [admins]}
    to: {account: prod, role: admin}
";

/// Ids of identity, prod and dev.
fn write_project(dir: &Path, ids: &[String; 3], prod_role: &str) {
    let config = format!(
        "accounts:\n  identity: {{id: \"{}\", assume_role: {role}}}\n  prod: {{id: \"{}\", assume_role: \"{prod_role}\"}}\n  dev: {{id: \"{}\", assume_role: {role}}}\ndefault_account: identity\nscope: {{paths: [/iamform/], prune: true}}\n",
        ids[0],
        ids[1],
        ids[2],
        role = moto::TEST_ROLE
    );
    std::fs::write(dir.join("iamform.yaml"), config).unwrap();
    std::fs::write(dir.join("identity.yaml"), IDENTITY).unwrap();
    std::fs::write(dir.join("targets.yaml"), TARGETS).unwrap();
    std::fs::write(dir.join("links.yaml"), LINKS).unwrap();
}

/// `run` with the random ids and the temporary directory replaced by fixed words.
fn redacted(ids: &[String; 3], dir: &Path, run: (i32, String, String)) -> String {
    let (code, out, err) = run;
    let mut text = format!("exit code: {code}\n--- stdout\n{out}--- stderr\n{err}");
    for (id, name) in ids.iter().zip(["IDENTITY_ID", "PROD_ID", "DEV_ID"]) {
        text = text.replace(id.as_str(), name);
    }
    // The session name moto echoes back is the caller's own.
    let session = format!("assumed-role/{}/", moto::TEST_ROLE);
    if let Some(start) = text.find(&session) {
        let from = start + session.len();
        let end = text[from..].find(',').map_or(text.len(), |i| from + i);
        text.replace_range(from..end, "[session]");
    }
    text.replace(&dir.display().to_string(), "[dir]")
}

/// `text` with apply's progress lines (`[2/5] ok    …`) sorted and unnumbered: changes
/// that do not depend on each other finish in any order.
fn progress_sorted(text: &str) -> String {
    let is_progress = |l: &str| l.starts_with('[') && l.contains("] ok ");
    let mut progress: Vec<&str> = text
        .lines()
        .filter(|l| is_progress(l))
        .map(|l| l.split_once("] ").map_or(l, |(_, rest)| rest))
        .collect();
    progress.sort_unstable();
    let mut out = Vec::new();
    for line in text.lines() {
        if !is_progress(line) {
            out.push(line.to_string());
        } else if !progress.is_empty() {
            out.extend(progress.drain(..).map(|l| format!("[n/N] {l}")));
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn an_unreadable_account_leaves_the_others_planned_and_applied() {
    let endpoint = moto_or_skip!("an_unreadable_account_leaves_the_others_planned_and_applied");
    let dir = tempfile::tempdir().unwrap();
    let ids: [String; 3] = std::array::from_fn(|_| moto::unique_account_id());
    // prod's role is dev's: the credentials reach dev, not the account prod declares.
    let wrong = format!("arn:aws:iam::{}:role/{}", ids[2], moto::TEST_ROLE);
    write_project(dir.path(), &ids, &wrong);
    let run = |args: &[&str]| {
        let mut all = vec!["--color", "never"];
        all.extend_from_slice(args);
        moto::run_binary(&endpoint, dir.path(), &all)
    };

    let plan = run(&["plan", "--account-parallelism", "2"]);
    insta::assert_snapshot!("incomplete_plan", redacted(&ids, dir.path(), plan));

    let saved = dir.path().join("plan.json");
    let (code, out, err) = run(&["plan", "--format", "json", "--out", saved.to_str().unwrap()]);
    assert_eq!(code, 3, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["incomplete"][0]["account"]["name"], "prod", "{json:#}");
    let held: Vec<&str> = json["held_back"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        held,
        ["[identity] add inline policy iamform-link-prod-admin to group admins"]
    );
    assert!(
        err.contains("warning: Incomplete plan: 1 of 3 accounts"),
        "{err}"
    );

    // The saved incomplete plan applies identity and dev, and says prod was left out.
    let applied = run(&["apply", saved.to_str().unwrap()]);
    let applied = progress_sorted(&redacted(&ids, dir.path(), applied));
    insta::assert_snapshot!("incomplete_apply", applied);

    // With prod's role fixed, what is left is prod's role and the held-back grant.
    write_project(dir.path(), &ids, moto::TEST_ROLE);
    let (code, out, err) = run(&["plan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(json.get("incomplete").is_none(), "{json:#}");
    let left: Vec<String> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {}",
                c["account"]["name"].as_str().unwrap(),
                c["action"]["type"].as_str().unwrap(),
                c["target"]["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        left,
        ["prod create admin", "identity put_inline_policy admins"],
        "{json:#}"
    );
    let (code, out, err) = run(&["apply", "--auto-approve"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&["plan", "--detailed-exitcode"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No changes."), "{out}");
}
