//! Whether a resource-policy `Principal` names the caller, and how: the kind of match
//! decides what the grant is worth
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).

use crate::policy::principal::{Principal, PrincipalType};

/// How a `Principal` element names the caller. Ordered: a better match wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PrincipalMatch {
    /// Not named.
    No,
    /// Named through its account (`123456789012` or `…:root`): the account delegates to
    /// its identity policies, so the statement grants nothing on its own.
    Account,
    /// Named through the IAM role behind an assumed-role session (or the role ARN
    /// itself), or the IAM user behind a federated-user session: the grant is capped by
    /// the permissions boundary and the session policy.
    UnderlyingIdentity,
    /// Named exactly (its user or session ARN, a service, `*`): the grant stands alone.
    Exact,
}

/// The caller, read from its ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Caller<'a> {
    /// No principal given: only `*` names it.
    Unknown,
    /// An IAM user.
    User { arn: &'a str, account: &'a str },
    /// An IAM role given by its ARN.
    Role {
        arn: &'a str,
        account: &'a str,
        name: &'a str,
    },
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    Session {
        arn: &'a str,
        partition: &'a str,
        account: &'a str,
        role: &'a str,
    },
    /// `arn:aws:sts::ACCOUNT:federated-user/NAME` (GetFederationToken).
    FederatedUser {
        arn: &'a str,
        partition: &'a str,
        account: &'a str,
        user: &'a str,
    },
    /// Anything else: an account root, a service principal, a provider.
    Other {
        value: &'a str,
        account: Option<&'a str>,
    },
}

impl<'a> Caller<'a> {
    /// Reads a principal ARN (or service name).
    pub(crate) fn parse(principal: Option<&'a str>) -> Caller<'a> {
        let Some(value) = principal else {
            return Caller::Unknown;
        };
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        let [arn, partition, service, _, account, resource] = parts[..] else {
            return Caller::Other {
                value,
                account: None,
            };
        };
        if arn != "arn" || account.is_empty() {
            return Caller::Other {
                value,
                account: None,
            };
        }
        let last = |r: &'a str| r.rsplit('/').next().unwrap_or(r);
        match (service, resource.split_once('/')) {
            ("iam", Some(("user", _))) => Caller::User {
                arn: value,
                account,
            },
            ("iam", Some(("role", rest))) => Caller::Role {
                arn: value,
                account,
                name: last(rest),
            },
            ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
                Some((role, _)) => Caller::Session {
                    arn: value,
                    partition,
                    account,
                    role,
                },
                None => Caller::Other {
                    value,
                    account: Some(account),
                },
            },
            ("sts", Some(("federated-user", user))) => Caller::FederatedUser {
                arn: value,
                partition,
                account,
                user,
            },
            _ => Caller::Other {
                value,
                account: Some(account),
            },
        }
    }

    /// The account the caller belongs to, when known.
    pub(crate) fn account(&self) -> Option<&'a str> {
        match self {
            Caller::Unknown => None,
            Caller::User { account, .. }
            | Caller::Role { account, .. }
            | Caller::Session { account, .. }
            | Caller::FederatedUser { account, .. } => Some(*account),
            Caller::Other { account, .. } => *account,
        }
    }

    /// True for IAM users, roles and their sessions: the principals a permissions
    /// boundary can be attached to.
    pub(crate) fn is_iam_identity(&self) -> bool {
        matches!(
            self,
            Caller::User { .. }
                | Caller::Role { .. }
                | Caller::Session { .. }
                | Caller::FederatedUser { .. }
        )
    }

    fn value(&self) -> Option<&'a str> {
        match self {
            Caller::Unknown => None,
            Caller::User { arn, .. }
            | Caller::Role { arn, .. }
            | Caller::Session { arn, .. }
            | Caller::FederatedUser { arn, .. } => Some(*arn),
            Caller::Other { value, .. } => Some(*value),
        }
    }

    /// How one `AWS` principal value names the caller.
    fn aws_value(&self, named: &str) -> PrincipalMatch {
        if named == "*" || Some(named) == self.value() {
            return match self {
                // Grants to a role's ARN are capped like the role's own policies.
                Caller::Role { .. } if named != "*" => PrincipalMatch::UnderlyingIdentity,
                _ => PrincipalMatch::Exact,
            };
        }
        if let Some(account) = named_account(named) {
            return if self.account() == Some(account) {
                PrincipalMatch::Account
            } else {
                PrincipalMatch::No
            };
        }
        let underlying = match self {
            Caller::Session {
                partition,
                account,
                role,
                ..
            } => is_iam_entity(named, partition, account, "role", role),
            Caller::FederatedUser {
                partition,
                account,
                user,
                ..
            } => is_iam_entity(named, partition, account, "user", user),
            _ => false,
        };
        if underlying {
            PrincipalMatch::UnderlyingIdentity
        } else {
            PrincipalMatch::No
        }
    }
}

/// The best way `named` names `caller`.
pub(crate) fn principal_match(named: &Principal, caller: &Caller<'_>) -> PrincipalMatch {
    let Principal::Typed(map) = named else {
        return PrincipalMatch::Exact;
    };
    map.iter()
        .flat_map(|(kind, values)| values.iter().map(move |v| (*kind, v.as_str())))
        .map(|(kind, v)| match kind {
            PrincipalType::Aws => caller.aws_value(v),
            _ if Some(v) == caller.value() => PrincipalMatch::Exact,
            _ => PrincipalMatch::No,
        })
        .max()
        .unwrap_or(PrincipalMatch::No)
}

/// The account a principal value stands for as a whole: a bare id or a root ARN.
fn named_account(value: &str) -> Option<&str> {
    if crate::arn::is_account_id(value) {
        return Some(value);
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _, "iam", "", account, "root"] => Some(account),
        _ => None,
    }
}

/// True when `value` is `arn:PARTITION:iam::ACCOUNT:KIND/…/NAME` (any path).
fn is_iam_entity(value: &str, partition: &str, account: &str, kind: &str, name: &str) -> bool {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let ["arn", p, "iam", "", a, resource] = parts[..] else {
        return false;
    };
    p == partition
        && a == account
        && resource
            .strip_prefix(kind)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(|r| r.rsplit('/').next() == Some(name))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::policy::PrincipalElement;

    fn named(aws: serde_json::Value) -> Principal {
        let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": aws}, "Action": "s3:*", "Resource": "*"}});
        match crate::policy::parse(&doc).unwrap().statements[0]
            .principal
            .clone()
        {
            Some(PrincipalElement::Principal(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    const USER: &str = "arn:aws:iam::111111111111:user/people/alice";
    const ROLE: &str = "arn:aws:iam::111111111111:role/deploy/app";
    const SESSION: &str = "arn:aws:sts::111111111111:assumed-role/app/build-7";

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    // (account principals delegate; role principals cover the role's sessions; a
    // session principal names one session)
    #[test]
    fn principal_matching_matrix() {
        use PrincipalMatch::*;
        let cases = [
            (json!("*"), USER, Exact),
            (json!(USER), USER, Exact),
            (json!("111111111111"), USER, Account),
            (json!("arn:aws:iam::111111111111:root"), USER, Account),
            (json!("arn:aws:iam::222222222222:root"), USER, No),
            (json!("arn:aws:iam::111111111111:user/bob"), USER, No),
            (json!(ROLE), ROLE, UnderlyingIdentity),
            (json!(ROLE), SESSION, UnderlyingIdentity),
            // The session ARN carries no role path; the role's name decides.
            (
                json!("arn:aws:iam::111111111111:role/app"),
                SESSION,
                UnderlyingIdentity,
            ),
            (json!("arn:aws:iam::111111111111:role/other"), SESSION, No),
            (json!("arn:aws:iam::222222222222:role/app"), SESSION, No),
            (json!(SESSION), SESSION, Exact),
            (
                json!("arn:aws:sts::111111111111:assumed-role/app/other"),
                SESSION,
                No,
            ),
            (json!("111111111111"), SESSION, Account),
            (json!([ROLE, SESSION]), SESSION, Exact),
            (
                json!("arn:aws:iam::111111111111:user/fed"),
                "arn:aws:sts::111111111111:federated-user/fed",
                UnderlyingIdentity,
            ),
        ];
        for (aws, caller, want) in cases {
            let got = principal_match(&named(aws.clone()), &Caller::parse(Some(caller)));
            assert_eq!(got, want, "{aws} vs {caller}");
        }
        assert_eq!(
            principal_match(&named(json!(USER)), &Caller::Unknown),
            PrincipalMatch::No
        );
        assert_eq!(
            principal_match(&named(json!("*")), &Caller::Unknown),
            PrincipalMatch::Exact
        );
    }

    #[test]
    fn callers_know_their_account() {
        assert_eq!(Caller::parse(Some(SESSION)).account(), Some("111111111111"));
        assert_eq!(Caller::parse(Some("ec2.amazonaws.com")).account(), None);
        assert!(!Caller::parse(Some("ec2.amazonaws.com")).is_iam_identity());
        assert!(Caller::parse(Some(SESSION)).is_iam_identity());
    }
}
