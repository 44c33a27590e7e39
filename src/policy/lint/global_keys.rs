//! The global condition keys AWS documents (`aws:…`), with their types, from
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html.

/// The documented type of a condition key, as the service authorization reference
/// writes it (`String`, `ARN`, `Bool`, `Date`, `Numeric`, `IPAddress`, `ArrayOf…`).
pub(super) type KeyType = &'static str;

/// Global keys as the reference spells them (matched in any case), with their types. Tag keys (`aws:RequestTag/…`,
/// `aws:ResourceTag/…`, `aws:PrincipalTag/…`) are in [`TAG_PREFIXES`].
const GLOBAL_KEYS: &[(&str, KeyType)] = &[
    ("aws:AssumedRoot", "Bool"),
    ("aws:CalledVia", "ArrayOfString"),
    ("aws:CalledViaFirst", "String"),
    ("aws:CalledViaLast", "String"),
    ("aws:ChatbotSourceArn", "ARN"),
    ("aws:CurrentTime", "Date"),
    ("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"),
    ("aws:Ec2InstanceSourceVpc", "String"),
    ("aws:EpochTime", "Date"),
    ("aws:FederatedProvider", "String"),
    ("aws:IsMcpServiceAction", "Bool"),
    ("aws:MultiFactorAuthAge", "Numeric"),
    ("aws:MultiFactorAuthPresent", "Bool"),
    ("aws:PrincipalAccount", "String"),
    ("aws:PrincipalArn", "ARN"),
    ("aws:PrincipalIsAWSService", "Bool"),
    ("aws:PrincipalOrgID", "String"),
    // Not in the reference any more, but AWS-managed policies still use it.
    ("aws:PrincipalOrgMasterAccountId", "String"),
    ("aws:PrincipalOrgPaths", "ArrayOfString"),
    ("aws:PrincipalServiceName", "String"),
    ("aws:PrincipalServiceNamesList", "ArrayOfString"),
    ("aws:PrincipalType", "String"),
    ("aws:Referer", "String"),
    ("aws:RequestedRegion", "String"),
    ("aws:ResourceAccount", "String"),
    ("aws:ResourceOrgID", "String"),
    ("aws:ResourceOrgPaths", "ArrayOfString"),
    ("aws:SecureTransport", "Bool"),
    ("aws:SourceAccount", "String"),
    ("aws:SourceArn", "ARN"),
    ("aws:SourceIdentity", "String"),
    ("aws:SourceIp", "IPAddress"),
    ("aws:SourceOrgID", "String"),
    ("aws:SourceOrgPaths", "ArrayOfString"),
    ("aws:SourceOwner", "String"),
    ("aws:SourceVpc", "String"),
    ("aws:SourceVpcArn", "ARN"),
    ("aws:SourceVpce", "String"),
    ("aws:TagKeys", "ArrayOfString"),
    ("aws:TokenIssueTime", "Date"),
    ("aws:UserAgent", "String"),
    ("aws:userid", "String"),
    ("aws:username", "String"),
    ("aws:ViaAWSService", "Bool"),
    ("aws:VpceAccount", "String"),
    ("aws:VpceOrgID", "String"),
    ("aws:VpceOrgPaths", "ArrayOfString"),
    ("aws:VpcSourceIp", "IPAddress"),
];

/// Tag key prefixes: the tag key follows the slash.
const TAG_PREFIXES: &[&str] = &["aws:requesttag/", "aws:resourcetag/", "aws:principaltag/"];

/// The type of global key `key` (any case), or `None` when AWS documents no such key.
pub(super) fn global_key_type(key: &str) -> Option<KeyType> {
    let lower = key.to_ascii_lowercase();
    if TAG_PREFIXES
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len())
    {
        return Some("String");
    }
    GLOBAL_KEYS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, t)| *t)
}

/// The documented global key closest to `key`, for a did-you-mean hint.
pub(super) fn closest_global_key(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    GLOBAL_KEYS
        .iter()
        .map(|(k, _)| (strsim::jaro_winkler(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(score, _)| *score > 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_keys_tags_and_typos() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
        assert_eq!(global_key_type("aws:SourceIp"), Some("IPAddress"));
        assert_eq!(global_key_type("AWS:SOURCEIP"), Some("IPAddress"));
        assert_eq!(global_key_type("aws:ResourceTag/team"), Some("String"));
        assert_eq!(global_key_type("aws:ResourceTag/"), None);
        assert_eq!(global_key_type("aws:SourceIpp"), None);
        assert_eq!(closest_global_key("aws:SourceIpp"), Some("aws:SourceIp"));
        assert_eq!(
            closest_global_key("aws:MultiFactorAuthPresnt"),
            Some("aws:MultiFactorAuthPresent")
        );
    }
}
