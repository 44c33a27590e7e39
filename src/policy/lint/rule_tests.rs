//! The Parliament- and Cloudsplaining-style rules: writes, credentials and sensitive data
//! on every resource, `NotResource`/`NotPrincipal` with Allow, the MFA key mistakes, set
//! operators on single-valued keys, wildcards that only partly fit, escalation paths, and
//! unknown actions as warnings that name the catalog.

use serde_json::{Value, json};

use super::*;
use crate::diagnostic::Severity;

fn codes(statements: Value, kind: PolicyKind) -> Vec<String> {
    let doc = json!({"Version": "2012-10-17", "Statement": statements});
    lint_document(&doc, &LintOptions::for_kind(kind))
        .iter()
        .map(|f| format!("{} {}", f.rule.code(), f.path))
        .collect()
}

fn identity(statements: Value) -> Vec<String> {
    codes(statements, PolicyKind::Identity)
}

#[test]
fn unknown_actions_are_warnings_naming_the_catalog_with_a_suggestion() {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Action": ["s3:GetObjekt", "s3:BrandNewThing", "s4:GetObject"], "Resource": "*"}});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity));
    assert!(
        found.iter().all(|f| f.severity == Severity::Warning),
        "{found:?}"
    );
    let date = crate::policy::catalog::catalog().data_date().unwrap();
    assert_eq!(
        found[0].message,
        format!(
            "`s3:GetObjekt` is not an action of s3 (Amazon S3) in the bundled AWS service reference of {date}"
        )
    );
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `s3:GetObject`?")
    );
    assert!(
        found[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("newer than the catalog")
    );
    assert_eq!(found[2].rule, Rule::UnknownService);
    assert_eq!(found[2].hint.as_deref(), Some("did you mean `s3`?"));
}

#[test]
fn writes_credentials_and_data_on_every_resource() {
    // Parliament's RESOURCE_STAR and Cloudsplaining's resource exposure, credentials
    // exposure and data exfiltration; actions that only take `*` are not counted
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": ["guardduty:ListDetectors", "ec2:DescribeInstances"], "Resource": "*"})
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": ["ec2:TerminateInstances"], "Resource": ["arn:aws:ec2:*:*:instance/i-1", "*"]})
        ),
        ["IAM103 Statement.Resource[1]"]
    );
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": ["sts:AssumeRole", "SSM:GetParameter*"], "Resource": "*"})
        ),
        [
            "IAM104 Statement.Action[0]",
            "IAM105 Statement.Action[1]",
            "IAM103 Statement.Resource"
        ]
    );
    // On named resources they are fine.
    assert!(
        identity(
            json!({"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
        "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-*"})
        )
        .is_empty()
    );
    // NotAction with Allow on * grants every other write (and the escalation paths
    // outside IAM: Lambda, Glue and SageMaker code).
    assert_eq!(
        identity(json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})),
        [
            "IAM102 Statement.NotAction",
            "IAM102 Statement.NotAction",
            "IAM102 Statement.NotAction",
            "IAM104 Statement.NotAction",
            "IAM105 Statement.NotAction",
            "IAM103 Statement.Resource"
        ]
    );
}

#[test]
fn not_resource_and_not_principal_with_allow() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html:
    // "NotPrincipal must be used with "Effect":"Deny"".
    assert_eq!(
        identity(
            json!({"Effect": "Allow", "Action": "s3:ListBucket", "NotResource": "arn:aws:s3:::secret"})
        ),
        ["IAM106 Statement.NotResource"]
    );
    assert!(
        identity(json!({"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::open/*"}))
            .is_empty()
    );
    let allow = json!({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"});
    assert_eq!(
        codes(allow.clone(), PolicyKind::Resource),
        ["IAM130 Statement.NotPrincipal"]
    );
    let mut deny = allow;
    deny["Effect"] = json!("Deny");
    assert!(codes(deny, PolicyKind::Resource).is_empty());
}

#[test]
fn mfa_present_false_is_not_missing() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent:
    // long-term access keys send no aws:MultiFactorAuthPresent at all.
    let deny = |op: &str, value: &str| {
        identity(
            json!({"Effect": "Deny", "NotAction": "iam:ListMFADevices", "Resource": "*",
            "Condition": {op: {"aws:MultiFactorAuthPresent": value}}}),
        )
    };
    assert_eq!(
        deny("Bool", "false"),
        ["IAM107 Statement.Condition.Bool.aws:MultiFactorAuthPresent"]
    );
    assert!(deny("BoolIfExists", "false").is_empty());
    assert!(deny("Null", "true").is_empty());
    let allow = |op: &str, value: &str| {
        identity(
            json!({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*",
            "Condition": {op: {"AWS:MultiFactorAuthPresent": value}}}),
        )
    };
    assert!(allow("Bool", "true").is_empty());
    assert_eq!(
        allow("BoolIfExists", "true"),
        ["IAM107 Statement.Condition.BoolIfExists.AWS:MultiFactorAuthPresent"]
    );
    assert_eq!(
        allow("Null", "false"),
        ["IAM107 Statement.Condition.Null.AWS:MultiFactorAuthPresent"]
    );
    // In trust policies too.
    let trust = codes(
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}),
        PolicyKind::RoleTrust,
    );
    assert!(
        trust.contains(
            &"IAM107 Statement.Condition.BoolIfExists.aws:MultiFactorAuthPresent".to_string()
        ),
        "{trust:?}"
    );
}

#[test]
fn set_operators_only_on_multivalued_keys() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    let with = |condition: Value| {
        identity(
            json!({"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "arn:aws:ec2:*:*:instance/*",
            "Condition": condition}),
        )
    };
    assert_eq!(
        with(json!({"ForAllValues:StringEquals": {"aws:RequestedRegion": "eu-west-1"}})),
        ["IAM015 Statement.Condition.ForAllValues:StringEquals.aws:RequestedRegion"]
    );
    assert_eq!(
        with(json!({"ForAnyValue:StringLike": {"aws:ResourceTag/team": "web"}})),
        ["IAM015 Statement.Condition.ForAnyValue:StringLike.aws:ResourceTag/team"]
    );
    // Multivalued keys, global and documented by the service, and unknown ones: quiet.
    assert!(
        with(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}})).is_empty()
    );
    assert!(with(json!({"ForAnyValue:StringEquals": {"aws:PrincipalServiceNamesList": "ec2.amazonaws.com"}})).is_empty());
    let kms = identity(
        json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:111122223333:key/*",
        "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": "app", "kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}),
    );
    assert_eq!(
        kms,
        ["IAM015 Statement.Condition.ForAllValues:StringEquals.kms:ViaService"]
    );
}

#[test]
fn wildcards_that_only_partly_fit_are_information() {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Action": ["s3:Get*", "s3:GetObject", "s3:ListBucket*"], "Resource": "arn:aws:s3:::b/*"}});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity));
    let info: Vec<_> = found
        .iter()
        .filter(|f| f.rule == Rule::WildcardPartlyFits)
        .collect();
    assert_eq!(info.len(), 1, "{found:?}");
    assert_eq!(info[0].severity, Severity::Info);
    assert_eq!(info[0].path.to_string(), "Statement.Action[0]");
    assert!(
        info[0].message.starts_with("`s3:Get*` expands to "),
        "{}",
        info[0].message
    );
    // Deny statements and `*` resources are left alone.
    assert!(
        identity(json!({"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}))
            .is_empty()
    );
}

#[test]
fn escalation_paths_are_matched_case_insensitively() {
    let one = |actions: Value, resource: &str| {
        identity(json!({"Effect": "Allow", "Action": actions, "Resource": resource}))
            .into_iter()
            .filter(|c| c.starts_with("IAM102"))
            .count()
    };
    let role = "arn:aws:iam::111122223333:role/*";
    assert_eq!(
        one(
            json!("LAMBDA:updatefunctioncode"),
            "arn:aws:lambda:*:111122223333:function:*"
        ),
        1
    );
    assert_eq!(one(json!("glue:UpdateDevEndpoint"), "*"), 1);
    assert_eq!(
        one(
            json!([
                "iam:passrole",
                "Lambda:CreateFunction",
                "lambda:CreateEventSourceMapping"
            ]),
            role
        ),
        1
    );
    assert_eq!(one(json!("iam:UpdateAssumeRolePolicy"), role), 1);
    assert_eq!(
        one(
            json!(["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"]),
            "*"
        ),
        2
    );
    // Own access keys are self-service; other users' are escalation.
    assert_eq!(
        one(
            json!("iam:CreateAccessKey"),
            "arn:aws:iam::*:user/${aws:username}"
        ),
        0
    );
    assert_eq!(
        one(json!("iam:CreateAccessKey"), "arn:aws:iam::*:user/*"),
        1
    );
    // Boundaries and SCPs cap, they do not grant.
    assert!(
        codes(
            json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            PolicyKind::Boundary
        )
        .is_empty()
    );
    assert!(
        codes(
            json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            PolicyKind::ServiceControl
        )
        .is_empty()
    );
}

/// GitHub's provider issues tokens to every repository on GitHub; `sub` names the
/// repository (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#configuring-the-oidc-trust-with-the-cloud),
/// and AWS requires a condition on it for this provider
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html).
#[test]
fn github_trusts_must_name_the_repository_owner() {
    let github = |condition: Value| {
        json!([{"Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}])
    };
    let aud = json!({"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"});
    let trust = |c: Value| codes(github(c), PolicyKind::RoleTrust);
    assert_eq!(
        trust(json!({"StringEquals": aud.clone()})),
        ["IAM113 Statement[0].Condition"]
    );
    for open in ["*", "repo:*", "repo:*/web:ref:refs/heads/main"] {
        assert_eq!(
            trust(json!({"StringEquals": aud.clone(),
                         "StringLike": {"token.actions.githubusercontent.com:sub": open}})),
            ["IAM113 Statement[0].Condition"],
            "{open}"
        );
    }
    // Negated operators say who may not; they name no repository.
    assert_eq!(
        trust(json!({"StringNotLike": {"token.actions.githubusercontent.com:sub": "repo:evil/*"}})),
        ["IAM113 Statement[0].Condition"]
    );
    for closed in [
        json!({"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:acme/web:ref:refs/heads/main"}}),
        json!({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}),
        // StringEquals compares `*` literally.
        json!({"StringEquals": {"token.actions.githubusercontent.com:sub": "*"}}),
    ] {
        assert!(trust(closed.clone()).is_empty(), "{closed}");
    }
    let doc = json!({"Version": "2012-10-17", "Statement": github(json!({"StringEquals": aud}))});
    let findings = lint_document(&doc, &LintOptions::for_kind(PolicyKind::RoleTrust));
    assert_eq!(findings[0].to_diagnostic(None).severity, Severity::Error);
}
