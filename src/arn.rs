//! Amazon Resource Names: parsing and the IAM ARN shapes iamform builds.

use std::fmt;

/// A parsed ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: String,
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
    #[error(
        "`{0}` has an unknown partition `{1}` (expected one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)"
    )]
    Partition(String, String),
    /// An IAM ARN whose account is neither 12 digits nor `aws`.
    #[error("`{0}` has account `{1}`, which is not a 12-digit account id")]
    Account(String, String),
}

/// The partitions AWS runs: commercial, China, GovCloud (US), the ISO (secret and top
/// secret) regions and the European Sovereign Cloud.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// The partition of accounts that declare none.
pub const DEFAULT_PARTITION: &str = "aws";

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
        if !PARTITIONS.contains(&p) {
            return Err(ArnError::Partition(s.to_string(), p.to_string()));
        }
        if svc.is_empty() || res.is_empty() {
            return Err(ArnError::Shape(s.to_string()));
        }
        if (svc == "iam" || svc == "sts") && !(acct == "aws" || is_account_id(acct)) {
            return Err(ArnError::Account(s.to_string(), acct.to_string()));
        }
        Ok(Arn {
            partition: p.to_string(),
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

/// The ARN after `arn:PARTITION:` (`iam::123456789012:role/x`), for comparing ARNs of
/// one account whatever its partition; `arn` itself when it is not an ARN.
pub fn without_partition(arn: &str) -> &str {
    arn.strip_prefix("arn:")
        .and_then(|rest| rest.split_once(':'))
        .map_or(arn, |(_, rest)| rest)
}

/// True for a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:aws:iam::ACCOUNT:root`, the principal that stands for a whole account.
pub fn account_root(account_id: &str) -> String {
    account_root_in(DEFAULT_PARTITION, account_id)
}

/// `arn:PARTITION:iam::ACCOUNT:root`.
pub fn account_root_in(partition: &str, account_id: &str) -> String {
    format!("arn:{partition}:iam::{account_id}:root")
}

/// ARN of an IAM entity of `kind` (`user`, `group`, `role`, `policy`, `instance-profile`)
/// in the `aws` partition.
pub fn iam_entity(account_id: &str, kind: &str, path: &str, name: &str) -> String {
    iam_entity_in(DEFAULT_PARTITION, account_id, kind, path, name)
}

/// ARN of an IAM entity in `partition`.
pub fn iam_entity_in(
    partition: &str,
    account_id: &str,
    kind: &str,
    path: &str,
    name: &str,
) -> String {
    format!("arn:{partition}:iam::{account_id}:{kind}{path}{name}")
}

/// ARN of the AWS-managed policy `name` under `path` (usually `/`), in `aws`.
pub fn aws_managed_policy(path: &str, name: &str) -> String {
    aws_managed_policy_in(DEFAULT_PARTITION, path, name)
}

/// ARN of the AWS-managed policy `name` under `path` in `partition`.
pub fn aws_managed_policy_in(partition: &str, path: &str, name: &str) -> String {
    format!("arn:{partition}:iam::aws:policy{path}{name}")
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

    #[test]
    fn builds_iam_arns() {
        assert_eq!(
            iam_entity("123456789012", "role", "/svc/", "web"),
            "arn:aws:iam::123456789012:role/svc/web"
        );
        assert_eq!(
            account_root("123456789012"),
            "arn:aws:iam::123456789012:root"
        );
        assert_eq!(
            aws_managed_policy("/job-function/", "ViewOnlyAccess"),
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        );
    }

    #[test]
    fn strips_the_partition() {
        assert_eq!(
            without_partition("arn:aws-cn:iam::123456789012:role/x"),
            "iam::123456789012:role/x"
        );
        assert_eq!(without_partition("123456789012"), "123456789012");
    }

    #[test]
    fn builds_and_parses_arns_in_every_partition() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
        assert_eq!(
            iam_entity_in("aws-us-gov", "123456789012", "role", "/", "ci"),
            "arn:aws-us-gov:iam::123456789012:role/ci"
        );
        assert_eq!(
            account_root_in("aws-cn", "123456789012"),
            "arn:aws-cn:iam::123456789012:root"
        );
        assert_eq!(
            aws_managed_policy_in("aws-iso-b", "/", "ReadOnlyAccess"),
            "arn:aws-iso-b:iam::aws:policy/ReadOnlyAccess"
        );
        for p in PARTITIONS {
            let arn = Arn::parse(&format!("arn:{p}:iam::123456789012:role/x")).unwrap();
            assert_eq!(arn.partition, *p);
        }
    }
}
