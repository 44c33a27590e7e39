//! The whole request: same-account and cross-account evaluation, and how a resource
//! policy's `Principal` / `NotPrincipal` names the caller. Each test cites the AWS page
//! that states its rule.

use serde_json::{Value, json};

use super::tests::{allow, named};
use super::*;

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
const ROLE: &str = "arn:aws:iam::111111111111:role/app/deploy";
const SESSION: &str = "arn:aws:sts::111111111111:assumed-role/deploy/ci";
const OBJECT: &str = "arn:aws:s3:::b/k";

/// A bucket policy with one statement of `effect` for `principal` (a Principal value).
fn bucket(effect: &str, principal: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": {"Sid": "B", "Effect": effect,
        "Principal": principal, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}})
}

/// A GetObject request on the object by `principal`, the resource in `account`.
fn get(principal: &str, account: &str) -> Request {
    Request::new("s3:GetObject", OBJECT, Some(principal), Context::new())
        .with_resource_account(account)
}

fn decision(policies: &[NamedPolicy], request: &Request) -> Decision {
    evaluate(policies, request).decision
}

fn identity() -> NamedPolicy {
    named("id", PolicyRole::Identity, allow("s3:GetObject", "*"))
}

fn resource(doc: Value) -> NamedPolicy {
    named("bucket", PolicyRole::Resource, doc)
}

fn boundary(action: &str) -> NamedPolicy {
    named("pb", PolicyRole::Boundary, allow(action, "*"))
}

/// Same account: an Allow in the identity-based policy or in the resource-based policy
/// is enough. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
/// ("If an action is allowed by an identity-based policy, a resource-based policy, or
/// both, then AWS allows the action.")
#[test]
fn same_account_needs_either_allow() {
    let same = get(ALICE, "111111111111");
    assert!(!same.is_cross_account());
    assert_eq!(decision(&[identity()], &same), Decision::Allowed);
    let by_arn = resource(bucket("Allow", json!({"AWS": ALICE})));
    let e = evaluate(std::slice::from_ref(&by_arn), &same);
    assert_eq!(e.decision, Decision::Allowed);
    assert_eq!(e.statements[0].role, PolicyRole::Resource);
    assert!(!e.cross_account);
    assert_eq!(decision(&[identity(), by_arn], &same), Decision::Allowed);
    assert_eq!(decision(&[], &same), Decision::ImplicitDeny);
}

/// Cross account: the identity-based policy in the principal's account and the
/// resource-based policy in the resource's account must both allow.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
#[test]
fn cross_account_needs_both_allows() {
    let cross = get(ALICE, "222222222222");
    assert!(cross.is_cross_account());
    let by_arn = resource(bucket("Allow", json!({"AWS": ALICE})));
    let e = evaluate(&[identity()], &cross);
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(
        e.cross_account && e.reason.contains("both accounts"),
        "{e:?}"
    );
    assert_eq!(
        decision(std::slice::from_ref(&by_arn), &cross),
        Decision::ImplicitDeny
    );
    let e = evaluate(&[identity(), by_arn], &cross);
    assert_eq!(e.decision, Decision::Allowed);
    let roles: Vec<PolicyRole> = e.statements.iter().map(|s| s.role).collect();
    assert_eq!(roles, [PolicyRole::Resource, PolicyRole::Identity]);
    // A boundary that does not allow stops the principal's side, whatever the resource
    // policy names.
    let by_arn = resource(bucket("Allow", json!({"AWS": ALICE})));
    let capped = [identity(), boundary("ec2:*"), by_arn];
    assert_eq!(decision(&capped, &cross), Decision::ImplicitDeny);
}

/// Naming the account (its id or `:root` ARN) delegates to the account's identity-based
/// policies; it grants nothing on its own. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
/// ("When you use an AWS account identifier as the principal in a policy, you delegate
/// authority to the account") and https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html
/// ("individual users in the account must still be granted permissions").
#[test]
fn an_account_principal_delegates_to_identity_policies() {
    for account in ["111111111111", "arn:aws:iam::111111111111:root"] {
        let by_account = resource(bucket("Allow", json!({"AWS": account})));
        let same = get(ALICE, "111111111111");
        let e = evaluate(std::slice::from_ref(&by_account), &same);
        assert_eq!(e.decision, Decision::ImplicitDeny, "{account}");
        assert!(e.reason.contains("account"), "{e:?}");
        assert_eq!(
            decision(&[by_account.clone(), identity()], &same),
            Decision::Allowed
        );
        // Across accounts the delegation is the resource side's Allow.
        let other = get("arn:aws:iam::111111111111:user/alice", "222222222222");
        assert_eq!(
            decision(&[by_account, identity()], &other),
            Decision::Allowed
        );
    }
    // Another account's id covers nobody here; a Deny naming the account covers all.
    let elsewhere = resource(bucket("Allow", json!({"AWS": "333333333333"})));
    let other = get(ALICE, "222222222222");
    assert_eq!(
        decision(&[elsewhere, identity()], &other),
        Decision::ImplicitDeny
    );
    let deny_account = resource(bucket("Deny", json!({"AWS": "111111111111"})));
    let same = get(ALICE, "111111111111");
    assert_eq!(
        decision(&[deny_account, identity()], &same),
        Decision::ExplicitDeny
    );
}

/// Naming the principal's own ARN grants on its own in the same account, past an implicit
/// deny in identity policies and in a user's permissions boundary.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
/// ("resource-based policies that grant permissions to an IAM user ARN … are not limited
/// by an implicit deny in an identity-based policy or permissions boundary").
#[test]
fn an_arn_principal_grants_alone() {
    let by_arn = resource(bucket("Allow", json!({"AWS": [ALICE]})));
    let same = get(ALICE, "111111111111");
    let e = evaluate(&[by_arn.clone(), boundary("ec2:*")], &same);
    assert_eq!(e.decision, Decision::Allowed, "{e:?}");
    assert!(e.reason.contains("on its own"), "{e:?}");
    // An explicit deny in the boundary still wins.
    let deny = named(
        "pb",
        PolicyRole::Boundary,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}),
    );
    assert_eq!(decision(&[by_arn, deny], &same), Decision::ExplicitDeny);
}

/// A role session is covered by a Principal naming its role's ARN and by one naming the
/// session ARN itself; a session of another role, or the role named as a session, is not.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
/// (IAM role principals, role session principals).
#[test]
fn an_assumed_role_session_matches_its_role_and_itself() {
    let same = get(SESSION, "111111111111");
    for named_as in [ROLE, "arn:aws:iam::111111111111:role/deploy", SESSION] {
        let p = resource(bucket("Allow", json!({"AWS": named_as})));
        assert_eq!(decision(&[p], &same), Decision::Allowed, "{named_as}");
        let deny = resource(bucket("Deny", json!({"AWS": named_as})));
        assert_eq!(
            decision(&[deny, identity()], &same),
            Decision::ExplicitDeny,
            "{named_as}"
        );
    }
    for other in [
        "arn:aws:iam::111111111111:role/deployer",
        "arn:aws:iam::222222222222:role/deploy",
        "arn:aws:sts::111111111111:assumed-role/deploy/other",
    ] {
        let p = resource(bucket("Allow", json!({"AWS": other})));
        assert_eq!(decision(&[p], &same), Decision::ImplicitDeny, "{other}");
    }
    // The role itself is not one of its sessions.
    let by_session = resource(bucket("Allow", json!({"AWS": SESSION})));
    let as_role = get(ROLE, "111111111111");
    assert_eq!(decision(&[by_session], &as_role), Decision::ImplicitDeny);
}

/// Same account, with a permissions boundary that does not allow the action: a grant to
/// the role ARN is limited by it, a grant to the session ARN is not.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html and
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
/// ("Resource-based policies that grant permissions to an IAM role ARN are limited by an
/// implicit deny in a permissions boundary or session policy"; "Permissions granted
/// directly to a session are not limited by an implicit deny in … a permissions boundary").
#[test]
fn a_boundary_limits_a_grant_to_the_role_but_not_to_the_session() {
    let same = get(SESSION, "111111111111");
    let to_role = resource(bucket("Allow", json!({"AWS": ROLE})));
    let e = evaluate(&[to_role.clone(), boundary("ec2:*")], &same);
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(e.reason.contains("permissions boundary"), "{e:?}");
    let e = evaluate(&[to_role.clone(), boundary("s3:*")], &same);
    assert_eq!(e.decision, Decision::Allowed);
    assert_eq!(e.statements.len(), 2, "the grant and the boundary's Allow");
    // Requests by the role ARN itself are limited alike.
    let as_role = get(ROLE, "111111111111");
    assert_eq!(
        decision(&[to_role, boundary("ec2:*")], &as_role),
        Decision::ImplicitDeny
    );
    let to_session = resource(bucket("Allow", json!({"AWS": SESSION})));
    assert_eq!(
        decision(&[to_session, boundary("ec2:*")], &same),
        Decision::Allowed
    );
}

/// `NotPrincipal` with `Deny` denies everyone but those named, and always denies a
/// principal that has a permissions boundary, whatever it names.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
/// and https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
/// ("The NotPrincipal element with a Deny effect will always deny any IAM principal that
/// has a permissions boundary policy attached").
#[test]
fn not_principal_with_deny() {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny",
        "NotPrincipal": {"AWS": [ALICE, "arn:aws:iam::111111111111:root"]},
        "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}});
    let guard = resource(doc);
    let spared = get(ALICE, "111111111111");
    assert_eq!(
        decision(&[guard.clone(), identity()], &spared),
        Decision::Allowed
    );
    // Naming the account spares the root user, not every principal in it.
    let bob = get("arn:aws:iam::111111111111:user/bob", "111111111111");
    assert_eq!(
        decision(&[guard.clone(), identity()], &bob),
        Decision::ExplicitDeny
    );
    let all = [guard, identity(), boundary("*")];
    let e = evaluate(&all, &spared);
    assert_eq!(e.decision, Decision::ExplicitDeny);
    assert_eq!(e.statements[0].role, PolicyRole::Resource);
    // NotPrincipal with Allow grants to everyone else.
    let open = resource(
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:user/bob"},
        "Action": "s3:GetObject", "Resource": "*"}}),
    );
    assert_eq!(
        decision(std::slice::from_ref(&open), &spared),
        Decision::Allowed
    );
    assert_eq!(decision(&[open], &bob), Decision::ImplicitDeny);
}

/// A resource-policy statement without `Principal` covers nobody (the CLI rejects it as
/// invalid): it is never "everyone".
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
/// ("You must use the Principal element in resource-based policies").
#[test]
fn a_resource_statement_without_principal_covers_nobody() {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]});
    let p = resource(doc);
    let same = get(ALICE, "111111111111");
    assert_eq!(
        decision(std::slice::from_ref(&p), &same),
        Decision::ImplicitDeny
    );
    assert_eq!(decision(&[p, identity()], &same), Decision::Allowed);
}

/// The account root user needs no identity policy in its own account, but SCPs still
/// apply to it. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
/// ("all requests are implicitly denied with the exception of the AWS account root user,
/// which has full access").
#[test]
fn the_root_user_has_full_access_in_its_account() {
    let root = get("arn:aws:iam::111111111111:root", "111111111111");
    assert_eq!(decision(&[], &root), Decision::Allowed);
    let cross = get("arn:aws:iam::111111111111:root", "222222222222");
    assert_eq!(decision(&[], &cross), Decision::ImplicitDeny);
    let by_account = resource(bucket("Allow", json!({"AWS": "111111111111"})));
    assert_eq!(decision(&[by_account], &cross), Decision::Allowed);
}
