//! Who is calling: the request's principal ARN read into what a resource policy can name
//! about it (its account, the role behind a session, the session itself).

/// The kinds of caller the evaluation tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CallerKind<'a> {
    /// `arn:P:iam::A:root`: the account root user.
    Root,
    /// `arn:P:iam::A:user/PATH/NAME`.
    User,
    /// `arn:P:iam::A:role/PATH/NAME`: the role itself (a request really comes from one of
    /// its sessions; the role ARN stands for "some session of it").
    Role,
    /// `arn:P:sts::A:assumed-role/ROLE/SESSION`, holding the role's name.
    AssumedRole(&'a str),
    /// `arn:P:sts::A:federated-user/NAME` (GetFederationToken).
    FederatedUser,
    /// Anything else: a service principal, a canonical user, an unknown ARN.
    Other,
}

/// The calling principal, read from its ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Caller<'a> {
    /// The ARN (or service name) as given.
    pub arn: &'a str,
    /// `aws`, `aws-cn`, … (empty when `arn` is not an ARN).
    pub partition: &'a str,
    /// The 12-digit account, when the ARN has one.
    pub account: Option<&'a str>,
    /// What kind of principal it is.
    pub kind: CallerKind<'a>,
}

impl<'a> Caller<'a> {
    /// Reads `arn`; anything that is not an IAM or STS principal ARN is [`CallerKind::Other`].
    pub fn parse(arn: &'a str) -> Caller<'a> {
        let other = Caller {
            arn,
            partition: "",
            account: None,
            kind: CallerKind::Other,
        };
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let [prefix, partition, service, _region, account, resource] = parts.as_slice() else {
            return other;
        };
        if *prefix != "arn" {
            return other;
        }
        let account = Some(*account).filter(|a| crate::arn::is_account_id(a));
        let kind = match (*service, resource.split_once('/')) {
            ("iam", None) if *resource == "root" => CallerKind::Root,
            ("iam", Some(("user", _))) => CallerKind::User,
            ("iam", Some(("role", _))) => CallerKind::Role,
            ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
                Some((role, session)) if !role.is_empty() && !session.is_empty() => {
                    CallerKind::AssumedRole(role)
                }
                _ => CallerKind::Other,
            },
            ("sts", Some(("federated-user", _))) => CallerKind::FederatedUser,
            _ => CallerKind::Other,
        };
        Caller {
            arn,
            partition,
            account,
            kind,
        }
    }

    /// For an assumed-role session, the role's ARN without its path (which the session ARN
    /// does not carry): what `aws:PrincipalArn` holds for a session.
    pub fn session_role_arn(&self) -> Option<String> {
        match (self.kind, self.account) {
            (CallerKind::AssumedRole(role), Some(account)) => {
                Some(format!("arn:{}:iam::{account}:role/{role}", self.partition))
            }
            _ => None,
        }
    }

    /// True when `role_arn` (`arn:P:iam::A:role/PATH/NAME`) is the role this session was
    /// assumed from: same partition, account and name (the path is not in a session ARN).
    pub fn is_session_of(&self, role_arn: &str) -> bool {
        let CallerKind::AssumedRole(role) = self.kind else {
            return false;
        };
        let named = Caller::parse(role_arn);
        named.kind == CallerKind::Role
            && named.partition == self.partition
            && named.account.is_some()
            && named.account == self.account
            && role_arn.rsplit('/').next() == Some(role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_principal_arns() {
        let s = Caller::parse("arn:aws:sts::111111111111:assumed-role/deploy/ci-42");
        assert_eq!(s.kind, CallerKind::AssumedRole("deploy"));
        assert_eq!(s.account, Some("111111111111"));
        assert_eq!(
            s.session_role_arn().as_deref(),
            Some("arn:aws:iam::111111111111:role/deploy")
        );
        assert!(s.is_session_of("arn:aws:iam::111111111111:role/team/deploy"));
        assert!(!s.is_session_of("arn:aws:iam::222222222222:role/deploy"));
        assert!(!s.is_session_of("arn:aws-cn:iam::111111111111:role/deploy"));
        assert!(!s.is_session_of("arn:aws:iam::111111111111:role/deployer"));
        assert_eq!(
            Caller::parse("arn:aws:iam::111111111111:root").kind,
            CallerKind::Root
        );
        assert_eq!(
            Caller::parse("arn:aws:iam::111111111111:user/a/b").kind,
            CallerKind::User
        );
        assert_eq!(
            Caller::parse("arn:aws:sts::111111111111:federated-user/bob").kind,
            CallerKind::FederatedUser
        );
        for other in [
            "lambda.amazonaws.com",
            "arn:aws:sts::111111111111:assumed-role/no-session",
            "arn:aws:s3:::bucket",
            "",
        ] {
            assert_eq!(Caller::parse(other).kind, CallerKind::Other, "{other}");
        }
    }
}
