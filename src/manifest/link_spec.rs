//! A `links:` entry: who in one account may assume a role in another, decoded with
//! every value located.

use schemars::JsonSchema;

use super::account_selector::AccountsSelector;
use super::decode::decode_struct;
use super::expires::Expires;
use super::located::Located;
use super::session_duration::SessionDuration;

/// A cross-account link. iamform writes both halves: a trust statement in the target
/// role, and an inline policy `iamform-link-<to account>-<role>` allowing `sts:AssumeRole`
/// on it for each source user, group and role.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LinkSpec {
    /// The principals that may assume the role.
    pub from: Option<Located<LinkFromSpec>>,
    /// The role they may assume.
    pub to: Option<Located<LinkToSpec>>,
    /// Require MFA (`aws:MultiFactorAuthPresent`) in the trust statement.
    pub require_mfa: Option<bool>,
    /// Require this `sts:ExternalId` in the trust statement.
    pub external_id: Option<Located<String>>,
    /// The target role's maximum session duration (must agree with the role's own).
    pub max_session_duration: Option<Located<SessionDuration>>,
    /// When the link ends (both halves): after it, `plan` removes them.
    pub expires: Option<Located<Expires>>,
}
decode_struct!(LinkSpec as "a link" {
    from, to, require_mfa, external_id, max_session_duration, expires,
});

/// The source side of a link: principals of one manifest account, or of every account
/// `accounts` selects.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LinkFromSpec {
    /// Manifest account name of the principals.
    pub account: Option<Located<String>>,
    /// Instead of `account`: every account the selector matches (one link per pair).
    pub accounts: Option<Located<AccountsSelector>>,
    /// Users (trusted by ARN).
    pub users: Option<Vec<Located<String>>>,
    /// Groups (IAM cannot trust a group, so the trust names the account root narrowed
    /// with `aws:PrincipalArn` to the group's members).
    pub groups: Option<Vec<Located<String>>>,
    /// Roles (trusted by ARN).
    pub roles: Option<Vec<Located<String>>>,
}
decode_struct!(LinkFromSpec as "a link's `from`" { account, accounts, users, groups, roles });

/// The target side of a link: a manifest role, in one account or in every account
/// `accounts` selects.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LinkToSpec {
    /// Manifest account name of the role.
    pub account: Option<Located<String>>,
    /// Instead of `account`: every account the selector matches (one link per pair).
    pub accounts: Option<Located<AccountsSelector>>,
    /// The role, defined under `roles:` in that account.
    pub role: Option<Located<String>>,
}
decode_struct!(LinkToSpec as "a link's `to`" { account, accounts, role });
