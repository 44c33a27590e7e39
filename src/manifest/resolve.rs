//! One account's definitions → its desired [`AccountIam`], with references resolved and
//! every IAM rule checked. Roles and instance profiles live in `resolve_role`.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::model::{
    AccountConfig, AccountIam, DesiredAccount, EntityKind, EntityMeta, EntityRef, ManagedPolicy,
    PolicyDocument, Project, Tags,
};

use super::account_settings::account_settings;
use super::document::TagsSpec;
use super::document_origins::document_locations;
use super::documents::load_document;
use super::entity_index::{AccountManifest, ManifestIndex};
use super::expires::ExpiringName;
use super::external_policies::external_policies;
use super::located::Located;
use super::name_rules::{check_description, check_path, check_tag, check_tag_count};
use super::policy_check::{MANAGED_POLICY_LIMIT, check_size, policy_size};
use super::policy_ref::PolicyResolver;
use super::resolve_identity::{groups, users};
use super::resolve_identity_center::identity_center;
use super::resolve_providers::{oidc_providers, saml_providers};
use super::resolve_role::{instance_profiles, roles};
use crate::policy::aws_managed::AwsManagedPolicies;

/// IAM's default quota of managed policies attached to one user, group or role.
pub const MAX_ATTACHMENTS: usize = 10;
/// IAM's hard limit of groups per user.
pub const MAX_GROUPS_PER_USER: usize = 10;

/// Everything resolving one account needs.
pub struct AccountContext<'a, 'm> {
    /// Project settings.
    pub project: &'a Project,
    /// All accounts' definitions (trust may name other accounts).
    pub index: &'a ManifestIndex<'m>,
    /// This account's name.
    pub name: &'a str,
    /// This account's config.
    pub config: &'a AccountConfig,
    /// This account's definitions.
    pub account: &'a AccountManifest<'m>,
}

impl AccountContext<'_, '_> {
    /// Resolves policy references in this account.
    pub fn policies(&self) -> PolicyResolver<'_, '_> {
        PolicyResolver {
            account_id: &self.config.id,
            partition: self.config.partition,
            account: self.account,
            aws: AwsManagedPolicies::builtin(),
        }
    }
}

/// Builds the desired state of one account.
pub fn resolve_account(cx: &AccountContext<'_, '_>, sink: &mut Vec<Diagnostic>) -> DesiredAccount {
    let mut iam = AccountIam::in_partition(cx.config.id.clone(), cx.config.partition);
    let mut origins = BTreeMap::new();
    let a = cx.account;
    for (name, d) in &a.policies {
        origins.insert(
            EntityRef::new(EntityKind::Policy, name.clone()),
            d.name.span.clone(),
        );
    }
    for (name, d) in &a.groups {
        origins.insert(
            EntityRef::new(EntityKind::Group, name.clone()),
            d.name.span.clone(),
        );
    }
    for (name, d) in &a.users {
        origins.insert(
            EntityRef::new(EntityKind::User, name.clone()),
            d.name.span.clone(),
        );
    }
    for (name, d) in &a.roles {
        origins.insert(
            EntityRef::new(EntityKind::Role, name.clone()),
            d.name.span.clone(),
        );
    }
    // The kinds resolve independently: half of them, and the documents' locations, on
    // another core; diagnostics are kept in kind order.
    let ((policies, groups, users, first), (roles, document_locations, second)) =
        crate::parallel::join(
            || {
                let mut sink = Vec::new();
                let policies = managed_policies(cx, &mut sink);
                let groups = groups(cx, &mut sink);
                let users = users(cx, &mut sink);
                (policies, groups, users, sink)
            },
            || {
                let mut sink = Vec::new();
                let roles = roles(cx, &mut sink);
                (roles, document_locations(a), sink)
            },
        );
    sink.extend(first);
    sink.extend(second);
    (iam.policies, iam.groups, iam.users, iam.roles) = (policies, groups, users, roles);
    iam.instance_profiles = instance_profiles(cx, &mut origins, sink);
    iam.oidc_providers = oidc_providers(cx, &mut origins, sink);
    iam.saml_providers = saml_providers(cx, &mut origins, sink);
    if let Some((settings, _)) = a.settings {
        origins.insert(
            EntityRef::new(EntityKind::AccountSettings, "account"),
            settings.span.clone(),
        );
        iam.settings = account_settings(&settings.value, sink);
    }
    let mut identity_principals = Vec::new();
    if let Some(section) = a.identity_center {
        iam.identity_center = Some(identity_center(
            &section.value,
            cx.project,
            cx.config.partition,
            &mut identity_principals,
            sink,
        ));
    }
    DesiredAccount {
        config: cx.config.clone(),
        external_policies: external_policies(cx.config, a, &iam),
        identity_principals,
        iam,
        origins,
        document_locations,
    }
}

/// The IAM path of an entity (`/` when unset), reporting an invalid one.
pub fn entity_path(path: Option<&Located<String>>, sink: &mut Vec<Diagnostic>) -> String {
    match path {
        Some(p) => {
            sink.extend(check_path(p));
            p.value.clone()
        }
        None => "/".to_string(),
    }
}

/// Default tags overlaid with the entity's own (which win), each checked.
pub fn merged_tags(
    project: &Project,
    own: Option<&TagsSpec>,
    owner: &Located<String>,
    noun: &str,
    sink: &mut Vec<Diagnostic>,
) -> Tags {
    let mut tags = project.default_tags.clone();
    for (key, value) in own.iter().flat_map(|t| t.iter()) {
        sink.extend(check_tag(key, value));
        tags.insert(key.value.clone(), value.value.clone());
    }
    sink.extend(check_tag_count(
        tags.len(),
        &owner.span,
        &format!("{noun} `{}`", owner.value),
    ));
    tags
}

/// Resolves a `policies:` list, reporting unknown policies and too many attachments.
pub fn attachments(
    cx: &AccountContext<'_, '_>,
    list: Option<&Vec<ExpiringName>>,
    owner: &Located<String>,
    noun: &str,
    sink: &mut Vec<Diagnostic>,
) -> BTreeSet<String> {
    let list = list.map(Vec::as_slice).unwrap_or_default();
    if let Some(extra) = list.get(MAX_ATTACHMENTS) {
        sink.push(
            Diagnostic::error(
                Some(extra.name.span.clone()),
                format!(
                    "{noun} `{}` has {} managed policies; IAM allows {MAX_ATTACHMENTS} by default",
                    owner.value,
                    list.len()
                ),
            )
            .with_help(format!(
                "request a higher \"Managed policies per {noun}\" quota (up to 20) in Service Quotas, or combine policies"
            )),
        );
    }
    let resolver = cx.policies();
    let mut out = BTreeSet::new();
    for reference in list {
        match resolver.resolve(&reference.name) {
            Ok(arn) => {
                out.insert(arn);
            }
            Err(d) => sink.push(d),
        }
    }
    out
}

/// Resolves a permissions boundary reference.
pub fn boundary(
    cx: &AccountContext<'_, '_>,
    reference: Option<&Located<String>>,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    let reference = reference?;
    cx.policies()
        .resolve(reference)
        .map_err(|d| sink.push(d))
        .ok()
}

fn managed_policies(
    cx: &AccountContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> BTreeMap<String, ManagedPolicy> {
    let mut out = BTreeMap::new();
    for (name, d) in &cx.account.policies {
        let spec = d.spec;
        let path = entity_path(spec.path.as_ref(), sink);
        if let Some(desc) = &spec.description {
            sink.extend(check_description(desc));
        }
        let tags = merged_tags(cx.project, spec.tags.as_ref(), d.name, "policy", sink);
        let Some(source) = &spec.document else {
            sink.push(
                Diagnostic::error(
                    Some(d.name.span.clone()),
                    format!("policy `{name}` has no `document`"),
                )
                .with_help("add `document:` with the policy, or `document: {file: PATH}`"),
            );
            continue;
        };
        let Some(source) = source.valid() else {
            continue;
        };
        let Some((document, at)) = load_document(source, sink) else {
            continue;
        };
        let help = "split the policy into several managed policies";
        sink.extend(check_size(
            policy_size(&document),
            MANAGED_POLICY_LIMIT,
            &at,
            &format!("policy `{name}`"),
            help,
        ));
        out.insert(
            name.clone(),
            ManagedPolicy {
                name: name.clone(),
                path,
                description: spec.description.as_ref().map(|d| d.value.clone()),
                document: PolicyDocument(document),
                tags,
                versions: Vec::new(),
                meta: EntityMeta::default(),
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::diagnostic::Severity;
    use crate::manifest::require_mfa::{REQUIRE_MFA_POLICY_NAME, require_mfa_document};
    use crate::manifest::test_project::{TWO_ACCOUNTS, check_files, positions};
    use crate::model::{EntityKind, EntityRef};

    const CONFIG: &str = "accounts: {prod: {id: \"111111111111\"}}\ndefault_tags: {managed-by: iamform, team: platform}\n";

    #[test]
    fn default_tags_merge_and_entity_tags_win() {
        let report = check_files(&[
            ("iamform.yaml", CONFIG),
            (
                "e.yaml",
                "users: {alice: {tags: {team: security}}}\ngroups: {admins: {}}\nroles:\n  web:\n    instance_profile: true\n    path: /app/\n    tags: {tier: web}\n    trust: [{service: ec2.amazonaws.com}]\n",
            ),
        ]);
        let state = report.state.unwrap();
        let iam = &state.accounts["prod"].iam;
        let tags = |t: &crate::model::Tags| {
            t.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            tags(&iam.users["alice"].tags),
            ["managed-by=iamform", "team=security"]
        );
        assert_eq!(
            tags(&iam.roles["web"].tags),
            ["managed-by=iamform", "team=platform", "tier=web"]
        );
        let profile = &iam.instance_profiles["web"];
        assert_eq!(profile.path, "/app/");
        assert_eq!(profile.roles, BTreeSet::from(["web".to_string()]));
        assert_eq!(tags(&profile.tags), tags(&iam.roles["web"].tags));
        let origins = &state.accounts["prod"].origins;
        assert!(origins.contains_key(&EntityRef::new(EntityKind::InstanceProfile, "web")));
        assert_eq!(origins[&EntityRef::new(EntityKind::User, "alice")].line, 1);
    }

    #[test]
    fn require_mfa_adds_the_standard_inline_policy() {
        let report = check_files(&[
            ("iamform.yaml", CONFIG),
            (
                "g.yaml",
                "groups: {admins: {require_mfa: true}, devs: {}}\n",
            ),
        ]);
        let state = report.state.unwrap();
        let groups = &state.accounts["prod"].iam.groups;
        assert_eq!(
            groups["admins"].inline_policies[REQUIRE_MFA_POLICY_NAME].0,
            require_mfa_document()
        );
        assert!(groups["devs"].inline_policies.is_empty());
    }

    #[test]
    fn policy_references_resolve_to_arns() {
        let entities = "\
policies:
  deploy:
    path: /ci/
    document: {Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}
  ReadOnlyAccess:
    document: {Statement: [{Effect: Allow, Action: \"s3:Get*\", Resource: \"*\"}]}
users:
  alice:
    policies: [deploy, ViewOnlyAccess, ReadOnlyAccess, \"arn:aws:iam::aws:policy/ReadOnlyAccess\"]
    permissions_boundary: AWSLambdaBasicExecutionRole
";
        let report = check_files(&[("iamform.yaml", CONFIG), ("e.yaml", entities)]);
        let warnings: Vec<_> = report
            .diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        assert_eq!(warnings.len(), 1, "{:?}", report.diagnostics);
        assert!(
            warnings[0]
                .message
                .starts_with("policy `ReadOnlyAccess` has the name of an AWS-managed policy")
        );
        let state = report.state.unwrap();
        let alice = &state.accounts["prod"].iam.users["alice"];
        assert_eq!(
            alice
                .managed_policies
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            [
                "arn:aws:iam::111111111111:policy/ReadOnlyAccess",
                "arn:aws:iam::111111111111:policy/ci/deploy",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            ]
        );
        assert_eq!(
            alice.permissions_boundary.as_deref(),
            Some("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
        );
    }

    #[test]
    fn references_stay_within_the_account() {
        let report = check_files(&[
            ("iamform.yaml", TWO_ACCOUNTS),
            (
                "prod.yaml",
                "groups: {admins: {}}\npolicies: {p: {document: {Statement: [{Effect: Allow, Action: \"*\", Resource: \"*\"}]}}}\n",
            ),
            (
                "identity.yaml",
                "account: identity\nusers:\n  bob:\n    groups: [admins]\n    policies: [p]\n",
            ),
        ]);
        assert_eq!(
            positions(&report),
            [
                (4, 14, "no group `admins` in account `identity`".to_string()),
                (5, 16, "no such policy `p`".to_string()),
            ]
        );
    }

    #[test]
    fn one_account_needs_no_default() {
        let report = check_files(&[
            ("iamform.yaml", "accounts: {solo: {id: \"123456789012\"}}\n"),
            ("u.yaml", "users: {u: {}}\n"),
        ]);
        let state = report.state.unwrap();
        assert_eq!(state.accounts["solo"].iam.users["u"].path, "/");
        assert_eq!(state.project.scope, crate::model::Scope::default());
    }
}
