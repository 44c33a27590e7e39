//! How an imported entity names an attached managed policy: by name when the manifests
//! resolve that name back to the same ARN, by ARN otherwise.

use std::collections::BTreeMap;

use crate::arn::{self, Arn, Partition};
use crate::policy::aws_managed::AwsManagedPolicies;

/// Turns policy ARNs into the shortest manifest reference that resolves to them.
pub struct PolicyNaming<'a> {
    /// The imported account's id.
    pub account_id: &'a str,
    /// The imported account's partition.
    pub partition: Partition,
    /// Customer-managed policies the import writes, name → path.
    pub imported: BTreeMap<&'a str, &'a str>,
    /// AWS-managed policies the manifests know by name.
    pub aws: &'a AwsManagedPolicies,
}

impl PolicyNaming<'_> {
    /// The reference to write for `policy_arn`. Manifest policy names win over
    /// AWS-managed ones when resolving, so an AWS-managed name is only used when no
    /// imported policy shares it.
    pub fn reference(&self, policy_arn: &str) -> String {
        let Ok(parsed) = Arn::parse(policy_arn) else {
            return policy_arn.to_string();
        };
        let Some((path, name)) = parsed.resource.strip_prefix("policy").and_then(split_path) else {
            return policy_arn.to_string();
        };
        if parsed.account == self.account_id {
            let same = self.imported.get(name).is_some_and(|p| *p == path);
            let own = arn::iam_entity(self.partition, self.account_id, "policy", path, name);
            if same && own == policy_arn {
                return name.to_string();
            }
        } else if parsed.account == "aws"
            && !self.imported.contains_key(name)
            && self.aws.path_of(name) == Some(path)
            && arn::aws_managed_policy(self.partition, path, name) == policy_arn
        {
            return name.to_string();
        }
        policy_arn.to_string()
    }
}

/// `/a/b/name` → (`/a/b/`, `name`).
pub fn split_path(path_and_name: &str) -> Option<(&str, &str)> {
    if !path_and_name.starts_with('/') {
        return None;
    }
    let i = path_and_name.rfind('/')?;
    Some((&path_and_name[..=i], &path_and_name[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_resolves_back_and_keeps_arns_otherwise() {
        let naming = PolicyNaming {
            account_id: "111111111111",
            partition: Partition::Aws,
            imported: BTreeMap::from([("deploy", "/ci/"), ("ReadOnlyAccess", "/")]),
            aws: AwsManagedPolicies::builtin(),
        };
        let cases = [
            ("arn:aws:iam::111111111111:policy/ci/deploy", "deploy"),
            (
                "arn:aws:iam::111111111111:policy/deploy",
                "arn:aws:iam::111111111111:policy/deploy",
            ),
            (
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                "ViewOnlyAccess",
            ),
            (
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
            ),
            (
                "arn:aws:iam::aws:policy/ViewOnlyAccess",
                "arn:aws:iam::aws:policy/ViewOnlyAccess",
            ),
            (
                "arn:aws:iam::222222222222:policy/shared",
                "arn:aws:iam::222222222222:policy/shared",
            ),
            ("not an arn", "not an arn"),
        ];
        for (arn, expected) in cases {
            assert_eq!(naming.reference(arn), expected, "{arn}");
        }
    }
}
