//! Whole evaluations: deny wins, boundaries, NotAction/NotResource, resource policies.

use serde_json::{Value, json};

use super::*;
use crate::policy::parse;

/// A parsed policy with a name and type.
pub(super) fn named(name: &str, role: PolicyRole, doc: Value) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        role,
        policy: parse(&doc).unwrap().into(),
    }
}

/// A one-statement identity-style Allow with Sid `A`.
pub(super) fn allow(action: &str, resource: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": action, "Resource": resource}]})
}

fn request(action: &str, resource: &str) -> Request {
    Request::new(
        action,
        resource,
        Some("arn:aws:iam::111111111111:user/alice"),
        Context::new(),
    )
}

#[test]
fn allow_then_explicit_deny_wins() {
    let p = vec![named("p", PolicyRole::Identity, allow("s3:*", "*"))];
    let e = evaluate(&p, &request("s3:GetObject", "arn:aws:s3:::b/k"));
    assert_eq!(e.decision, Decision::Allowed);
    assert_eq!(e.statements[0].sid.as_deref(), Some("A"));
    let mut p = p;
    p.push(named(
        "deny",
        PolicyRole::Identity,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "s3:List*", "NotResource": "arn:aws:s3:::public/*"}}),
    ));
    assert_eq!(
        evaluate(&p, &request("s3:GetObject", "arn:aws:s3:::b/k")).decision,
        Decision::ExplicitDeny
    );
    assert_eq!(
        evaluate(&p, &request("s3:GetObject", "arn:aws:s3:::public/k")).decision,
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&p, &request("s3:ListBucket", "arn:aws:s3:::b")).decision,
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&p, &request("ec2:RunInstances", "*")).decision,
        Decision::ExplicitDeny
    );
}

#[test]
fn boundary_intersects_identity_policies() {
    let p = vec![
        named("admin", PolicyRole::Identity, allow("*", "*")),
        named("boundary", PolicyRole::Boundary, allow("s3:*", "*")),
    ];
    assert_eq!(
        evaluate(&p, &request("s3:PutObject", "arn:aws:s3:::b/k")).decision,
        Decision::Allowed
    );
    let e = evaluate(&p, &request("iam:CreateUser", "*"));
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(e.reason.contains("boundary"));
    // A boundary alone grants nothing.
    let only = vec![named("boundary", PolicyRole::Boundary, allow("s3:*", "*"))];
    assert_eq!(
        evaluate(&only, &request("s3:PutObject", "*")).decision,
        Decision::ImplicitDeny
    );
}

#[test]
fn policy_variables_need_version_2012() {
    let doc = |version: &str| json!({"Version": version, "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}});
    let new = vec![named("p", PolicyRole::Identity, doc("2012-10-17"))];
    let old = vec![named("p", PolicyRole::Identity, doc("2008-10-17"))];
    let r = request("s3:GetObject", "arn:aws:s3:::home/alice/notes");
    assert_eq!(evaluate(&new, &r).decision, Decision::Allowed);
    assert_eq!(evaluate(&old, &r).decision, Decision::ImplicitDeny);
    let other = request("s3:GetObject", "arn:aws:s3:::home/bob/notes");
    assert_eq!(evaluate(&new, &other).decision, Decision::ImplicitDeny);
}

#[test]
fn resource_policies_check_the_principal() {
    let bucket = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}});
    let p = vec![named("bucket", PolicyRole::Resource, bucket)];
    let e = evaluate(&p, &request("s3:GetObject", "arn:aws:s3:::b/k"));
    assert_eq!(e.decision, Decision::Allowed);
    assert_eq!(e.policy_types, [PolicyRole::Resource]);
    let stranger = Request::new(
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        Some("arn:aws:iam::111111111111:user/eve"),
        Context::new(),
    );
    assert_eq!(evaluate(&p, &stranger).decision, Decision::ImplicitDeny);
}

#[test]
fn conditions_decide_with_the_context() {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}});
    let p = vec![named("p", PolicyRole::Identity, doc)];
    let mut cx = Context::new();
    cx.insert("aws:SourceIp", "10.1.1.1");
    let r = Request::new("ec2:StartInstances", "*", None, cx.clone());
    assert_eq!(evaluate(&p, &r).decision, Decision::ImplicitDeny);
    cx.insert("aws:MultiFactorAuthPresent", "true");
    let r = Request::new("ec2:StartInstances", "*", None, cx);
    assert_eq!(evaluate(&p, &r).decision, Decision::Allowed);
}
