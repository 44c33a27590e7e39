//! The typed shape of one manifest file, decoded from YAML with every value located.
//! The JSON Schema (`iamform schema`) is derived from these types, so it cannot drift.

use std::borrow::Cow;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::Diagnostic;
use crate::model::DocumentLocations;

use super::account_selector::AccountsSelector;
use super::decode::{Decode, decode_struct, map_entries, type_error};
use super::expires::{Expires, ExpiringName, InlineEntry};
use super::identity_center_spec::IdentityCenterSpec;
use super::link_spec::LinkSpec;
use super::located::{Checked, Entries, Located};
use super::node_locations::yaml_locations;
use super::overrides::Override;
use super::session_duration::SessionDuration;
use super::trust_spec::TrustEntry;
use super::yaml_node::{NodeValue, YamlNode};

/// Tag keys and values.
pub type TagsSpec = Entries<Located<String>>;
/// Inline policies by name, each perhaps with `expires`.
pub type InlinePoliciesSpec = Entries<Located<InlineEntry>>;

/// An iamform manifest: project configuration (only in `iamform.yaml`) and IAM entities.
#[derive(Debug, Clone, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields, title = "iamform manifest")]
pub struct ManifestFile {
    /// Accounts by name (`iamform.yaml` only).
    pub accounts: Option<Entries<AccountSpec>>,
    /// Account for entities that name none; required with several accounts (`iamform.yaml` only).
    pub default_account: Option<Located<String>>,
    /// What iamform owns (`iamform.yaml` only).
    pub scope: Option<Located<ScopeSpec>>,
    /// Tags added to users, roles, policies and instance profiles; their own tags win (`iamform.yaml` only).
    pub default_tags: Option<TagsSpec>,
    /// Discover accounts in AWS Organizations and reach each through a role (`iamform.yaml` only).
    pub organization: Option<Located<OrganizationSpec>>,
    /// Account of the entities in this file, unless an entity names its own.
    pub account: Option<Located<String>>,
    /// IAM users by name.
    pub users: Option<Entries<UserSpec>>,
    /// IAM groups by name.
    pub groups: Option<Entries<GroupSpec>>,
    /// IAM roles by name.
    pub roles: Option<Entries<RoleSpec>>,
    /// Customer-managed policies by name.
    pub policies: Option<Entries<PolicySpec>>,
    /// Instance profiles by name.
    pub instance_profiles: Option<Entries<InstanceProfileSpec>>,
    /// OpenID Connect identity providers by issuer URL (`https://` optional).
    pub oidc_providers: Option<Entries<OidcProviderSpec>>,
    /// SAML identity providers by name.
    pub saml_providers: Option<Entries<SamlProviderSpec>>,
    /// Account alias and password policy of the file's account.
    pub account_settings: Option<Located<AccountSettingsSpec>>,
    /// Cross-account links by name: who in one account may assume a role in another.
    pub links: Option<Entries<Located<LinkSpec>>>,
    /// IAM Identity Center permission sets and assignments (one section per project, in
    /// the account holding the instance).
    pub identity_center: Option<Located<IdentityCenterSpec>>,
}
decode_struct!(ManifestFile as "a manifest file" {
    accounts, default_account, scope, default_tags, organization, account, users, groups, roles, policies,
    instance_profiles, oidc_providers, saml_providers, account_settings, links, identity_center,
});

/// One AWS account.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AccountSpec {
    /// 12-digit account id (quote it so YAML keeps leading zeros).
    pub id: Option<Checked<Located<String>>>,
    /// Role to assume into the account: a role name or a full role ARN.
    pub assume_role: Option<Located<String>>,
    /// Named AWS profile to take credentials from.
    pub profile: Option<Located<String>>,
    /// The partition the account lives in, `aws` by default (`aws-cn` for China,
    /// `aws-us-gov` for GovCloud, …): iamform builds the account's ARNs with it.
    pub partition: Option<Located<crate::arn::Partition>>,
}
decode_struct!(AccountSpec as "an account" { id, assume_role, profile, partition });

/// `organization:`: accounts come from AWS Organizations too.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OrganizationSpec {
    /// Role assumed in each discovered account (a role name), e.g. `OrganizationAccountAccessRole`.
    pub assume_role: Option<Located<String>>,
    /// The organization's partition, `aws` by default.
    pub partition: Option<Located<crate::arn::Partition>>,
    /// Named AWS profile with the management account's credentials.
    pub profile: Option<Located<String>>,
}
decode_struct!(OrganizationSpec as "organization" { assume_role, partition, profile });

/// The ownership scope.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScopeSpec {
    /// IAM path prefixes iamform manages; default `["/"]`.
    pub paths: Option<Vec<Located<String>>>,
    /// Delete entities in `paths` that no manifest defines; default false.
    pub prune: Option<bool>,
}
decode_struct!(ScopeSpec as "scope" { paths, prune });

/// An IAM user.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct UserSpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// The accounts this entity exists in, instead of one `account`: `all`, names or globs,
    /// or a selector `{ou, tags, names, exclude}`. Strings may use `{{account.name}}`,
    /// `{{account.id}}`, `{{account.ou}}` and `{{account.tags.KEY}}`.
    pub accounts: Option<Located<AccountsSelector>>,
    /// Per-account values of this entity's fields, in manifest order (a later one wins):
    /// `[{accounts: [prod-*], max_session_duration: 1h}]`; only with `accounts`.
    pub overrides: Option<Vec<Located<Override<UserSpec>>>>,
    /// IAM path, `/` by default.
    pub path: Option<Located<String>>,
    /// Tags.
    pub tags: Option<TagsSpec>,
    /// Permissions boundary: a manifest policy name, an AWS-managed policy name, or an ARN.
    pub permissions_boundary: Option<Located<String>>,
    /// Managed policies to attach: manifest policy names, AWS-managed names, or ARNs.
    pub policies: Option<Vec<ExpiringName>>,
    /// Inline policies by name.
    pub inline_policies: Option<InlinePoliciesSpec>,
    /// Groups (same account) the user belongs to.
    pub groups: Option<Vec<ExpiringName>>,
    /// When the user ends: after it, `plan` deletes the user even without pruning.
    pub expires: Option<Located<Expires>>,
    /// `false`: apply removes the user's console password (login profile); `true`: plan
    /// notes when the user has none. iamform never creates or reads a password.
    pub console_access: Option<Located<bool>>,
    /// `none`: apply deletes every access key of the user; `max_one`: plan warns when
    /// the user has two. Omitted: keys are not managed.
    pub access_keys: Option<Located<crate::model::AccessKeyRule>>,
    /// Plan warns when the user can sign in to the console without an MFA device.
    pub mfa_required_for_console: Option<Located<bool>>,
}
decode_struct!(UserSpec as "a user" {
    account, accounts, overrides, path, tags, permissions_boundary, policies, inline_policies, groups,
    expires,
    console_access, access_keys, mfa_required_for_console,
});

/// An IAM group.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GroupSpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// The accounts this entity exists in, instead of one `account`: `all`, names or globs,
    /// or a selector `{ou, tags, names, exclude}`. Strings may use `{{account.name}}`,
    /// `{{account.id}}`, `{{account.ou}}` and `{{account.tags.KEY}}`.
    pub accounts: Option<Located<AccountsSelector>>,
    /// Per-account values of this entity's fields, in manifest order (a later one wins):
    /// `[{accounts: [prod-*], max_session_duration: 1h}]`; only with `accounts`.
    pub overrides: Option<Vec<Located<Override<GroupSpec>>>>,
    /// IAM path, `/` by default.
    pub path: Option<Located<String>>,
    /// Managed policies to attach: manifest policy names, AWS-managed names, or ARNs.
    pub policies: Option<Vec<ExpiringName>>,
    /// Inline policies by name.
    pub inline_policies: Option<InlinePoliciesSpec>,
    /// Add the inline policy `iamform-require-mfa`: members can do nothing but set up
    /// their own MFA device until they sign in with MFA.
    pub require_mfa: Option<bool>,
}
decode_struct!(GroupSpec as "a group" { account, accounts, overrides, path, policies, inline_policies, require_mfa });

/// An IAM role.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RoleSpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// The accounts this entity exists in, instead of one `account`: `all`, names or globs,
    /// or a selector `{ou, tags, names, exclude}`. Strings may use `{{account.name}}`,
    /// `{{account.id}}`, `{{account.ou}}` and `{{account.tags.KEY}}`.
    pub accounts: Option<Located<AccountsSelector>>,
    /// Per-account values of this entity's fields, in manifest order (a later one wins):
    /// `[{accounts: [prod-*], max_session_duration: 1h}]`; only with `accounts`.
    pub overrides: Option<Vec<Located<Override<RoleSpec>>>>,
    /// IAM path, `/` by default.
    pub path: Option<Located<String>>,
    /// Description (at most 1000 characters).
    pub description: Option<Located<String>>,
    /// Maximum session duration.
    pub max_session_duration: Option<Located<SessionDuration>>,
    /// Who may assume the role, one statement per entry (or use `assume_role_policy`).
    pub trust: Option<Checked<Vec<Located<TrustEntry>>>>,
    /// A raw trust policy document (or use `trust`).
    pub assume_role_policy: Option<Checked<Located<DocumentSource>>>,
    /// Permissions boundary: a manifest policy name, an AWS-managed policy name, or an ARN.
    pub permissions_boundary: Option<Located<String>>,
    /// Managed policies to attach: manifest policy names, AWS-managed names, or ARNs.
    pub policies: Option<Vec<ExpiringName>>,
    /// Inline policies by name.
    pub inline_policies: Option<InlinePoliciesSpec>,
    /// Tags.
    pub tags: Option<TagsSpec>,
    /// Also create an instance profile of the same name and path holding this role.
    pub instance_profile: Option<Located<bool>>,
    /// When the role ends (its instance profile too): after it, `plan` deletes it even
    /// without pruning.
    pub expires: Option<Located<Expires>>,
}
decode_struct!(RoleSpec as "a role" {
    account, accounts, overrides, path, description, max_session_duration, trust, assume_role_policy,
    permissions_boundary, policies, inline_policies, tags, instance_profile, expires,
});

/// A customer-managed policy.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PolicySpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// The accounts this entity exists in, instead of one `account`: `all`, names or globs,
    /// or a selector `{ou, tags, names, exclude}`. Strings may use `{{account.name}}`,
    /// `{{account.id}}`, `{{account.ou}}` and `{{account.tags.KEY}}`.
    pub accounts: Option<Located<AccountsSelector>>,
    /// Per-account values of this entity's fields, in manifest order (a later one wins):
    /// `[{accounts: [prod-*], max_session_duration: 1h}]`; only with `accounts`.
    pub overrides: Option<Vec<Located<Override<PolicySpec>>>>,
    /// IAM path, `/` by default.
    pub path: Option<Located<String>>,
    /// Description (at most 1000 characters; IAM cannot change it later).
    pub description: Option<Located<String>>,
    /// The policy document.
    pub document: Option<Checked<Located<DocumentSource>>>,
    /// Tags.
    pub tags: Option<TagsSpec>,
    /// When the policy ends: after it, `plan` detaches and deletes it even without pruning.
    pub expires: Option<Located<Expires>>,
}
decode_struct!(PolicySpec as "a policy" { account, accounts, overrides, path, description, document, tags, expires });

/// An instance profile.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InstanceProfileSpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// The accounts this entity exists in, instead of one `account`: `all`, names or globs,
    /// or a selector `{ou, tags, names, exclude}`. Strings may use `{{account.name}}`,
    /// `{{account.id}}`, `{{account.ou}}` and `{{account.tags.KEY}}`.
    pub accounts: Option<Located<AccountsSelector>>,
    /// Per-account values of this entity's fields, in manifest order (a later one wins):
    /// `[{accounts: [prod-*], max_session_duration: 1h}]`; only with `accounts`.
    pub overrides: Option<Vec<Located<Override<InstanceProfileSpec>>>>,
    /// IAM path, `/` by default.
    pub path: Option<Located<String>>,
    /// The role it holds (a list of at most one role name).
    pub roles: Option<Vec<Located<String>>>,
    /// Tags.
    pub tags: Option<TagsSpec>,
}
decode_struct!(InstanceProfileSpec as "an instance profile" { account, accounts, overrides, path, roles, tags });

/// An OpenID Connect identity provider, keyed by its issuer URL.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OidcProviderSpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// Audiences (client ids) tokens must be issued for, e.g. `sts.amazonaws.com`.
    pub client_ids: Option<Vec<Located<String>>>,
    /// Certificate thumbprints (40 hex digits); omit them to let AWS manage trust for
    /// issuers it knows.
    pub thumbprints: Option<Vec<Located<String>>>,
    /// Tags.
    pub tags: Option<TagsSpec>,
}
decode_struct!(OidcProviderSpec as "an OIDC provider" { account, client_ids, thumbprints, tags });

/// A SAML identity provider.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SamlProviderSpec {
    /// Account name, overriding the file's `account`.
    pub account: Option<Located<String>>,
    /// The IdP's SAML metadata XML: a file inside the project, relative to this manifest.
    #[schemars(with = "Option<String>")]
    pub metadata_file: Option<TextFile>,
    /// Tags.
    pub tags: Option<TagsSpec>,
}
decode_struct!(SamlProviderSpec as "a SAML provider" { account, metadata_file, tags });

/// A text file a manifest names, with its text once read (`None` before, and when it
/// could not be read).
#[derive(Debug, Clone, PartialEq)]
pub struct TextFile {
    /// The path as written, relative to the manifest.
    pub path: Located<String>,
    /// The text.
    pub text: Option<Arc<str>>,
}

impl Decode for TextFile {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<TextFile> {
        Located::<String>::decode(node, sink).map(|path| TextFile { path, text: None })
    }
}

/// Account-wide settings.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AccountSettingsSpec {
    /// The account alias (3-63 lower-case letters, digits and hyphens).
    pub alias: Option<Located<String>>,
    /// The IAM user password policy.
    pub password_policy: Option<Located<PasswordPolicySpec>>,
    /// Services whose service-linked role must exist, e.g. `elasticbeanstalk.amazonaws.com`.
    pub service_linked_roles: Option<Vec<Located<String>>>,
    /// Delete the service-linked roles of services not listed (off: never deleted).
    pub prune_service_linked_roles: Option<bool>,
}
decode_struct!(AccountSettingsSpec as "account_settings" {
    alias, password_policy, service_linked_roles, prune_service_linked_roles,
});

/// The IAM user password policy.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PasswordPolicySpec {
    /// 6-128; 8 when omitted (AWS's default).
    pub minimum_password_length: Option<Located<u32>>,
    /// Require at least one non-alphanumeric character.
    pub require_symbols: Option<bool>,
    /// Require at least one digit.
    pub require_numbers: Option<bool>,
    /// Require at least one upper-case letter.
    pub require_uppercase_characters: Option<bool>,
    /// Require at least one lower-case letter.
    pub require_lowercase_characters: Option<bool>,
    /// Let users change their own password.
    pub allow_users_to_change_password: Option<bool>,
    /// Days before a password expires (1-1095); never when omitted.
    pub max_password_age: Option<Located<u32>>,
    /// How many previous passwords cannot be reused (1-24).
    pub password_reuse_prevention: Option<Located<u32>>,
    /// Expired passwords need an administrator reset.
    pub hard_expiry: Option<bool>,
}
decode_struct!(PasswordPolicySpec as "password_policy" {
    minimum_password_length, require_symbols, require_numbers, require_uppercase_characters,
    require_lowercase_characters, allow_users_to_change_password, max_password_age,
    password_reuse_prevention, hard_expiry,
});

/// A policy document written inline, or read from a JSON/YAML file.
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentSource {
    /// `{file: policies/x.json}`, relative to the manifest that names it, with the document
    /// once [`super::policy_files`] has read it (`None` before, and when it could not be).
    File(Located<String>, Option<Arc<FileDocument>>),
    /// The document itself, and where its nodes are written (for lint findings).
    Inline(serde_json::Value, DocumentLocations),
}

/// A policy document read from a `{file: …}` reference.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDocument {
    /// The document.
    pub value: serde_json::Value,
    /// Where its nodes are written in its file.
    pub locations: DocumentLocations,
    /// Bytes of the file, counted against the project's total for policy files.
    pub size: u64,
}

impl Decode for DocumentSource {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<DocumentSource> {
        let NodeValue::Map(entries) = &node.value else {
            sink.push(type_error(
                node,
                "a policy document (a map) or `{file: PATH}`",
            ));
            return None;
        };
        if let [(key, _)] = entries.as_slice()
            && key.scalar_text() == Some("file")
        {
            let (_, value) = map_entries(node, sink)?.into_iter().next()?;
            return Located::<String>::decode(value, sink).map(|f| DocumentSource::File(f, None));
        }
        let value = serde_json::Value::decode(node, sink)?;
        Some(DocumentSource::Inline(value, yaml_locations(node)))
    }
}

impl JsonSchema for DocumentSource {
    fn schema_name() -> Cow<'static, str> {
        "DocumentSource".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An IAM policy document written inline, or `{file: PATH}` naming a JSON or YAML file relative to this manifest.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": { "file": { "type": "string" } },
                    "required": ["file"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "required": ["Statement"]
                }
            ]
        })
    }
}
