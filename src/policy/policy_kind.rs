//! Where a policy is used, and the statement shapes IAM allows there.

use serde_json::Value;

use super::document::{Policy, PrincipalElement, Statement};
use super::error::{PolicyError, ProblemSink};
use super::parse::{SidCharset, parse_located_as};
use super::path::JsonPath;

/// How a policy document is used, which decides the elements its statements may have
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// A permissions policy attached to a user, group or role (managed or inline): it
    /// applies to the identity it is attached to, so it names resources, never principals.
    Identity,
    /// A role's trust policy: it says who may assume the role (the role is the resource),
    /// so it names principals, never resources.
    RoleTrust,
    /// A resource-based policy (bucket, queue, topic, key policy…): it says which
    /// principals may act on the resource it is attached to, so it names principals.
    Resource,
    /// An AWS Organizations service control policy: it caps what the accounts' users and
    /// roles may do, and names no principal.
    ServiceControl,
    /// A permissions boundary: a managed policy used to cap what a user or role may do;
    /// written like an identity policy.
    Boundary,
}

impl PolicyKind {
    /// Every kind, in the order of `policy lint --kind`.
    pub const ALL: &'static [PolicyKind] = &[
        PolicyKind::Identity,
        PolicyKind::RoleTrust,
        PolicyKind::Resource,
        PolicyKind::ServiceControl,
        PolicyKind::Boundary,
    ];

    /// The short name `policy lint --kind` and its JSON output use.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::RoleTrust => "trust",
            PolicyKind::Resource => "resource",
            PolicyKind::ServiceControl => "scp",
            PolicyKind::Boundary => "boundary",
        }
    }

    /// The kind in a sentence: "an identity policy".
    pub fn described(self) -> &'static str {
        match self {
            PolicyKind::Identity => "an identity policy",
            PolicyKind::RoleTrust => "a role trust policy",
            PolicyKind::Resource => "a resource-based policy",
            PolicyKind::ServiceControl => "a service control policy",
            PolicyKind::Boundary => "a permissions boundary",
        }
    }

    /// True for kinds whose statements grant permissions to the principal the policy is
    /// attached to (identity policies); boundaries and SCPs only cap them.
    pub fn grants_to_holder(self) -> bool {
        self == PolicyKind::Identity
    }

    /// True for kinds that name no principal and need `Resource` or `NotResource`.
    fn names_resources_only(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity | PolicyKind::ServiceControl | PolicyKind::Boundary
        )
    }
}

/// Parses `value` and checks that its statements fit `kind`, reporting every problem.
pub fn parse_for(value: &Value, kind: PolicyKind) -> Result<Policy, PolicyError> {
    let (policy, paths) = parse_located_as(value, sid_charset(kind))?;
    let mut sink = ProblemSink::default();
    for (statement, path) in policy.statements.iter().zip(&paths) {
        if kind.names_resources_only() {
            check_resources_only(statement, path, kind, &mut sink);
            continue;
        }
        match kind {
            PolicyKind::RoleTrust => check_trust(statement, path, &mut sink),
            _ => {
                if statement.principal.is_none() {
                    sink.report(
                        path,
                        "missing `Principal`: a resource-based policy says who may act on the resource".into(),
                        Some(r#"add e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:root"}"#.into()),
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

/// True when `value` follows the grammar of `kind`'s home, whatever its elements: the
/// problems [`parse_for`] reports are then only about elements the kind does not allow.
pub(crate) fn follows_grammar(value: &Value, kind: PolicyKind) -> bool {
    parse_located_as(value, sid_charset(kind)).is_ok()
}

fn sid_charset(kind: PolicyKind) -> SidCharset {
    match kind {
        PolicyKind::Resource | PolicyKind::ServiceControl => SidCharset::Any,
        _ => SidCharset::IamAlphanumeric,
    }
}

/// Identity policies, boundaries and SCPs apply to the identities they are attached to.
fn check_resources_only(
    statement: &Statement,
    path: &JsonPath,
    kind: PolicyKind,
    sink: &mut ProblemSink,
) {
    if let Some(p) = &statement.principal {
        sink.report(
            &path.key(p.key()),
            format!("{} cannot have `{}`", kind.described(), p.key()),
            Some(match kind {
                PolicyKind::ServiceControl => "remove it: an SCP applies to every user and role of the accounts it is attached to".into(),
                _ => "remove it: the policy applies to the user, group or role it is attached to".into(),
            }),
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

fn check_trust(statement: &Statement, path: &JsonPath, sink: &mut ProblemSink) {
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
