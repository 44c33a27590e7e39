//! What an Allow exposes: write and permissions-management actions, credentials and
//! sensitive data on every resource (Cloudsplaining's infrastructure modification,
//! resource exposure, credentials exposure and data exfiltration), and `NotResource` /
//! `NotPrincipal` with Allow (Parliament's advanced policy elements).

use std::collections::BTreeSet;

use super::{Finding, LocatedStatement, Rule};
use crate::policy::catalog::{AccessLevel, catalog};
use crate::policy::document::{ActionList, Effect, PrincipalElement, ResourceList};
use crate::policy::glob_matches;

/// Actions whose response carries credentials or a token that grants access.
const CREDENTIAL_ACTIONS: &[&str] = &[
    "chime:CreateApiKey",
    "codepipeline:PollForJobs",
    "cognito-identity:GetCredentialsForIdentity",
    "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "ecr:GetAuthorizationToken",
    "gamelift:GetInstanceAccess",
    "gamelift:RequestUploadCredentials",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "iot:AssumeRoleWithCertificate",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "rds-db:Connect",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "sso:GetRoleCredentials",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
];

/// Actions that read secrets or stored data.
const SENSITIVE_DATA_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "s3:GetObject",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
];

/// `NotResource` or `NotPrincipal` in an Allow statement (any policy kind).
pub(super) fn check_not_elements(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    if s.effect != Effect::Allow {
        return;
    }
    if let Some(ResourceList::NotResource(_)) = &s.resource {
        out.push(
            Finding::new(Rule::NotResourceWithAllow, located.path.key("NotResource"),
                "`Allow` with `NotResource` allows every resource except those listed, including resources created later")
                .with_hint("list the resources to allow in `Resource` instead"),
        );
    }
    if let Some(PrincipalElement::NotPrincipal(_)) = &s.principal {
        out.push(
            Finding::new(Rule::NotPrincipalWithAllow, located.path.key("NotPrincipal"),
                "`Allow` with `NotPrincipal` allows everyone except the principals listed, anonymous users included")
                .with_hint("name the principals to allow in `Principal` instead"),
        );
    }
}

/// Write, credentials and sensitive-data actions an unconditional identity Allow grants
/// on every resource.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    if s.effect != Effect::Allow || !s.condition.is_empty() {
        return;
    }
    let (ActionList::Action(patterns), Some(ResourceList::Resource(resources))) =
        (&s.action, &s.resource)
    else {
        return;
    };
    // `*` is full admin, reported on its own.
    if !resources.iter().any(|r| unbounded(r)) || patterns.iter().any(|p| p == "*" || p == "*:*") {
        return;
    }
    let listed = |list: &[&'static str]| -> (Option<usize>, Vec<&'static str>) {
        let mut first = None;
        let mut hits = Vec::new();
        for action in list {
            if let Some(i) = patterns.iter().position(|p| glob_matches(p, action, true)) {
                first = Some(first.map_or(i, |f: usize| f.min(i)));
                hits.push(*action);
            }
        }
        (first, hits)
    };
    let (at, hits) = listed(CREDENTIAL_ACTIONS);
    if let Some(i) = at {
        out.push(
            Finding::new(
                Rule::CredentialsExposure,
                located.element("Action", i),
                format!(
                    "allows {} on every resource: {} credentials",
                    examples(&hits),
                    if hits.len() == 1 {
                        "it returns"
                    } else {
                        "they return"
                    }
                ),
            )
            .with_hint("name the roles, users or resources, or add a condition"),
        );
    }
    let (at, hits) = listed(SENSITIVE_DATA_ACTIONS);
    if let Some(i) = at {
        out.push(
            Finding::new(
                Rule::SensitiveDataAccess,
                located.element("Action", i),
                format!(
                    "allows {} on every resource: every secret, parameter or object it can reach",
                    examples(&hits)
                ),
            )
            .with_hint("name the secrets, parameters, keys or buckets"),
        );
    }
    if let Some((i, names)) = write_actions(patterns) {
        out.push(
            Finding::new(Rule::WriteAnyResource, located.element("Action", i),
                format!("allows {} write or permissions-management action(s) on every resource, e.g. {}", names.len(), examples(&names.iter().map(String::as_str).collect::<Vec<_>>())))
                .with_hint("name the resources these actions may change"),
        );
    }
}

/// The first pattern that expands to Write or Permissions-management actions supporting
/// resource-level permissions, and all such actions of the statement.
fn write_actions(patterns: &[String]) -> Option<(usize, BTreeSet<String>)> {
    let mut first = None;
    let mut names = BTreeSet::new();
    for (i, pattern) in patterns.iter().enumerate() {
        for (service, action) in catalog().matching_actions(pattern) {
            let changes = matches!(
                action.access,
                AccessLevel::Write | AccessLevel::PermissionsManagement
            );
            if changes && !action.resources.is_empty() {
                first.get_or_insert(i);
                names.insert(format!("{}:{}", service.prefix, action.name));
            }
        }
    }
    first.map(|i| (i, names))
}

/// `a`, `a and b`, or `a, b, c and N more`.
fn examples(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    match names.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 | 3 => format!(
            "{} and {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
        n => format!("{} and {} more", quoted.join(", "), n - 3),
    }
}

/// `*`, or an ARN whose resource part is all wildcards after an optional resource type
/// (`arn:aws:s3:::*`, `arn:aws:s3:::*/*`, `arn:aws:secretsmanager:*:*:secret:*`).
fn unbounded(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let Some(part) = resource.splitn(6, ':').nth(5) else {
        return false;
    };
    let segments: Vec<&str> = part.split(['/', ':']).collect();
    let is_type = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let rest = if segments.len() > 1 && is_type(segments[0]) {
        &segments[1..]
    } else {
        &segments[..]
    };
    rest.iter().all(|s| *s == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbounded_resources() {
        for r in [
            "*",
            "arn:aws:s3:::*",
            "arn:aws:s3:::*/*",
            "arn:aws:secretsmanager:*:*:secret:*",
            "arn:aws:ssm:*:*:parameter/*",
        ] {
            assert!(unbounded(r), "{r}");
        }
        for r in [
            "arn:aws:s3:::logs/*",
            "arn:aws:ssm:*:*:parameter/prod/*",
            "arn:aws:iam::*:role/ci-*",
        ] {
            assert!(!unbounded(r), "{r}");
        }
        assert_eq!(
            examples(&["a", "b", "c", "d", "e"]),
            "`a`, `b`, `c` and 2 more"
        );
        assert_eq!(examples(&["a", "b"]), "`a` and `b`");
    }
}
