//! The CI and EKS trust rules (IAM113 GitHub, IAM114 GitLab, IAM115/IAM116 EKS): which
//! providers they recognise, which `sub` patterns admit strangers, and `StringEquals`
//! read literally.

use serde_json::{Value, json};

use super::*;
use crate::diagnostic::Severity;

const GITLAB: &str = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
const SELF_MANAGED: &str = "gitlab.example.com";
const EKS: &str = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

fn trust(provider: &str, condition: Value, options: &LintOptions) -> Vec<Finding> {
    let principal = if provider.starts_with("arn:") {
        provider.to_string()
    } else {
        format!("arn:aws:iam::111122223333:oidc-provider/{provider}")
    };
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": principal},
        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}]});
    lint_document(&doc, options)
}

fn codes(provider: &str, condition: Value) -> Vec<String> {
    codes_with(
        provider,
        condition,
        &LintOptions::for_kind(PolicyKind::RoleTrust),
    )
}

fn codes_with(provider: &str, condition: Value, options: &LintOptions) -> Vec<String> {
    trust(provider, condition, options)
        .iter()
        .map(|f| format!("{} {}", f.rule.code(), f.path))
        .collect()
}

/// GitLab.com issues tokens to every project's jobs; `sub` is
/// `project_path:GROUP/NAME:ref_type:…:ref:…` and AWS's trust compares it
/// (https://docs.gitlab.com/ee/ci/cloud_services/aws/,
/// https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html#token-payload).
/// `StringEquals` compares `*` literally; only `StringLike` matches wildcards
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
#[test]
fn gitlab_trusts_must_name_the_group() {
    let aud = json!({"gitlab.com:aud": "https://gitlab.com"});
    assert_eq!(
        codes(GITLAB, json!({"StringEquals": aud.clone()})),
        ["IAM114 Statement[0].Condition"]
    );
    for open in [
        "*",
        "project_path:*",
        "project_path:*/web:*",
        "project_path:ac?me/web:*",
    ] {
        assert_eq!(
            codes(
                GITLAB,
                json!({"StringEquals": aud.clone(),
                                 "StringLike": {"gitlab.com:sub": open}})
            ),
            ["IAM114 Statement[0].Condition"],
            "{open}"
        );
    }
    // Negated operators say who may not; they name no project.
    assert_eq!(
        codes(
            GITLAB,
            json!({"StringNotLike": {"gitlab.com:sub": "project_path:evil/*"}})
        ),
        ["IAM114 Statement[0].Condition"]
    );
    for closed in [
        json!({"StringEquals": {"gitlab.com:sub": "project_path:acme/web:ref_type:branch:ref:main"}}),
        json!({"StringLike": {"gitlab.com:sub": "project_path:acme/*"}}),
        // Condition keys are read without case.
        json!({"StringLike": {"GitLab.com:SUB": "project_path:acme/*"}}),
        // Literal under StringEquals: matches only a `sub` that is `project_path:*`.
        json!({"StringEquals": {"gitlab.com:sub": "project_path:*"}}),
        json!({"StringEqualsIgnoreCase": {"gitlab.com:sub": "*"}}),
    ] {
        assert!(codes(GITLAB, closed.clone()).is_empty(), "{closed}");
    }
    let found = trust(
        GITLAB,
        json!({"StringEquals": aud}),
        &LintOptions::for_kind(PolicyKind::RoleTrust),
    );
    assert_eq!(found[0].to_diagnostic(None).severity, Severity::Error);
}

/// A self-managed instance is known by its documented audience (the instance URL), a
/// `project_path:` subject, or the caller's list of GitLab providers (a manifest's
/// providers with their own URL as audience); other providers are not GitLab's
/// (https://docs.gitlab.com/ee/ci/cloud_services/aws/).
#[test]
fn a_self_managed_gitlab_is_recognised_by_audience_subject_or_the_caller() {
    let aud = json!({"gitlab.example.com:aud": "https://gitlab.example.com"});
    assert_eq!(
        codes(SELF_MANAGED, json!({"StringEquals": aud})),
        ["IAM114 Statement[0].Condition"]
    );
    assert_eq!(
        codes(
            SELF_MANAGED,
            json!({"StringEquals": {"gitlab.example.com:aud": "sts.amazonaws.com"},
                   "StringLike": {"gitlab.example.com:sub": "project_path:*"}})
        ),
        ["IAM114 Statement[0].Condition"]
    );
    // Nothing in the statement says GitLab: only the caller can.
    let bare = json!({"StringEquals": {"gitlab.example.com:aud": "sts.amazonaws.com"}});
    assert!(codes(SELF_MANAGED, bare.clone()).is_empty());
    let known = LintOptions {
        gitlab_hosts: vec![SELF_MANAGED.into()],
        ..LintOptions::for_kind(PolicyKind::RoleTrust)
    };
    assert_eq!(
        codes_with(SELF_MANAGED, bare, &known),
        ["IAM114 Statement[0].Condition"]
    );
    // Terraform Cloud: its own audience and `organization:` subjects.
    let tfc = json!({"StringEquals": {"app.terraform.io:aud": "aws.workload.identity"}});
    assert!(codes("app.terraform.io", tfc).is_empty());
}

/// IRSA: the cluster's provider issues tokens to every service account; AWS's trust
/// compares `ISSUER:sub` (`system:serviceaccount:NS:NAME`) and `ISSUER:aud`
/// (`sts.amazonaws.com`)
/// (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).
#[test]
fn eks_trusts_name_the_service_account_and_the_audience() {
    let aud = |extra: Value| {
        let mut block = json!({format!("{EKS}:aud"): "sts.amazonaws.com"});
        for (k, v) in extra.as_object().unwrap() {
            block[k] = v.clone();
        }
        block
    };
    let sub = format!("{EKS}:sub");
    assert_eq!(
        codes(EKS, json!({"StringEquals": aud(json!({}))})),
        ["IAM115 Statement[0].Condition"]
    );
    for open in [
        "*",
        "system:serviceaccount:*",
        "system:serviceaccount:*:web",
    ] {
        assert_eq!(
            codes(
                EKS,
                json!({"StringEquals": aud(json!({})), "StringLike": {sub.clone(): open}})
            ),
            ["IAM115 Statement[0].Condition"],
            "{open}"
        );
    }
    for closed in [
        json!({"StringEquals": aud(json!({sub.clone(): "system:serviceaccount:apps:web"}))}),
        json!({"StringEquals": aud(json!({})), "StringLike": {sub.clone(): "system:serviceaccount:apps:*"}}),
        // Literal under StringEquals.
        json!({"StringEquals": aud(json!({sub.clone(): "system:serviceaccount:*"}))}),
    ] {
        assert!(codes(EKS, closed.clone()).is_empty(), "{closed}");
    }
    let named = json!({sub.clone(): "system:serviceaccount:apps:web"});
    assert_eq!(
        codes(EKS, json!({"StringEquals": named.clone()})),
        ["IAM116 Statement[0].Condition"]
    );
    // `aud` like `*` tests nothing.
    assert_eq!(
        codes(
            EKS,
            json!({"StringEquals": named, "StringLike": {format!("{EKS}:aud"): "*"}})
        ),
        ["IAM116 Statement[0].Condition"]
    );
    assert_eq!(
        codes(EKS, json!({})),
        [
            "IAM115 Statement[0].Condition",
            "IAM116 Statement[0].Condition"
        ]
    );
    let found = trust(
        EKS,
        json!({}),
        &LintOptions::for_kind(PolicyKind::RoleTrust),
    );
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
    // An EKS provider is never read as GitLab, whatever its claims look like.
    let china = "oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC";
    assert_eq!(
        codes(
            china,
            json!({"StringEquals": {format!("{china}:aud"): format!("https://{china}")}})
        ),
        ["IAM115 Statement[0].Condition"]
    );
}

/// Conditions are read once per statement and each provider once, so a statement that
/// names many providers (untrusted input) is linted in linear time, one finding per
/// provider.
#[test]
fn many_providers_are_each_checked_once() {
    let mut providers: Vec<String> = (0..2000)
        .map(|i| {
            format!(
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/C{i}"
            )
        })
        .collect();
    providers.extend(providers.clone());
    let subs: serde_json::Map<String, Value> = (0..2000)
        .map(|i| {
            (
                format!("oidc.eks.eu-west-1.amazonaws.com/id/C{i}:sub"),
                json!("system:serviceaccount:apps:web"),
            )
        })
        .collect();
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": providers},
        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": subs}}]});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::RoleTrust));
    let missing_aud = found
        .iter()
        .filter(|f| f.rule == Rule::EksTrustWithoutAudience)
        .count();
    assert_eq!(missing_aud, 2000);
    assert!(
        !found
            .iter()
            .any(|f| f.rule == Rule::EksTrustAnyServiceAccount)
    );
}
