//! Amazon Resource Names: parsing, partitions, and the IAM ARN shapes iamform builds.
//! Every builder takes the account's [`Partition`], so an account declared in
//! `aws-us-gov` gets `arn:aws-us-gov:…` ARNs everywhere.

mod partition;

use std::fmt;

pub use partition::Partition;

/// A parsed ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: Partition,
    /// Service namespace such as `iam` or `s3`.
    pub service: String,
    /// Region, empty for global services.
    pub region: String,
    /// Account id, `aws` for AWS-managed policies, or empty.
    pub account: String,
    /// Everything after the fifth colon, e.g. `role/path/name`.
    pub resource: String,
}

/// Why a string is not an ARN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// Fewer than six colon-separated parts.
    #[error("`{0}` is not an ARN: expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE")]
    Shape(String),
    /// Partition is not one AWS uses.
    #[error("`{0}` has an unknown partition `{1}` (expected one of {names})", names = Partition::names())]
    Partition(String, String),
    /// An IAM ARN whose account is neither 12 digits nor `aws`.
    #[error("`{0}` has account `{1}`, which is not a 12-digit account id")]
    Account(String, String),
}

impl Arn {
    /// Parses `s`, checking the partition and, for IAM/STS, the account id.
    pub fn parse(s: &str) -> Result<Arn, ArnError> {
        let mut parts = s.splitn(6, ':');
        let (Some("arn"), Some(p), Some(svc), Some(region), Some(acct), Some(res)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(ArnError::Shape(s.to_string()));
        };
        let Some(partition) = Partition::parse(p) else {
            return Err(ArnError::Partition(s.to_string(), p.to_string()));
        };
        if svc.is_empty() || res.is_empty() {
            return Err(ArnError::Shape(s.to_string()));
        }
        if (svc == "iam" || svc == "sts") && !(acct == "aws" || is_account_id(acct)) {
            return Err(ArnError::Account(s.to_string(), acct.to_string()));
        }
        Ok(Arn {
            partition,
            service: svc.to_string(),
            region: region.to_string(),
            account: acct.to_string(),
            resource: res.to_string(),
        })
    }

    /// For IAM ARNs, the resource type (`role`, `user`, `policy`, …) and the rest.
    pub fn iam_resource(&self) -> Option<(&str, &str)> {
        self.resource.split_once('/')
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// True for a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:PARTITION:iam::ACCOUNT:root`, the principal that stands for a whole account.
pub fn account_root(partition: Partition, account_id: &str) -> String {
    format!("arn:{partition}:iam::{account_id}:root")
}

/// The partition and account of a root ARN (`arn:PARTITION:iam::ACCOUNT:root`), for any
/// partition field, known or not: `None` for every other string.
pub fn root_account(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("arn:")?.strip_suffix(":root")?;
    let (partition, rest) = rest.split_once(':')?;
    let account = rest.strip_prefix("iam::")?;
    (!partition.is_empty() && is_account_id(account)).then_some((partition, account))
}

/// ARN of an IAM entity of `kind` (`user`, `group`, `role`, `policy`, `instance-profile`).
pub fn iam_entity(
    partition: Partition,
    account_id: &str,
    kind: &str,
    path: &str,
    name: &str,
) -> String {
    format!("arn:{partition}:iam::{account_id}:{kind}{path}{name}")
}

/// ARN of the AWS-managed policy `name` under `path` (usually `/`); each partition has
/// its own copy (`arn:aws-cn:iam::aws:policy/…`).
pub fn aws_managed_policy(partition: Partition, path: &str, name: &str) -> String {
    format!("arn:{partition}:iam::aws:policy{path}{name}")
}

/// An IAM ARN of this account in any known partition, with the partition stripped:
/// `arn:aws-cn:iam::123456789012:role/x` → (`aws-cn`, `123456789012:role/x`).
pub fn split_iam(arn: &str) -> Option<(Partition, &str)> {
    let (partition, rest) = arn.strip_prefix("arn:")?.split_once(':')?;
    Some((Partition::parse(partition)?, rest.strip_prefix("iam::")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_role_arn() {
        let a = Arn::parse("arn:aws:iam::123456789012:role/ops/admin").unwrap();
        assert_eq!(a.account, "123456789012");
        assert_eq!(a.iam_resource(), Some(("role", "ops/admin")));
        assert_eq!(a.to_string(), "arn:aws:iam::123456789012:role/ops/admin");
    }

    #[test]
    fn rejects_bad_arns() {
        assert!(matches!(Arn::parse("arn:aws:iam"), Err(ArnError::Shape(_))));
        assert!(matches!(
            Arn::parse("arn:aws:iam::12345:role/x"),
            Err(ArnError::Account(..))
        ));
        assert!(matches!(
            Arn::parse("arn:azure:iam::123456789012:role/x"),
            Err(ArnError::Partition(..))
        ));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html: IAM ARNs are
    // arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME, AWS-managed policies have account `aws`.
    #[test]
    fn builds_iam_arns() {
        assert_eq!(
            iam_entity(Partition::Aws, "123456789012", "role", "/svc/", "web"),
            "arn:aws:iam::123456789012:role/svc/web"
        );
        assert_eq!(
            account_root(Partition::Aws, "123456789012"),
            "arn:aws:iam::123456789012:root"
        );
        assert_eq!(
            aws_managed_policy(Partition::Aws, "/job-function/", "ViewOnlyAccess"),
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        );
    }

    #[test]
    fn builds_and_reads_arns_in_every_partition() {
        for &p in Partition::ALL {
            let role = iam_entity(p, "123456789012", "role", "/", "ci");
            assert_eq!(role, format!("arn:{p}:iam::123456789012:role/ci"));
            assert_eq!(Arn::parse(&role).unwrap().partition, p);
            assert_eq!(split_iam(&role), Some((p, "123456789012:role/ci")));
            let root = account_root(p, "123456789012");
            assert_eq!(root_account(&root), Some((p.as_str(), "123456789012")));
            assert_eq!(
                aws_managed_policy(p, "/", "ReadOnlyAccess"),
                format!("arn:{p}:iam::aws:policy/ReadOnlyAccess")
            );
        }
        assert_eq!(
            iam_entity(Partition::AwsUsGov, "123456789012", "user", "/people/", "a"),
            "arn:aws-us-gov:iam::123456789012:user/people/a"
        );
    }

    #[test]
    fn root_account_reads_only_root_arns() {
        assert_eq!(
            root_account("arn:PARTITION:iam::123456789012:root"),
            Some(("PARTITION", "123456789012"))
        );
        for other in [
            "123456789012",
            "arn:aws:iam::123456789012:role/root",
            "arn:aws:iam::12345:root",
            "arn::iam::123456789012:root",
            "arn:aws:sts::123456789012:root",
        ] {
            assert_eq!(root_account(other), None, "{other}");
        }
    }
}
