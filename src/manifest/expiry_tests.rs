//! `expires:` through loading: what is left out of the desired state at a given clock,
//! what goes with it, and the located warnings and errors.

use crate::diagnostic::{Code, Severity};
use crate::model::{ExpiryTarget, UtcTime};

use super::test_project::{check_files_at, positions};

const CONFIG: &str = "accounts: {prod: {id: \"111111111111\"}, identity: {id: \"222222222222\"}}\ndefault_account: prod\n";

const ENTITIES: &str = "\
policies:
  temp-read:
    document: {Statement: [{Effect: Allow, Action: \"s3:Get*\", Resource: \"*\"}]}
    expires: 2026-12-31
groups: {admins: {}, ops: {}}
users:
  alice:
    groups: [admins, {name: ops, expires: 2026-06-30}]
    policies: [temp-read, {name: ReadOnlyAccess, expires: \"2026-06-30T12:00:00+02:00\"}]
    inline_policies:
      debug: {document: {Statement: [{Effect: Allow, Action: \"ec2:Describe*\", Resource: \"*\"}]}, expires: 2026-06-30}
      keep: {Statement: [{Effect: Allow, Action: \"sqs:List*\", Resource: \"*\"}]}
roles:
  contractor:
    expires: 2026-12-31
    instance_profile: true
    trust: [{service: ec2.amazonaws.com}]
";

fn at(text: &str) -> UtcTime {
    UtcTime::parse_rfc3339(text).unwrap()
}

#[test]
fn nothing_is_left_out_before_the_instant() {
    let report = check_files_at(
        &[("iamform.yaml", CONFIG), ("e.yaml", ENTITIES)],
        at("2026-06-30T09:59:59Z"),
    );
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    let iam = &state.accounts["prod"].iam;
    assert!(iam.roles.contains_key("contractor"));
    assert!(iam.instance_profiles.contains_key("contractor"));
    assert_eq!(iam.users["alice"].managed_policies.len(), 2);
    assert!(state.expiries.expired.is_empty());
    assert_eq!(state.expiries.in_force.len(), 6);
    assert_eq!(state.expiries.now, Some(at("2026-06-30T09:59:59Z")));
}

#[test]
fn expired_parts_go_at_their_instant_and_are_located_warnings() {
    // 10:00Z is the attachment's 12:00+02:00: it has just expired; the date entries of
    // 2026-06-30 last until the end of that day.
    let report = check_files_at(
        &[("iamform.yaml", CONFIG), ("e.yaml", ENTITIES)],
        at("2026-06-30T10:00:00Z"),
    );
    assert_eq!(
        positions(&report),
        [(
            9,
            59,
            "attachment of arn:aws:iam::aws:policy/ReadOnlyAccess to user alice expired at 2026-06-30T10:00:00Z".to_string()
        )]
    );
    let d = &report.diagnostics.0[0];
    assert_eq!(
        (d.code, d.severity),
        (Some(Code::Expired), Severity::Warning)
    );
    let state = report.state.unwrap();
    let alice = &state.accounts["prod"].iam.users["alice"];
    assert_eq!(alice.managed_policies.len(), 1);
    assert!(alice.groups.contains("ops"));

    let report = check_files_at(
        &[("iamform.yaml", CONFIG), ("e.yaml", ENTITIES)],
        at("2026-07-01T00:00:00Z"),
    );
    let state = report.state.unwrap();
    let alice = &state.accounts["prod"].iam.users["alice"];
    assert_eq!(
        alice.groups.iter().collect::<Vec<_>>(),
        ["admins"],
        "the membership expires with its day"
    );
    assert_eq!(alice.inline_policies.keys().collect::<Vec<_>>(), ["keep"]);
    assert_eq!(state.expiries.expired.len(), 3);
}

#[test]
fn an_expired_entity_takes_what_hangs_on_it() {
    let report = check_files_at(
        &[("iamform.yaml", CONFIG), ("e.yaml", ENTITIES)],
        at("2027-01-01T00:00:00Z"),
    );
    let state = report.state.unwrap();
    let iam = &state.accounts["prod"].iam;
    assert!(!iam.roles.contains_key("contractor"));
    assert!(!iam.instance_profiles.contains_key("contractor"));
    assert!(!iam.policies.contains_key("temp-read"));
    assert!(iam.users["alice"].managed_policies.is_empty());
    let expired: Vec<String> = state
        .expiries
        .expired
        .iter()
        .map(|e| e.target.to_string())
        .collect();
    assert!(
        expired.contains(&"role contractor".to_string()),
        "{expired:?}"
    );
    assert!(expired.contains(&"instance profile contractor".to_string()));
    assert!(expired.contains(&"policy temp-read".to_string()));
}

#[test]
fn a_link_ends_with_its_own_expiry_or_its_target_role() {
    let files = |link_expires: &str| {
        vec![
            ("iamform.yaml", CONFIG.to_string()),
            (
                "e.yaml",
                "roles:\n  audit:\n    expires: 2026-12-31\n    trust: [{service: ec2.amazonaws.com}]\n  ops: {trust: [{service: ec2.amazonaws.com}]}\n".to_string(),
            ),
            ("i.yaml", "account: identity\nusers: {bob: {}}\n".to_string()),
            (
                "links.yaml",
                format!("links:\n  bob-audit:\n    from: {{account: identity, users: [bob]}}\n    to: {{account: prod, role: audit}}\n  bob-ops:\n    from: {{account: identity, users: [bob]}}\n    to: {{account: prod, role: ops}}\n{link_expires}"),
            ),
        ]
    };
    let load = |link_expires: &str, now: &str| {
        let files = files(link_expires);
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        check_files_at(&refs, at(now))
    };
    let report = load("    expires: 2026-03-01\n", "2026-03-02T00:00:00Z");
    let state = report.state.unwrap();
    let names: Vec<&str> = state.links.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["bob-audit"]);
    assert!(
        !state.accounts["identity"].iam.users["bob"]
            .inline_policies
            .contains_key("iamform-link-prod-ops")
    );

    let report = load("", "2027-01-01T00:00:00Z");
    let messages: Vec<String> = positions(&report).into_iter().map(|p| p.2).collect();
    assert!(
        messages.contains(
            &"link bob-audit ended with role audit, which expired at 2027-01-01T00:00:00Z"
                .to_string()
        ),
        "{messages:?}"
    );
    let state = report.state.unwrap();
    let names: Vec<&str> = state.links.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["bob-ops"]);
    assert!(state.expiries.has_expired(
        "prod",
        &ExpiryTarget::Link {
            name: "bob-audit".into()
        }
    ));
}

#[test]
fn an_expired_boundary_of_an_entity_in_force_is_an_error() {
    let report = check_files_at(
        &[
            ("iamform.yaml", CONFIG),
            (
                "e.yaml",
                "policies:\n  fence:\n    expires: 2026-01-01\n    document: {Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}\nusers:\n  carol: {permissions_boundary: fence}\n",
            ),
        ],
        at("2026-02-01T00:00:00Z"),
    );
    assert!(report.state.is_none());
    let errors: Vec<_> = positions(&report)
        .into_iter()
        .filter(|p| p.2.contains("permissions boundary"))
        .collect();
    assert_eq!(
        errors,
        [(
            3,
            14,
            "policy fence expired at 2026-01-02T00:00:00Z, but it is still the permissions boundary of user carol".to_string()
        )]
    );
}

#[test]
fn a_trust_naming_an_expired_principal_is_an_error_unless_it_ends_too() {
    let files = |deployer_expires: &str| {
        let roles = format!(
            "users:\n  temp-admin: {{expires: 2026-01-01}}\nroles:\n  deployer:\n    trust: [{{users: [temp-admin]}}]\n{deployer_expires}"
        );
        check_files_at(
            &[("iamform.yaml", CONFIG), ("e.yaml", &roles)],
            at("2026-02-01T00:00:00Z"),
        )
    };
    assert_eq!(
        positions(&files(""))
            .into_iter()
            .filter(|p| p.2.contains("trusted"))
            .collect::<Vec<_>>(),
        [(
            2,
            25,
            "user temp-admin expired at 2026-01-02T00:00:00Z, but it is still trusted by role deployer".to_string()
        )]
    );
    let ends_too = files("    expires: 2026-01-01\n");
    assert!(ends_too.state.is_some(), "{:?}", ends_too.diagnostics);
}

#[test]
fn a_bad_expires_is_one_located_error() {
    let report = check_files_at(
        &[
            ("iamform.yaml", CONFIG),
            ("e.yaml", "users:\n  dave: {expires: 31/12/2026}\n"),
        ],
        at("2026-01-01T00:00:00Z"),
    );
    assert_eq!(
        positions(&report),
        [(
            2,
            19,
            "invalid expires: `31/12/2026` is not a date or an RFC 3339 time".to_string()
        )]
    );
    assert!(
        report.diagnostics.0[0]
            .help
            .as_deref()
            .unwrap()
            .contains("YYYY-MM-DD")
    );
}
