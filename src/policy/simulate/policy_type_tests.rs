//! The policy types beyond identity and resource policies: SCPs, RCPs, session
//! policies. Each test cites the AWS page that states its rule.

use serde_json::{Value, json};

use super::tests::{allow, named};
use super::*;

const SESSION: &str = "arn:aws:sts::111111111111:assumed-role/deploy/ci";
const ROLE: &str = "arn:aws:iam::111111111111:role/deploy";

fn deny(action: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": {"Sid": "D", "Effect": "Deny", "Action": action, "Resource": "*"}})
}

fn get(principal: &str) -> Request {
    Request::new(
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        Some(principal),
        Context::new(),
    )
    .with_resource_account("111111111111")
}

fn identity() -> NamedPolicy {
    named("id", PolicyRole::Identity, allow("s3:GetObject", "*"))
}

fn decision(policies: &[NamedPolicy], request: &Request) -> Decision {
    evaluate(policies, request).decision
}

/// SCPs never grant; every level (root, each OU, the account) must allow, and a Deny at
/// any level wins. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
/// ("there must be an explicit Allow statement at every level from the root through each
/// OU in the direct path to the account").
#[test]
fn every_scp_level_must_allow_and_any_may_deny() {
    let r = get(SESSION);
    let full = |level| {
        named(
            &format!("scp{level}"),
            PolicyRole::Scp(level),
            allow("*", "*"),
        )
    };
    let levels = [full(0), full(1), identity()];
    let e = evaluate(&levels, &r);
    assert_eq!(e.decision, Decision::Allowed);
    assert_eq!(e.policy_types, [PolicyRole::Scp(0), PolicyRole::Identity]);
    let scps = e
        .statements
        .iter()
        .filter(|s| matches!(s.role, PolicyRole::Scp(_)));
    assert_eq!(scps.count(), 2, "one Allow per level decides");
    // Level 1 allows only EC2: implicitly denied, though level 0 allows everything.
    let narrow = named("ou", PolicyRole::Scp(1), allow("ec2:*", "*"));
    let e = evaluate(&[full(0), narrow, identity()], &r);
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(e.reason.contains("level 1 (ou)"), "{e:?}");
    // Two policies at one level: either allowing is enough for that level.
    let also = named("ou-b", PolicyRole::Scp(1), allow("s3:*", "*"));
    let narrow = named("ou", PolicyRole::Scp(1), allow("ec2:*", "*"));
    assert_eq!(
        decision(&[full(0), narrow, also, identity()], &r),
        Decision::Allowed
    );
    let denying = named("root", PolicyRole::Scp(0), deny("s3:GetObject"));
    let e = evaluate(&[denying, full(0), identity()], &r);
    assert_eq!(e.decision, Decision::ExplicitDeny);
    assert_eq!(e.statements[0].role, PolicyRole::Scp(0));
    // An SCP grants nothing by itself.
    assert_eq!(decision(&[full(0)], &r), Decision::ImplicitDeny);
}

/// RCPs never grant and only deny: Allow is supported only in RCPFullAWSAccess, which AWS
/// attaches at every level and which cannot be detached.
/// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
/// and https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
#[test]
fn rcps_only_deny() {
    let r = get(SESSION);
    let rcp = |doc| named("rcp", PolicyRole::Rcp(0), doc);
    let deny_all = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}}}});
    // The condition spares the account's own principals.
    assert_eq!(
        decision(&[rcp(deny_all.clone()), identity()], &r),
        Decision::Allowed
    );
    let stranger = Request::new(
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        Some("arn:aws:iam::222222222222:user/eve"),
        Context::new(),
    )
    .with_resource_account("111111111111");
    let e = evaluate(&[rcp(deny_all), identity()], &stranger);
    assert_eq!(e.decision, Decision::ExplicitDeny);
    assert_eq!(e.statements[0].role, PolicyRole::Rcp(0));
    // An RCP with nothing matching neither denies nor grants.
    let unrelated = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}});
    assert_eq!(
        decision(&[rcp(unrelated.clone()), identity()], &r),
        Decision::Allowed
    );
    assert_eq!(decision(&[rcp(unrelated)], &r), Decision::ImplicitDeny);
}

/// A session's permissions are the intersection of the identity-based policies and the
/// session policy; a resource policy naming the role ARN is limited by the session
/// policy, one naming the session ARN is not.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
#[test]
fn session_policies_intersect() {
    let r = get(SESSION);
    let session = |action| named("sp", PolicyRole::Session, allow(action, "*"));
    let e = evaluate(&[identity(), session("s3:*")], &r);
    assert_eq!(e.decision, Decision::Allowed);
    assert!(e.reason.contains("session policy"), "{e:?}");
    let e = evaluate(&[identity(), session("ec2:*")], &r);
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(e.reason.contains("session policy does not"), "{e:?}");
    // The session policy alone grants nothing.
    assert_eq!(decision(&[session("*")], &r), Decision::ImplicitDeny);
    let bucket = |who: &str| {
        named(
            "bucket",
            PolicyRole::Resource,
            json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
                "Principal": {"AWS": who}, "Action": "s3:GetObject", "Resource": "*"}}),
        )
    };
    assert_eq!(
        decision(&[bucket(ROLE), session("ec2:*")], &r),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decision(&[bucket(ROLE), session("s3:*")], &r),
        Decision::Allowed
    );
    assert_eq!(
        decision(&[bucket(SESSION), session("ec2:*")], &r),
        Decision::Allowed
    );
    // An explicit deny in the session policy wins over everything.
    let denying = named("sp", PolicyRole::Session, deny("s3:*"));
    assert_eq!(
        decision(&[bucket(SESSION), denying], &r),
        Decision::ExplicitDeny
    );
}

/// A federated user session (GetFederationToken) without a session policy is implicitly
/// denied on the identity side; a role session is not.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
/// ("If there is no session policy, the code checks whether the principal is a role
/// session. If the principal is a role session, then the request is Allowed. Otherwise,
/// the request is implicitly denied").
#[test]
fn a_federated_user_needs_a_session_policy() {
    let federated = get("arn:aws:sts::111111111111:federated-user/bob");
    let e = evaluate(&[identity()], &federated);
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(e.reason.contains("federated"), "{e:?}");
    let session = named("sp", PolicyRole::Session, allow("s3:*", "*"));
    assert_eq!(
        decision(&[identity(), session], &federated),
        Decision::Allowed
    );
    assert_eq!(decision(&[identity()], &get(SESSION)), Decision::Allowed);
}
