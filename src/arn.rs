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
    #[error("`{0}` has an unknown partition `{1}` (expected aws, aws-cn or aws-us-gov)")]
    Partition(String, String),
    /// An IAM ARN whose account is neither 12 digits nor `aws`.
    #[error("`{0}` has account `{1}`, which is not a 12-digit account id")]
    Account(String, String),
}

const PARTITIONS: &[&str] = &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"];

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

/// True for a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:aws:iam::ACCOUNT:root`, the principal that stands for a whole account.
pub fn account_root(account_id: &str) -> String {
    format!("arn:aws:iam::{account_id}:root")
}

/// ARN of an IAM entity of `kind` (`user`, `group`, `role`, `policy`, `instance-profile`).
pub fn iam_entity(account_id: &str, kind: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:{kind}{path}{name}")
}

/// ARN of the AWS-managed policy `name` under `path` (usually `/`).
pub fn aws_managed_policy(path: &str, name: &str) -> String {
    format!("arn:aws:iam::aws:policy{path}{name}")
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
}
