//! The typed shape of an `identity_center:` section: permission sets and account
//! assignments of the IAM Identity Center instance in the section's account.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::Diagnostic;
use crate::model::{iso_duration, iso_duration_seconds};

use super::account_selector::AccountsSelector;
use super::decode::{Decode, decode_struct};
use super::document::{DocumentSource, TagsSpec};
use super::located::{Checked, Entries, Located};
use super::session_duration::parse_duration;
use super::yaml_node::{NodeValue, YamlNode};

/// Shortest session Identity Center accepts for a permission set, in seconds.
pub const MIN_PERMISSION_SET_SESSION: u64 = 3600;
/// Longest session Identity Center accepts for a permission set, in seconds.
pub const MAX_PERMISSION_SET_SESSION: u64 = 43200;

/// IAM Identity Center: permission sets and who gets them in which accounts.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IdentityCenterSpec {
    /// The account holding the Identity Center instance (the organization's management
    /// account or its delegated administrator), overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// Delete permission sets no manifest declares; default false (only declared ones are
    /// read and changed).
    pub prune: Option<bool>,
    /// Permission sets by name.
    pub permission_sets: Option<Entries<PermissionSetSpec>>,
    /// Account assignments: a permission set for a group or user in accounts.
    pub assignments: Option<Vec<Located<AssignmentSpec>>>,
}
decode_struct!(IdentityCenterSpec as "identity_center" {
    account, prune, permission_sets, assignments,
});

/// A permission set.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PermissionSetSpec {
    /// Description (at most 700 characters); omitted, it is left as it is.
    pub description: Option<Located<String>>,
    /// Session duration: ISO 8601 (`PT8H`) or a short form (`8h`, `90m`); 1 to 12 hours,
    /// `PT1H` when omitted.
    pub session_duration: Option<Located<PermissionSetDuration>>,
    /// The console URL users land on after signing in; omitted, it is left as it is.
    pub relay_state: Option<Located<String>>,
    /// AWS-managed policies: names iamform knows (`ReadOnlyAccess`) or ARNs.
    pub aws_managed_policies: Option<Vec<Located<String>>>,
    /// Customer-managed policies, found by name and path in each assigned account.
    pub customer_managed_policies: Option<Vec<Located<CustomerPolicySpec>>>,
    /// The inline policy: a document, or `{file: PATH}`.
    pub inline_policy: Option<Checked<Located<DocumentSource>>>,
    /// Permissions boundary: `{managed_policy: NAME_OR_ARN}` or
    /// `{customer_managed: {name: N, path: P}}`.
    pub permissions_boundary: Option<Located<BoundarySpec>>,
    /// Tags.
    pub tags: Option<TagsSpec>,
}
decode_struct!(PermissionSetSpec as "a permission set" {
    description, session_duration, relay_state, aws_managed_policies,
    customer_managed_policies, inline_policy, permissions_boundary, tags,
});

/// A customer-managed policy reference.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CustomerPolicySpec {
    /// Policy name.
    pub name: Option<Located<String>>,
    /// IAM path, `/` by default.
    pub path: Option<Located<String>>,
}
decode_struct!(CustomerPolicySpec as "a customer-managed policy reference" { name, path });

/// A permission set's permissions boundary (exactly one key).
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BoundarySpec {
    /// An AWS-managed policy: a name iamform knows or an ARN.
    pub managed_policy: Option<Located<String>>,
    /// A customer-managed policy in each assigned account.
    pub customer_managed: Option<Located<CustomerPolicySpec>>,
}
decode_struct!(BoundarySpec as "a permissions boundary" { managed_policy, customer_managed });

/// One assignment: exactly one of `group` or `user`, a permission set and accounts.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AssignmentSpec {
    /// The permission set, declared under `permission_sets`.
    pub permission_set: Option<Located<String>>,
    /// An Identity Store group, by display name.
    pub group: Option<Located<String>>,
    /// An Identity Store user, by user name.
    pub user: Option<Located<String>>,
    /// Accounts: names (or globs) as `iamform.yaml` declares them, `all`, or an
    /// organization selector `{names, ou, tags, exclude}` as on entities.
    pub accounts: Option<Located<AccountsSelector>>,
}
decode_struct!(AssignmentSpec as "an assignment" { permission_set, group, user, accounts });

/// A validated permission set session duration, in its shortest ISO 8601 form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionSetDuration(pub String);

impl Decode for PermissionSetDuration {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<PermissionSetDuration> {
        let seconds = match &node.value {
            NodeValue::Str(t) => iso_duration_seconds(t).or_else(|| parse_duration(t)),
            NodeValue::Number(t) => parse_duration(t),
            _ => None,
        };
        let Some(seconds) = seconds else {
            sink.push(
                Diagnostic::error(
                    Some(node.span.clone()),
                    "invalid session_duration: expected an ISO 8601 duration or a short duration",
                )
                .with_help("write `PT8H` (ISO 8601), or a short form such as `8h` or `90m`"),
            );
            return None;
        };
        if !(MIN_PERMISSION_SET_SESSION..=MAX_PERMISSION_SET_SESSION).contains(&seconds) {
            sink.push(
                Diagnostic::error(
                    Some(node.span.clone()),
                    format!("session_duration of {seconds} seconds is out of range"),
                )
                .with_help("Identity Center accepts 1 to 12 hours (`PT1H` to `PT12H`)"),
            );
            return None;
        }
        Some(PermissionSetDuration(iso_duration(seconds)))
    }
}

impl JsonSchema for PermissionSetDuration {
    fn schema_name() -> Cow<'static, str> {
        "PermissionSetDuration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "ISO 8601 (`PT8H`, `PT1H30M`) or a short duration (`8h`, `90m`); 1 to 12 hours.",
            "type": "string",
            "pattern": "^(PT([0-9]+H)?([0-9]+M)?([0-9]+S)?|([0-9]+[hms])+)$"
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::manifest::yaml_node::parse;

    fn decode(text: &str) -> (Option<PermissionSetDuration>, Vec<Diagnostic>) {
        let node = parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap();
        let mut sink = Vec::new();
        (PermissionSetDuration::decode(&node, &mut sink), sink)
    }

    // Permission set sessions last 1 to 12 hours:
    // https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html
    #[test]
    fn session_duration_is_iso_or_short_within_twelve_hours() {
        assert_eq!(decode("PT8H").0, Some(PermissionSetDuration("PT8H".into())));
        assert_eq!(decode("8h").0, Some(PermissionSetDuration("PT8H".into())));
        assert_eq!(
            decode("PT90M").0,
            Some(PermissionSetDuration("PT1H30M".into()))
        );
        let (none, diags) = decode("PT13H");
        assert_eq!(none, None);
        assert_eq!(
            diags[0].message,
            "session_duration of 46800 seconds is out of range"
        );
        assert_eq!(decode("30m").0, None);
        assert!(
            decode("P1D").1[0]
                .message
                .starts_with("invalid session_duration")
        );
    }
}
