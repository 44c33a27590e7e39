//! Every entity definition across all files, placed in its account, with duplicates and
//! IAM naming rules checked once per definition.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::EntityKind;

use super::document::{
    AccountSettingsSpec, GroupSpec, InstanceProfileSpec, OidcProviderSpec, PolicySpec, RoleSpec,
    SamlProviderSpec, UserSpec,
};
use super::identity_center_spec::IdentityCenterSpec;
use super::located::{Entries, Located};
use super::name_rules::{check_name, check_oidc_url, max_name_len};
use super::project_config::{ProjectConfig, unknown_account};
use super::source_files::ManifestSource;
use crate::policy::aws_managed::AwsManagedPolicies;

/// An entity as a manifest defines it.
#[derive(Debug)]
pub struct Defined<'m, T> {
    /// Its name, located at the defining key.
    pub name: &'m Located<String>,
    /// Its definition.
    pub spec: &'m T,
}

impl<T> Clone for Defined<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Defined<'_, T> {}

/// What the manifests define in one account, by exact name.
#[derive(Debug, Default)]
pub struct AccountManifest<'m> {
    /// Users.
    pub users: BTreeMap<String, Defined<'m, UserSpec>>,
    /// Groups.
    pub groups: BTreeMap<String, Defined<'m, GroupSpec>>,
    /// Roles.
    pub roles: BTreeMap<String, Defined<'m, RoleSpec>>,
    /// Customer-managed policies.
    pub policies: BTreeMap<String, Defined<'m, PolicySpec>>,
    /// Instance profiles written under `instance_profiles`.
    pub instance_profiles: BTreeMap<String, Defined<'m, InstanceProfileSpec>>,
    /// OIDC providers, by the URL as written.
    pub oidc_providers: BTreeMap<String, Defined<'m, OidcProviderSpec>>,
    /// SAML providers.
    pub saml_providers: BTreeMap<String, Defined<'m, SamlProviderSpec>>,
    /// Account settings.
    pub settings: Option<(&'m Located<AccountSettingsSpec>, &'m ManifestSource)>,
    /// The `identity_center` section, when this account holds it.
    pub identity_center: Option<&'m Located<IdentityCenterSpec>>,
    /// Lower-cased names per kind, for IAM's case-insensitive uniqueness.
    folded: BTreeMap<(EntityKind, String), Span>,
}

/// All accounts' definitions, by account name (every declared account is present).
#[derive(Debug, Default)]
pub struct ManifestIndex<'m> {
    /// Per account.
    pub accounts: BTreeMap<String, AccountManifest<'m>>,
}

/// Entity specs that may name their own account.
trait OwnAccount {
    fn own_account(&self) -> Option<&Located<String>>;
}

macro_rules! own_account {
    ($($ty:ty),*) => {$(
        impl OwnAccount for $ty {
            fn own_account(&self) -> Option<&Located<String>> {
                self.account.as_ref()
            }
        }
    )*};
}
own_account!(
    UserSpec,
    GroupSpec,
    RoleSpec,
    PolicySpec,
    InstanceProfileSpec,
    OidcProviderSpec,
    SamlProviderSpec
);

/// Places every definition of every file in its account.
pub fn index_entities<'m>(
    sources: &'m [ManifestSource],
    config: &ProjectConfig,
    sink: &mut Vec<Diagnostic>,
) -> ManifestIndex<'m> {
    let mut index = ManifestIndex::default();
    for name in config.project.accounts.keys() {
        index
            .accounts
            .insert(name.clone(), AccountManifest::default());
    }
    for source in sources {
        let mut placer = Placer::new(source, config, sink);
        let doc = &source.doc;
        placer.place(&doc.users, EntityKind::User, &mut index, |a| &mut a.users);
        placer.place(&doc.groups, EntityKind::Group, &mut index, |a| {
            &mut a.groups
        });
        placer.place(&doc.roles, EntityKind::Role, &mut index, |a| &mut a.roles);
        placer.place(&doc.policies, EntityKind::Policy, &mut index, |a| {
            &mut a.policies
        });
        placer.place(
            &doc.instance_profiles,
            EntityKind::InstanceProfile,
            &mut index,
            |a| &mut a.instance_profiles,
        );
        placer.place(
            &doc.oidc_providers,
            EntityKind::OidcProvider,
            &mut index,
            |a| &mut a.oidc_providers,
        );
        placer.place(
            &doc.saml_providers,
            EntityKind::SamlProvider,
            &mut index,
            |a| &mut a.saml_providers,
        );
        if let Some(settings) = &doc.account_settings
            && let Some(account) = placer.account_for(None, &settings.span)
            && let Some(entry) = index.accounts.get_mut(&account)
        {
            match entry.settings {
                Some((first, _)) => placer.sink.push(
                    Diagnostic::error(
                        Some(settings.span.clone()),
                        format!("account_settings for account `{account}` are defined twice"),
                    )
                    .with_related(first.span.clone(), "first defined here")
                    .with_help("keep one account_settings section per account"),
                ),
                None => entry.settings = Some((settings, source)),
            }
        }
    }
    place_identity_center(sources, config, &mut index, sink);
    for (name, account) in &index.accounts {
        let partition = config
            .project
            .accounts
            .get(name)
            .map_or_else(Default::default, |a| a.partition);
        warn_shadowed_policies(account, partition, sink);
    }
    index
}

/// Places the `identity_center` section in its account; a project has one instance, so
/// a second section anywhere is an error.
fn place_identity_center<'m>(
    sources: &'m [ManifestSource],
    config: &ProjectConfig,
    index: &mut ManifestIndex<'m>,
    sink: &mut Vec<Diagnostic>,
) {
    let mut first: Option<&Located<IdentityCenterSpec>> = None;
    for source in sources {
        let Some(section) = &source.doc.identity_center else {
            continue;
        };
        if let Some(first) = first {
            sink.push(
                Diagnostic::error(
                    Some(section.span.clone()),
                    "identity_center is defined twice",
                )
                .with_related(first.span.clone(), "first defined here")
                .with_help("keep one identity_center section in the project: an organization has one instance"),
            );
            continue;
        }
        first = Some(section);
        let mut placer = Placer::new(source, config, sink);
        if let Some(account) = placer.account_for(section.value.account.as_ref(), &section.span)
            && let Some(entry) = index.accounts.get_mut(&account)
        {
            entry.identity_center = Some(section);
        }
    }
}

/// Places one file's definitions, reporting a missing file account only once.
struct Placer<'a> {
    config: &'a ProjectConfig,
    sink: &'a mut Vec<Diagnostic>,
    file_account: Result<Option<String>, ()>,
    reported_missing: bool,
}

impl<'a> Placer<'a> {
    fn new(
        source: &ManifestSource,
        config: &'a ProjectConfig,
        sink: &'a mut Vec<Diagnostic>,
    ) -> Self {
        let file_account = match &source.doc.account {
            None => Ok(None),
            Some(a) if config.project.accounts.contains_key(&a.value) => Ok(Some(a.value.clone())),
            Some(a) => {
                sink.push(unknown_account(a, &config.project));
                Err(())
            }
        };
        Placer {
            config,
            sink,
            file_account,
            reported_missing: false,
        }
    }

    /// The account of an entity: its own, the file's, the default, or the only one.
    fn account_for(&mut self, own: Option<&Located<String>>, at: &Span) -> Option<String> {
        let accounts = &self.config.project.accounts;
        if let Some(own) = own {
            if accounts.contains_key(&own.value) {
                return Some(own.value.clone());
            }
            self.sink.push(unknown_account(own, &self.config.project));
            return None;
        }
        match &self.file_account {
            Err(()) => return None,
            Ok(Some(a)) => return Some(a.clone()),
            Ok(None) => {}
        }
        if let Some(d) = &self.config.default_account {
            return Some(d.clone());
        }
        if accounts.len() == 1 {
            return accounts.keys().next().cloned();
        }
        if !self.reported_missing && accounts.len() > 1 {
            self.reported_missing = true;
            self.sink.push(
                Diagnostic::error(Some(at.clone()), "no account for the entities in this file")
                    .with_help(
                        "several accounts are declared: add `account: NAME` to this file or the entity, or `default_account` to iamform.yaml",
                    ),
            );
        }
        None
    }

    fn place<'m, T: OwnAccount>(
        &mut self,
        entries: &'m Option<Entries<T>>,
        kind: EntityKind,
        index: &mut ManifestIndex<'m>,
        map: impl for<'x> Fn(&'x mut AccountManifest<'m>) -> &'x mut BTreeMap<String, Defined<'m, T>>,
    ) {
        for (name, spec) in entries.iter().flat_map(|e| e.iter()) {
            let checked = match kind {
                EntityKind::OidcProvider => check_oidc_url(name),
                _ => check_name(name, kind.noun(), max_name_len(kind)),
            };
            if let Some(d) = checked {
                self.sink.push(d);
            }
            let Some(account) = self.account_for(spec.own_account(), &name.span) else {
                continue;
            };
            let Some(entry) = index.accounts.get_mut(&account) else {
                continue;
            };
            // An OIDC provider is named by its normalized URL: `https://x/` is `x`.
            let iam_name = match kind {
                EntityKind::OidcProvider => crate::model::oidc_provider_name(&name.value),
                _ => name.value.clone(),
            };
            let folded = (kind, iam_name.to_lowercase());
            if let Some(first) = entry.folded.get(&folded).cloned() {
                let same = map(entry).contains_key(&name.value);
                let message = if kind == EntityKind::OidcProvider && !same {
                    format!(
                        "OIDC provider `{}` is the provider of another entry: IAM names both `{iam_name}`",
                        name.value
                    )
                } else if same {
                    format!(
                        "{} `{}` is defined twice in account `{account}`",
                        kind.noun(),
                        name.value
                    )
                } else {
                    format!(
                        "{} `{}` clashes with another {} whose name differs only in case",
                        kind.noun(),
                        name.value,
                        kind.noun()
                    )
                };
                self.sink.push(
                    Diagnostic::error(Some(name.span.clone()), message)
                        .with_related(first, "first defined here")
                        .with_help(
                            "IAM names are unique per account, ignoring case; rename or remove one",
                        ),
                );
                continue;
            }
            entry.folded.insert(folded, name.span.clone());
            map(entry).insert(name.value.clone(), Defined { name, spec });
        }
    }
}

fn warn_shadowed_policies(
    account: &AccountManifest<'_>,
    partition: crate::arn::Partition,
    sink: &mut Vec<Diagnostic>,
) {
    let aws = AwsManagedPolicies::builtin();
    for policy in account.policies.values() {
        if let Some(path) = aws.path_of(&policy.name.value) {
            sink.push(
                Diagnostic::warning(
                    Some(policy.name.span.clone()),
                    format!(
                        "policy `{}` has the name of an AWS-managed policy; references to it mean this one",
                        policy.name.value
                    ),
                )
                .with_help(format!(
                    "to attach the AWS-managed policy, write its ARN: {}",
                    crate::arn::aws_managed_policy(partition, path, &policy.name.value)
                )),
            );
        }
    }
}
