//! Existing IAM → manifests (`iamform import`).
//!
//! The generated files read back (through [`crate::manifest::load`]) to exactly the
//! account they came from, so a plan right after an import shows no changes; and they
//! are byte-stable, so importing twice writes identical files. AWS-managed policies are
//! named by name, trust policies become `trust:` entries when those are exact
//! ([`trust_entries`]), and AWS-reserved entities (service-linked roles, SSO roles) are
//! skipped: iamform never manages them.

mod entity_manifests;
mod file_parts;
mod identity_center_manifest;
mod policy_reference;
mod trust_entries;
mod trust_entry_read;
mod trust_entry_statement;
mod trust_entry_yaml;
mod trust_shorthand;
pub mod yaml_text;

use self::entity_manifests::{EntityWriter, account_settings};
pub use self::file_parts::{PART_BYTES, is_later_part};
use self::file_parts::{part_bodies, part_name};
use self::policy_reference::PolicyNaming;
use self::trust_entries::TrustNaming;
use self::yaml_text::{Yaml, scalar, write_document};
use crate::model::{AccountConfig, AccountIam, EntityKind, EntityRef, Project, is_reserved};
use crate::policy::aws_managed::AwsManagedPolicies;

/// How every generated manifest starts, so a later import knows it may overwrite it.
pub const GENERATED_MARK: &str = "# Imported by `iamform import`";

/// The name of the project configuration file.
pub const PROJECT_FILE: &str = "iamform.yaml";

/// One generated manifest file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFile {
    /// File name, relative to the output directory (`users.yaml`, `saml/idp.xml`, …).
    pub name: String,
    /// The YAML text.
    pub text: String,
}

/// The manifests of one imported account and what the import left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountImport {
    /// Generated files, one per entity kind that the account has (a kind of many
    /// entities in parts: `users.yaml`, `users-2.yaml`, …), in a fixed order, then the
    /// SAML metadata documents the manifests name.
    pub files: Vec<ImportedFile>,
    /// AWS-reserved entities that were not imported.
    pub skipped: Vec<EntityRef>,
    /// Roles whose trust policy is kept as a raw `assume_role_policy`.
    pub raw_trust: Vec<String>,
}

/// Writes the manifests of `actual`, the IAM of the account `account_name` of `project`
/// (the project supplies the names of other accounts that trust policies mention).
pub fn import_account(actual: &AccountIam, account_name: &str, project: &Project) -> AccountImport {
    let mut result = AccountImport::default();
    let mut iam = without_reserved(actual, &mut result.skipped);
    // Service-linked roles are skipped as roles but listed, so the manifests keep them.
    iam.settings.service_linked_roles = actual
        .roles
        .values()
        .filter_map(|r| crate::model::service_of_linked_role(&r.path))
        .map(str::to_string)
        .collect();
    let writer = EntityWriter {
        policies: PolicyNaming {
            account_id: &iam.account_id,
            partition: iam.partition,
            imported: iam
                .policies
                .values()
                .map(|p| (p.name.as_str(), p.path.as_str()))
                .collect(),
            aws: AwsManagedPolicies::builtin(),
        },
        trust: TrustNaming {
            account_id: &iam.account_id,
            partition: iam.partition,
            account_names: project
                .accounts
                .values()
                .map(|a| (a.id.as_str(), a.name.as_str()))
                .collect(),
            role_paths: iam
                .roles
                .values()
                .map(|r| (r.name.as_str(), r.path.as_str()))
                .collect(),
            user_paths: iam
                .users
                .values()
                .map(|u| (u.name.as_str(), u.path.as_str()))
                .collect(),
        },
    };
    let header = format!(
        "{GENERATED_MARK} from account {account_name} ({}).\n",
        iam.account_id
    );
    let account_line = format!("account: {}\n\n", scalar(account_name, false));
    let mut file = |name: String, body: String| {
        result.files.push(ImportedFile {
            name,
            text: format!("{header}{account_line}{body}"),
        });
    };
    // Each kind's entities in one file, or in parts when there are many.
    let mut kind = |stem: &str, entities: Vec<(String, Yaml)>| {
        for (i, body) in part_bodies(stem, &entities).into_iter().enumerate() {
            file(part_name(stem, i + 1), body);
        }
    };
    kind(
        "policies",
        iam.policies
            .values()
            .map(|p| (p.name.clone(), writer.policy(p)))
            .collect(),
    );
    kind(
        "groups",
        iam.groups
            .values()
            .map(|g| (g.name.clone(), writer.group(g)))
            .collect(),
    );
    kind(
        "users",
        iam.users
            .values()
            .map(|u| (u.name.clone(), writer.user(u)))
            .collect(),
    );
    kind(
        "roles",
        iam.roles
            .values()
            .map(|r| (r.name.clone(), writer.role(r)))
            .collect(),
    );
    kind(
        "instance_profiles",
        iam.instance_profiles
            .values()
            .map(|p| (p.name.clone(), writer.instance_profile(p)))
            .collect(),
    );
    kind(
        "oidc_providers",
        iam.oidc_providers
            .values()
            .map(|p| (format!("https://{}", p.url), writer.oidc_provider(p)))
            .collect(),
    );
    // Each SAML metadata document goes to a file of its own, which the manifest names.
    let mut metadata_files = Vec::new();
    let saml: Vec<_> = iam
        .saml_providers
        .values()
        .map(|p| {
            let path = p.metadata.as_ref().map(|text| {
                let path = format!("saml/{}.xml", p.name);
                metadata_files.push(ImportedFile {
                    name: path.clone(),
                    text: text.clone(),
                });
                path
            });
            (p.name.clone(), writer.saml_provider(p, path.as_deref()))
        })
        .collect();
    kind("saml_providers", saml);
    if let Some(y) = account_settings(&iam.settings) {
        let body = write_document(&[("account_settings".to_string(), y)]);
        file("account_settings.yaml".to_string(), body);
    }
    if let Some(ic) = &iam.identity_center {
        let names = project
            .accounts
            .values()
            .map(|a| (a.id.as_str(), a.name.as_str()))
            .collect();
        if let Some(y) = identity_center_manifest::identity_center(ic, &names, iam.partition) {
            let body = write_document(&[("identity_center".to_string(), y)]);
            file("identity_center.yaml".to_string(), body);
        }
    }
    result.files.extend(metadata_files);
    result.raw_trust = iam
        .roles
        .values()
        .filter(|r| trust_entries::trust_entries(&r.trust_policy.0, &writer.trust).is_none())
        .map(|r| r.name.clone())
        .collect();
    result
}

/// `iamform.yaml` for a project of the imported accounts (with their credentials
/// settings): it owns every path but deletes nothing until someone turns pruning on.
pub fn project_config(accounts: &[AccountConfig]) -> String {
    let accounts = Yaml::Map(
        accounts
            .iter()
            .map(|a| {
                let mut fields = vec![("id".to_string(), Yaml::str(&a.id))];
                if !a.partition.is_aws() {
                    fields.push(("partition".to_string(), Yaml::str(a.partition.as_str())));
                }
                if let Some(role) = &a.assume_role {
                    fields.push(("assume_role".to_string(), Yaml::str(role)));
                }
                if let Some(profile) = &a.profile {
                    fields.push(("profile".to_string(), Yaml::str(profile)));
                }
                (a.name.clone(), Yaml::Map(fields))
            })
            .collect(),
    );
    let scope = Yaml::Map(vec![
        ("paths".to_string(), Yaml::strings(&["/".to_string()])),
        ("prune".to_string(), Yaml::Literal("false".into())),
    ]);
    let body = write_document(&[
        ("accounts".to_string(), accounts),
        ("scope".to_string(), scope),
    ]);
    format!(
        "# Project configuration written by `iamform import`. Pruning stays off until the\n# manifests are the source of truth for the account.\n{body}"
    )
}

/// The account without AWS-reserved entities, and instance profiles holding their roles.
fn without_reserved(actual: &AccountIam, skipped: &mut Vec<EntityRef>) -> AccountIam {
    let mut iam = actual.clone();
    let mut keep = |kind: EntityKind, name: &str, path: &str| {
        let entity = EntityRef::new(kind, name);
        let reserved = is_reserved(&entity, path);
        if reserved {
            skipped.push(entity);
        }
        !reserved
    };
    iam.users.retain(|n, u| keep(EntityKind::User, n, &u.path));
    iam.groups
        .retain(|n, g| keep(EntityKind::Group, n, &g.path));
    iam.roles.retain(|n, r| keep(EntityKind::Role, n, &r.path));
    iam.policies
        .retain(|n, p| keep(EntityKind::Policy, n, &p.path));
    iam.saml_providers
        .retain(|n, _| keep(EntityKind::SamlProvider, n, "/"));
    let roles = &iam.roles;
    iam.instance_profiles.retain(|n, p| {
        keep(EntityKind::InstanceProfile, n, &p.path)
            && p.roles.iter().all(|r| roles.contains_key(r))
    });
    iam
}
