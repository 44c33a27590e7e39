//! The evaluation flow: accounts, principals, boundaries, session policies, SCPs, RCPs.

use serde_json::{Value, json};

use super::super::{Context, Decision, NamedPolicy, PolicyRole, Request, evaluate};
use crate::policy::parse;

const A: &str = "111111111111";
const B: &str = "222222222222";
const USER: &str = "arn:aws:iam::111111111111:user/alice";
const ROLE: &str = "arn:aws:iam::111111111111:role/app";
const SESSION: &str = "arn:aws:sts::111111111111:assumed-role/app/build-7";
const OBJECT: &str = "arn:aws:s3:::bucket/key";

fn policy(role: PolicyRole, name: &str, statements: Value) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        role,
        policy: parse(&json!({"Version": "2012-10-17", "Statement": statements}))
            .unwrap()
            .into(),
    }
}

fn identity_allow() -> NamedPolicy {
    policy(
        PolicyRole::Identity,
        "identity",
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
    )
}

fn resource_allow(principal: Value) -> NamedPolicy {
    policy(
        PolicyRole::Resource,
        "bucket",
        json!({"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": OBJECT}),
    )
}

fn boundary(action: &str) -> NamedPolicy {
    policy(
        PolicyRole::Boundary,
        "boundary",
        json!({"Effect": "Allow", "Action": action, "Resource": "*"}),
    )
}

fn ask(policies: &[NamedPolicy], principal: &str, resource_account: &str) -> Decision {
    let request = Request::new("s3:GetObject", OBJECT, Some(principal), Context::new())
        .with_resource_account(resource_account);
    evaluate(policies, &request).decision
}

use Decision::{Allowed, ExplicitDeny, ImplicitDeny};

// Same account: either side's Allow suffices; cross-account: both are needed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
#[test]
fn cross_account_matrix() {
    let by_arn = || resource_allow(json!({"AWS": USER}));
    let by_account = || resource_allow(json!({"AWS": A}));
    let cases: Vec<(Vec<NamedPolicy>, &str, Decision)> = vec![
        (vec![identity_allow()], A, Allowed),
        (vec![by_arn()], A, Allowed),
        (vec![identity_allow(), by_arn()], A, Allowed),
        (vec![], A, ImplicitDeny),
        (vec![identity_allow()], B, ImplicitDeny),
        (vec![by_arn()], B, ImplicitDeny),
        (vec![by_account()], B, ImplicitDeny),
        (vec![identity_allow(), by_arn()], B, Allowed),
        // Across accounts, naming the account is the resource side's Allow.
        (vec![identity_allow(), by_account()], B, Allowed),
        (
            vec![identity_allow(), resource_allow(json!({"AWS": B}))],
            B,
            ImplicitDeny,
        ),
    ];
    for (i, (policies, resource_account, want)) in cases.into_iter().enumerate() {
        assert_eq!(ask(&policies, USER, resource_account), want, "case {i}");
    }
}

// The resource account defaults to the resource ARN's, else the principal's.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
#[test]
fn resource_account_comes_from_the_arn() {
    let queue = "arn:aws:sqs:us-east-1:222222222222:q";
    let p = vec![policy(
        PolicyRole::Identity,
        "identity",
        json!({"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}),
    )];
    let r = Request::new("sqs:SendMessage", queue, Some(USER), Context::new());
    let e = evaluate(&p, &r);
    assert_eq!(e.decision, ImplicitDeny);
    assert!(e.cross_account);
    assert!(
        e.reason.starts_with(
            "cross-account request (principal in 111111111111, resource in 222222222222)"
        ),
        "{}",
        e.reason
    );
    let same = Request::new("s3:GetObject", OBJECT, Some(USER), Context::new());
    assert!(!evaluate(&p, &same).cross_account);
}

// A session matches a resource-policy principal naming its role or itself; an account
// principal only delegates. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session
#[test]
fn session_principals_match_role_and_session_arns() {
    for named in [ROLE, SESSION, "*"] {
        let p = vec![resource_allow(json!({"AWS": named}))];
        assert_eq!(ask(&p, SESSION, A), Allowed, "{named}");
    }
    let p = vec![resource_allow(
        json!({"AWS": "arn:aws:sts::111111111111:assumed-role/app/other"}),
    )];
    assert_eq!(ask(&p, SESSION, A), ImplicitDeny);
    let p = vec![resource_allow(
        json!({"AWS": "arn:aws:iam::111111111111:role/other"}),
    )];
    assert_eq!(ask(&p, SESSION, A), ImplicitDeny);
    let p = vec![resource_allow(json!({"AWS": A}))];
    assert_eq!(ask(&p, SESSION, A), ImplicitDeny);
    // A Deny naming the role covers its sessions.
    let mut p = vec![identity_allow()];
    p.push(policy(
        PolicyRole::Resource,
        "bucket",
        json!({"Effect": "Deny", "Principal": {"AWS": ROLE}, "Action": "s3:*", "Resource": "*"}),
    ));
    assert_eq!(ask(&p, SESSION, A), ExplicitDeny);
}

// Within one account an implicit deny in the boundary limits grants made to the role's
// ARN, not grants made to the session or to an IAM user.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
#[test]
fn boundary_and_resource_policy_matrix() {
    let cases = [
        (ROLE, ROLE, ImplicitDeny),
        (ROLE, SESSION, ImplicitDeny),
        (SESSION, SESSION, Allowed),
        (USER, USER, Allowed),
        (A, USER, ImplicitDeny),
    ];
    for (named, caller, want) in cases {
        let p = vec![resource_allow(json!({"AWS": named})), boundary("ec2:*")];
        assert_eq!(ask(&p, caller, A), want, "{named} / {caller}");
        // Inside the boundary the role grant stands.
        let inside = vec![resource_allow(json!({"AWS": named})), boundary("s3:*")];
        let want_inside = if named == A { ImplicitDeny } else { Allowed };
        assert_eq!(
            ask(&inside, caller, A),
            want_inside,
            "{named} / {caller} inside"
        );
    }
    // A Deny in the boundary denies whatever the resource policy grants.
    let p = vec![
        resource_allow(json!({"AWS": SESSION})),
        policy(
            PolicyRole::Boundary,
            "boundary",
            json!({"Effect": "Deny", "Action": "s3:*", "Resource": "*"}),
        ),
    ];
    assert_eq!(ask(&p, SESSION, A), ExplicitDeny);
}

// NotPrincipal with Deny denies everyone the list does not name; it always denies an
// IAM principal with a permissions boundary.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
#[test]
fn not_principal_with_deny() {
    let deny_all_but = |named: Value| {
        policy(
            PolicyRole::Resource,
            "bucket",
            json!({"Effect": "Deny", "NotPrincipal": {"AWS": named}, "Action": "s3:*", "Resource": "*"}),
        )
    };
    let p = vec![identity_allow(), deny_all_but(json!(ROLE))];
    assert_eq!(ask(&p, ROLE, A), Allowed);
    assert_eq!(ask(&p, SESSION, A), Allowed);
    assert_eq!(ask(&p, USER, A), ExplicitDeny);
    let p = vec![identity_allow(), deny_all_but(json!([USER, A]))];
    assert_eq!(ask(&p, USER, A), Allowed);
    assert_eq!(
        ask(&p, "arn:aws:iam::222222222222:user/eve", A),
        ExplicitDeny
    );
    let p = vec![identity_allow(), deny_all_but(json!(ROLE)), boundary("*")];
    assert_eq!(ask(&p, ROLE, A), ExplicitDeny);
    // NotPrincipal with Allow grants to everyone but the named.
    let allow_all_but = policy(
        PolicyRole::Resource,
        "bucket",
        json!({"Effect": "Allow", "NotPrincipal": {"AWS": USER}, "Action": "s3:*", "Resource": "*"}),
    );
    assert_eq!(ask(&[allow_all_but.clone()], USER, A), ImplicitDeny);
    assert_eq!(ask(&[allow_all_but], ROLE, A), Allowed);
}

// A resource-policy statement without Principal is invalid: it grants and denies
// nothing. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#[test]
fn resource_statements_without_principal_never_apply() {
    let allow = policy(
        PolicyRole::Resource,
        "bucket",
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": OBJECT}),
    );
    assert_eq!(ask(&[allow], USER, A), ImplicitDeny);
    let deny = policy(
        PolicyRole::Resource,
        "bucket",
        json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": OBJECT}),
    );
    assert_eq!(ask(&[identity_allow(), deny], USER, A), Allowed);
}

fn scp(level: u16, statements: Value) -> NamedPolicy {
    policy(
        PolicyRole::ServiceControl { level },
        &format!("scp{level}"),
        statements,
    )
}

fn allow_all() -> Value {
    json!({"Effect": "Allow", "Action": "*", "Resource": "*"})
}

// Every SCP level must allow; an SCP Deny wins; SCPs grant nothing themselves.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
#[test]
fn service_control_policies() {
    let levels = |second: Value| vec![identity_allow(), scp(1, allow_all()), scp(2, second)];
    assert_eq!(ask(&levels(allow_all()), USER, A), Allowed);
    let e = evaluate(
        &levels(json!({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"})),
        &Request::new("s3:GetObject", OBJECT, Some(USER), Context::new()),
    );
    assert_eq!(e.decision, ImplicitDeny);
    assert_eq!(
        e.reason,
        "no service control policy at level 2 allows the request"
    );
    let deny = json!([allow_all(), {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]);
    assert_eq!(ask(&levels(deny), USER, A), ExplicitDeny);
    // A level with no policy attached allows nothing.
    let mut empty = vec![identity_allow(), scp(1, allow_all())];
    empty.push(NamedPolicy {
        name: "scp2".into(),
        role: PolicyRole::ServiceControl { level: 2 },
        policy: super::super::empty_policy().into(),
    });
    assert_eq!(ask(&empty, USER, A), ImplicitDeny);
    // SCPs alone grant nothing.
    assert_eq!(ask(&[scp(1, allow_all())], USER, A), ImplicitDeny);
    // They cap resource-policy grants too.
    let p = vec![
        resource_allow(json!({"AWS": USER})),
        scp(
            1,
            json!({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}),
        ),
    ];
    assert_eq!(ask(&p, USER, A), ImplicitDeny);
}

// RCPFullAWSAccess is always attached: RCPs only deny, and their Principal is checked.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
#[test]
fn resource_control_policies() {
    let rcp = |statements: Value| policy(PolicyRole::ResourceControl, "rcp", statements);
    let deny =
        json!({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"});
    assert_eq!(ask(&[identity_allow(), rcp(deny)], USER, A), ExplicitDeny);
    let other =
        json!({"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"});
    assert_eq!(ask(&[identity_allow(), rcp(other)], USER, A), Allowed);
    let empty = NamedPolicy {
        name: "rcp".into(),
        role: PolicyRole::ResourceControl,
        policy: super::super::empty_policy().into(),
    };
    assert_eq!(ask(&[identity_allow(), empty.clone()], USER, A), Allowed);
    assert_eq!(ask(&[empty], USER, A), ImplicitDeny);
}

// A session policy caps identity grants and resource grants to the role, not resource
// grants to the session. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
#[test]
fn session_policies() {
    let session = |action: &str| {
        policy(
            PolicyRole::Session,
            "session",
            json!({"Effect": "Allow", "Action": action, "Resource": "*"}),
        )
    };
    assert_eq!(
        ask(&[identity_allow(), session("s3:*")], SESSION, A),
        Allowed
    );
    let e = evaluate(
        &[identity_allow(), session("ec2:*")],
        &Request::new("s3:GetObject", OBJECT, Some(SESSION), Context::new()),
    );
    assert_eq!(e.decision, ImplicitDeny);
    assert_eq!(
        e.reason,
        "identity policies allow it, but the session policy does not"
    );
    let to_role = resource_allow(json!({"AWS": ROLE}));
    assert_eq!(ask(&[to_role, session("ec2:*")], SESSION, A), ImplicitDeny);
    let to_session = resource_allow(json!({"AWS": SESSION}));
    assert_eq!(ask(&[to_session, session("ec2:*")], SESSION, A), Allowed);
    // A session policy grants nothing itself, and its Deny wins.
    assert_eq!(ask(&[session("s3:*")], SESSION, A), ImplicitDeny);
    let deny = policy(
        PolicyRole::Session,
        "session",
        json!({"Effect": "Deny", "Action": "s3:*", "Resource": "*"}),
    );
    assert_eq!(ask(&[identity_allow(), deny], SESSION, A), ExplicitDeny);
}

#[test]
fn evaluations_list_the_policy_types_in_flow_order() {
    let p = vec![
        boundary("s3:*"),
        identity_allow(),
        scp(1, allow_all()),
        resource_allow(json!({"AWS": USER})),
    ];
    let e = evaluate(
        &p,
        &Request::new("s3:GetObject", OBJECT, Some(USER), Context::new()),
    );
    let types: Vec<&str> = e.policy_types.iter().map(|t| t.as_str()).collect();
    assert_eq!(types, ["scp", "resource", "identity", "boundary"]);
    assert_eq!(e.decision, Allowed);
    assert_eq!(e.statements[0].role, PolicyRole::Resource);
    assert_eq!(e.statements[1].level, Some(1));
}
