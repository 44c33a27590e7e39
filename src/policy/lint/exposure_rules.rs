//! What an identity policy's Allow statements grant on `"Resource": "*"`: writes and
//! permissions management (`IAM103`), actions that return credentials (`IAM104`) and
//! actions that read secrets or data (`IAM105`). Only actions that support resource-level
//! permissions count: the others can only ever be granted on `*`.

use std::collections::BTreeSet;

use super::{Finding, LocatedStatement, Rule};
use crate::policy::catalog::{AccessLevel, ActionInfo, Service, catalog};
use crate::policy::document::{ActionList, Effect, ResourceList};
use crate::policy::path::JsonPath;
use crate::policy::simulate::action_matches;

/// Actions whose responses carry credentials, passwords or tokens (Cloudsplaining's and
/// Parliament's "credentials exposure" lists, less the calls IAM policies do not govern).
pub const CREDENTIAL_ACTIONS: &[&str] = &[
    "codeartifact:GetAuthorizationToken",
    "codepipeline:PollForJobs",
    "cognito-identity:GetCredentialsForIdentity",
    "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "gamelift:GetInstanceAccess",
    "gamelift:RequestUploadCredentials",
    "iam:CreateAccessKey",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "rds-db:Connect",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials",
    "sts:AssumeRole",
    "sts:GetFederationToken",
];

/// Actions that read secrets, parameters, objects or decrypt data (Cloudsplaining's
/// "data exfiltration" list, with object versions, parameter history and KMS).
pub const SENSITIVE_DATA_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameterHistory",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
];

/// Runs the three checks on one identity-policy statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    let Some(ResourceList::Resource(resources)) = &s.resource else {
        return;
    };
    let Some(star) = resources.iter().position(|r| r == "*") else {
        return;
    };
    if s.effect != Effect::Allow
        || matches!(&s.action, ActionList::Action(a) if a.iter().any(|a| a == "*" || a == "*:*"))
    {
        // Full admin is its own finding.
        return;
    }
    check_writes(located, star, out);
    let listed = |names: &[&'static str]| -> Vec<&'static str> {
        names
            .iter()
            .copied()
            .filter(|n| scopable(n) && action_matches(&s.action, n))
            .collect()
    };
    let credentials = listed(CREDENTIAL_ACTIONS);
    if let Some(first) = credentials.first() {
        out.push(
            Finding::new(
                Rule::CredentialsExposure,
                action_path(located, first),
                format!(
                    "allows actions that return credentials on every resource: {}",
                    quoted(&credentials)
                ),
            )
            .with_hint("name the users, roles, clusters or databases these actions may act on"),
        );
    }
    let data = listed(SENSITIVE_DATA_ACTIONS);
    if let Some(first) = data.first() {
        out.push(
            Finding::new(
                Rule::SensitiveDataAccess,
                action_path(located, first),
                format!(
                    "allows reading secrets or data on every resource: {}",
                    quoted(&data)
                ),
            )
            .with_hint("name the buckets, parameters, secrets or keys it may read"),
        );
    }
}

/// `IAM103`: one finding per statement, at its `*`, with a few of the actions.
fn check_writes(located: &LocatedStatement<'_>, star: usize, out: &mut Vec<Finding>) {
    let c = catalog();
    let writes = |a: &ActionInfo| {
        matches!(
            a.access,
            AccessLevel::Write | AccessLevel::PermissionsManagement
        ) && !a.resources.is_empty()
    };
    // `iam:PassRole` on `*` without a condition is IAM101's finding already.
    let pass_role_reported = located.statement.condition.is_empty();
    let writes = |service: &Service, a: &ActionInfo| {
        writes(a) && !(pass_role_reported && service.prefix == "iam" && a.name == "PassRole")
    };
    // Permissions management first: it is the riskier half.
    let mut found: BTreeSet<(bool, String)> = BTreeSet::new();
    match &located.statement.action {
        ActionList::Action(patterns) => {
            for pattern in patterns {
                for (service, action) in c.matching_actions(pattern).filter(|(s, a)| writes(s, a)) {
                    found.insert((
                        action.access != AccessLevel::PermissionsManagement,
                        format!("{}:{}", service.prefix, action.name),
                    ));
                }
            }
        }
        list @ ActionList::NotAction(_) => {
            for service in c.services() {
                for action in service.actions.iter().filter(|a| writes(service, a)) {
                    let name = format!("{}:{}", service.prefix, action.name);
                    if action_matches(list, &name) {
                        found.insert((action.access != AccessLevel::PermissionsManagement, name));
                    }
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let examples: Vec<&str> = found.iter().take(3).map(|(_, n)| n.as_str()).collect();
    let more = if found.len() > examples.len() {
        ", …"
    } else {
        ""
    };
    out.push(
        Finding::new(
            Rule::WriteOnAnyResource,
            located.element("Resource", star),
            format!(
                "allows {} write or permissions-management action{} on every resource ({}{more})",
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                quoted(&examples)
            ),
        )
        .with_hint("name the resources these actions change; keep `*` for actions that support no resource-level permissions"),
    );
}

/// True when the catalog knows the action and it can be limited to resources.
fn scopable(name: &str) -> bool {
    catalog()
        .action(name)
        .is_some_and(|(_, a)| !a.resources.is_empty())
}

/// The `Action` element that covers `name` (or `NotAction`).
fn action_path(located: &LocatedStatement<'_>, name: &str) -> JsonPath {
    match &located.statement.action {
        ActionList::Action(patterns) => {
            let i = patterns
                .iter()
                .position(|p| crate::policy::glob_matches(p, name, true))
                .unwrap_or(0);
            located.element("Action", i)
        }
        ActionList::NotAction(_) => located.path.key("NotAction"),
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_actions_are_in_the_catalog() {
        for name in CREDENTIAL_ACTIONS.iter().chain(SENSITIVE_DATA_ACTIONS) {
            assert!(catalog().action(name).is_some(), "{name}");
        }
    }
}
