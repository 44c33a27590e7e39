//! Effective-access changes between the quickstart manifests and edited actual states.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use super::*;
use crate::model::PolicyDocument;

fn quickstart() -> DesiredState {
    crate::manifest::load(
        Path::new("examples/quickstart"),
        crate::model::UtcTime { unix: 0 },
    )
    .unwrap()
}

fn actual_as_desired(desired: &DesiredState) -> BTreeMap<String, AccountIam> {
    desired
        .accounts
        .iter()
        .map(|(n, a)| (n.clone(), a.iam.clone()))
        .collect()
}

#[test]
fn no_changes_when_actual_matches() {
    let desired = quickstart();
    assert!(access_changes(&desired, &actual_as_desired(&desired)).is_empty());
}

#[test]
fn a_new_inline_write_statement_is_reported_as_granted() {
    let mut desired = quickstart();
    let actual = actual_as_desired(&desired);
    let ci = desired
        .accounts
        .get_mut("main")
        .unwrap()
        .iam
        .users
        .get_mut("ci-bot")
        .unwrap();
    ci.inline_policies.insert(
        "logs".into(),
        PolicyDocument(json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::logs/*"}})),
    );
    let changes = access_changes(&desired, &actual);
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(
        (c.account.as_str(), c.principal.as_str()),
        ("main", "user ci-bot")
    );
    assert!(c.broadens && !c.narrows);
    assert_eq!(c.sources, ["new inline policy logs of user ci-bot"]);
    assert_eq!(c.granted.len(), 1);
    let g = &c.granted[0];
    assert_eq!(
        (
            g.services.as_slice(),
            g.access.as_slice(),
            g.resource.as_str(),
            g.action_count
        ),
        (
            &["s3".to_string()][..],
            &["Write".to_string()][..],
            "arn:aws:s3:::logs/*",
            2
        )
    );
}

#[test]
fn trust_changes_list_new_assumers_and_admin_grants_are_summarized() {
    let mut desired = quickstart();
    let actual = actual_as_desired(&desired);
    let main = desired.accounts.get_mut("main").unwrap();
    let deployer = main.iam.roles.get_mut("deployer").unwrap();
    deployer.trust_policy = PolicyDocument(
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}}),
    );
    deployer.inline_policies.insert("all".into(), PolicyDocument(json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})));
    let changes = access_changes(&desired, &actual);
    let c = changes
        .iter()
        .find(|c| c.principal == "role deployer")
        .unwrap();
    let gained: Vec<&str> = c
        .assumers
        .iter()
        .filter(|a| a.before.is_empty())
        .map(|a| a.principal.as_str())
        .collect();
    assert_eq!(gained, ["any principal of account 222222222222"]);
    assert_eq!(c.assumers.iter().filter(|a| a.after.is_empty()).count(), 1);
    assert!(c.broadens && c.narrows);
    assert_eq!(c.summary.len(), 1);
    // app-deploy already allows some ecr actions; those are not new.
    assert_eq!(c.summary[0].actions, "all actions except ecr (partly)");
    // Notable services keep a line each; every other service shares the last one.
    let lines: Vec<&[String]> = c.granted.iter().map(|g| g.services.as_slice()).collect();
    let notable: Vec<&str> = lines[..lines.len() - 1]
        .iter()
        .map(|s| {
            assert_eq!(s.len(), 1);
            s[0].as_str()
        })
        .collect();
    assert_eq!(
        notable,
        [
            "ec2",
            "iam",
            "kms",
            "lambda",
            "organizations",
            "s3",
            "secretsmanager",
            "sts"
        ]
    );
    let rest = lines.last().unwrap();
    assert!(rest.len() > 100);
    assert!(!rest.contains(&"iam".to_string()));
    let iam = &c.granted[1];
    assert!(iam.access.contains(&"Permissions management".to_string()));
    assert!(iam.examples[0].starts_with("iam:"), "{:?}", iam.examples);
}
