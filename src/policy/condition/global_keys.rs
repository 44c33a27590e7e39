//! The global condition keys (`aws:` prefix), for telling a typo (`aws:SourceIpp`) from a
//! key IAM knows.
//!
//! Source: "AWS global condition context keys",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>,
//! as published in 2025 (through the VPC endpoint keys `aws:VpceAccount`,
//! `aws:VpceOrgID`, `aws:VpceOrgPaths` and `aws:SourceVpcArn`). `aws:SourceOwner` is not
//! on that page but Amazon SNS and Amazon S3 document it for their resource policies.
//! Update the list when the page adds keys.

/// Every global key, as the page spells it (lookups ignore case).
pub(crate) const GLOBAL_CONDITION_KEYS: &[&str] = &[
    // Properties of the principal.
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    // Properties of a role session.
    "aws:AssumedRoot",
    "aws:FederatedProvider",
    "aws:TokenIssueTime",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:ChatbotSourceArn",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:SourceIdentity",
    // Properties of the network.
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:VpcSourceIp",
    // Properties of the resource.
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    // Properties of the request.
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:ViaAWSService",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:Referer",
    "aws:RequestedRegion",
    "aws:TagKeys",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:UserAgent",
    // Documented by Amazon SNS and Amazon S3.
    "aws:SourceOwner",
];

/// Keys that end in a tag key of the author's choosing (`aws:PrincipalTag/team`).
pub(crate) const GLOBAL_TAG_KEY_PREFIXES: &[&str] =
    &["aws:PrincipalTag/", "aws:ResourceTag/", "aws:RequestTag/"];

/// True when `key` (any case) is a global condition key.
pub(crate) fn is_global_condition_key(key: &str) -> bool {
    GLOBAL_CONDITION_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(key))
        || GLOBAL_TAG_KEY_PREFIXES.iter().any(|prefix| {
            key.len() > prefix.len()
                && key
                    .get(..prefix.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_tag_keys_and_typos() {
        assert!(is_global_condition_key("aws:SourceIp"));
        assert!(is_global_condition_key("AWS:SOURCEIP"));
        assert!(is_global_condition_key("aws:PrincipalTag/team"));
        assert!(is_global_condition_key("aws:requesttag/cost-center"));
        assert!(!is_global_condition_key("aws:SourceIpp"));
        assert!(!is_global_condition_key("aws:PrincipalTag/"));
        assert!(!is_global_condition_key("aws:PrincipalTags/team"));
        assert!(!is_global_condition_key("aws:é"));
        assert!(GLOBAL_CONDITION_KEYS.iter().all(|k| k.starts_with("aws:")));
    }
}
