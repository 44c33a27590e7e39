//! Where a policy is used, and the statement shapes IAM allows there.

use serde_json::Value;

use super::document::{Policy, PrincipalElement};
use super::error::{PolicyError, ProblemSink};
use super::parse::parse_located;

/// How a policy document is used, which decides the elements its statements may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// A permissions policy attached to a user, group or role (managed or inline): it
    /// applies to the identity it is attached to, so it names resources, never principals.
    Identity,
    /// A role's trust policy: it says who may assume the role (the role is the resource),
    /// so it names principals, never resources.
    RoleTrust,
    /// A resource-based policy (bucket, queue, topic, key, function…): it names who may
    /// act (`Principal` or `NotPrincipal`) and on which of the resource's ARNs.
    Resource,
    /// An AWS Organizations service control policy: it limits accounts, so it names
    /// actions and resources but never principals.
    ServiceControl,
    /// A permissions boundary: a managed policy used as the ceiling of a user or role,
    /// shaped like an identity policy.
    Boundary,
}

impl PolicyKind {
    /// The name used by `policy lint --kind` and its JSON output.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::RoleTrust => "trust",
            PolicyKind::Resource => "resource",
            PolicyKind::ServiceControl => "scp",
            PolicyKind::Boundary => "boundary",
        }
    }
}

/// Parses `value` and checks that its statements fit `kind`, reporting every problem.
pub fn parse_for(value: &Value, kind: PolicyKind) -> Result<Policy, PolicyError> {
    let (policy, paths) = parse_located(value)?;
    let mut sink = ProblemSink::default();
    for (statement, path) in policy.statements.iter().zip(&paths) {
        match kind {
            PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::ServiceControl => {
                let (what, hint) = match kind {
                    PolicyKind::ServiceControl => (
                        "a service control policy",
                        "remove it: an SCP applies to the accounts it is attached to",
                    ),
                    PolicyKind::Boundary => (
                        "a permissions boundary",
                        "remove it: the boundary applies to the user or role it is set on",
                    ),
                    _ => (
                        "an identity policy",
                        "remove it: the policy applies to the user, group or role it is attached to",
                    ),
                };
                if let Some(p) = &statement.principal {
                    sink.report(
                        &path.key(p.key()),
                        format!("{what} cannot have `{}`", p.key()),
                        Some(hint.into()),
                    );
                }
                if statement.resource.is_none() {
                    sink.report(
                        path,
                        "missing `Resource` (or `NotResource`)".into(),
                        Some(r#"add e.g. "Resource": "*" or an ARN"#.into()),
                    );
                }
            }
            PolicyKind::Resource => {
                if statement.principal.is_none() {
                    sink.report(
                        path,
                        "missing `Principal` (or `NotPrincipal`): a resource-based policy says who may act".into(),
                        Some(r#"add e.g. "Principal": {"AWS": "arn:aws:iam::123456789012:root"}"#.into()),
                    );
                }
            }
            PolicyKind::RoleTrust => {
                match &statement.principal {
                    None => sink.report(
                        path,
                        "missing `Principal`: a trust policy says who may assume the role".into(),
                        Some(r#"add e.g. "Principal": {"Service": "ec2.amazonaws.com"}"#.into()),
                    ),
                    Some(PrincipalElement::NotPrincipal(_)) => sink.report(
                        &path.key("NotPrincipal"),
                        "a role trust policy cannot use `NotPrincipal`".into(),
                        Some("name the allowed principals with `Principal`".into()),
                    ),
                    Some(PrincipalElement::Principal(_)) => {}
                }
                if let Some(r) = &statement.resource {
                    sink.report(
                        &path.key(r.key()),
                        format!("a role trust policy cannot have `{}`", r.key()),
                        Some("remove it: the role itself is the resource".into()),
                    );
                }
            }
        }
    }
    if sink.0.is_empty() {
        Ok(policy)
    } else {
        Err(PolicyError { problems: sink.0 })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn problems(v: Value, kind: PolicyKind) -> Vec<String> {
        match parse_for(&v, kind) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect(),
        }
    }

    #[test]
    fn identity_policies_need_resources_and_no_principal() {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}
        ]});
        assert_eq!(
            problems(doc, PolicyKind::Identity),
            vec![
                "Statement[1].Principal: an identity policy cannot have `Principal`",
                "Statement[1]: missing `Resource` (or `NotResource`)",
            ]
        );
    }

    #[test]
    fn trust_policies_need_a_principal_and_no_resource() {
        let ok = json!({"Version": "2012-10-17", "Statement":
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}});
        assert!(problems(ok, PolicyKind::RoleTrust).is_empty());
        let bad = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}
        ]});
        assert_eq!(
            problems(bad, PolicyKind::RoleTrust),
            vec![
                "Statement[0]: missing `Principal`: a trust policy says who may assume the role",
                "Statement[0].Resource: a role trust policy cannot have `Resource`",
                "Statement[1].NotPrincipal: a role trust policy cannot use `NotPrincipal`",
            ]
        );
    }
}
