//! AWS partitions: the first field of every ARN, and the boundary no IAM trust crosses.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A group of AWS Regions with its own ARNs (`arn:PARTITION:…`). Every account lives in
/// exactly one, and IAM policies cannot name principals of another.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Partition {
    /// `aws`: the commercial AWS Regions.
    #[default]
    Aws,
    /// `aws-cn`: the China Regions.
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    AwsUsGov,
    /// `aws-iso`: AWS ISO (US).
    AwsIso,
    /// `aws-iso-b`: AWS ISOB (US).
    AwsIsoB,
    /// `aws-iso-e`: AWS ISOE (Europe).
    AwsIsoE,
    /// `aws-iso-f`: AWS ISOF (US).
    AwsIsoF,
    /// `aws-eusc`: the AWS European Sovereign Cloud.
    AwsEusc,
}

impl Partition {
    /// Every partition, `aws` first.
    pub const ALL: &'static [Partition] = &[
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
        Partition::AwsEusc,
    ];

    /// The partition as ARNs spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
            Partition::AwsEusc => "aws-eusc",
        }
    }

    /// Reads a partition name; names are lower-case, as in ARNs.
    pub fn parse(name: &str) -> Option<Partition> {
        Partition::ALL.iter().copied().find(|p| p.as_str() == name)
    }

    /// True for `aws`, the default: state and plan files leave it out, so their
    /// fingerprints did not change when partitions were added.
    pub fn is_aws(&self) -> bool {
        *self == Partition::Aws
    }

    /// Every partition name, comma-separated, for messages.
    pub fn names() -> String {
        Partition::ALL
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html: the partition
    // is the second ARN field; the names are the ones the AWS SDKs' partition data uses.
    #[test]
    fn names_round_trip_through_parse_and_serde() {
        for p in Partition::ALL {
            assert_eq!(Partition::parse(p.as_str()), Some(*p));
            assert_eq!(
                serde_json::to_value(p).unwrap(),
                serde_json::json!(p.as_str())
            );
        }
        assert_eq!(Partition::parse("AWS"), None);
        assert_eq!(Partition::parse("aws-gov"), None);
        assert_eq!(Partition::default(), Partition::Aws);
        assert!(Partition::names().starts_with("aws, aws-cn, aws-us-gov"));
    }
}
