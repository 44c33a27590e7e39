//! Project settings from `iamform.yaml`: accounts, scope, default tags.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::arn::{Arn, Partition, is_account_id};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{AccountConfig, EntityKind, Organization, OrganizationConfig, Project, Scope};

use super::decode::{Decode, closest, type_error};
use super::document::ManifestFile;
use super::located::{Checked, Located};
use super::name_rules::{check_name, check_path, check_tag, max_name_len};
use super::org_accounts::{add_members, organization_config};
use super::source_files::ManifestSource;
use super::yaml_node::YamlNode;

/// The project and which account entities without one belong to.
#[derive(Debug, Clone, Default)]
pub struct ProjectConfig {
    /// Accounts, scope and default tags.
    pub project: Project,
    /// The `default_account`, when set and declared.
    pub default_account: Option<String>,
}

/// What reads the organization: given its config, the organization or why not.
pub type Discover<'a> = &'a mut dyn FnMut(&OrganizationConfig) -> Result<Organization, String>;

/// Reads the project settings of `iamform.yaml`, reporting problems into `sink`. With
/// `organization:` and a `discover`, the organization's accounts are added; without one
/// (`validate`), only the declared accounts are known.
pub fn read_project(
    config: &ManifestSource,
    discover: Option<Discover<'_>>,
    sink: &mut Vec<Diagnostic>,
) -> ProjectConfig {
    let doc = &config.doc;
    let mut project = Project::default();
    read_accounts(doc, &config.path, &mut project, sink);
    if let Some(spec) = &doc.organization {
        project.organization_unread = true;
        if let Some(org_config) = organization_config(spec, sink)
            && let Some(discover) = discover
        {
            match discover(&org_config) {
                Ok(organization) => {
                    project.organization_unread = false;
                    add_members(&mut project, org_config, organization, &spec.span, sink);
                }
                Err(message) => sink.push(
                    Diagnostic::error(
                        Some(spec.span.clone()),
                        format!("cannot read the organization: {message}"),
                    )
                    .with_help("iamform reads it with the base credentials, which must be the management account's (or a delegated administrator's); `iamform state pull` records it for --state"),
                ),
            }
        }
    }

    let default_account = doc.default_account.as_ref().and_then(|d| {
        if project.accounts.contains_key(&d.value) {
            return Some(d.value.clone());
        }
        sink.push(unknown_account(d, &project));
        None
    });

    if let Some(scope) = &doc.scope {
        let mut s = Scope::default();
        if let Some(paths) = &scope.value.paths {
            if paths.is_empty() {
                sink.push(
                    Diagnostic::error(Some(scope.span.clone()), "scope.paths is empty")
                        .with_help("list the path prefixes iamform manages, e.g. [\"/\"]"),
                );
            }
            sink.extend(paths.iter().filter_map(check_path));
            s.paths = paths.iter().map(|p| p.value.clone()).collect();
        }
        s.prune = scope.value.prune.unwrap_or(false);
        project.scope = s;
    }

    for (key, value) in doc.default_tags.iter().flat_map(|t| t.iter()) {
        sink.extend(check_tag(key, value));
        project
            .default_tags
            .insert(key.value.clone(), value.value.clone());
    }
    ProjectConfig {
        project,
        default_account,
    }
}

fn read_accounts(
    doc: &ManifestFile,
    file: &Arc<PathBuf>,
    project: &mut Project,
    sink: &mut Vec<Diagnostic>,
) {
    let accounts = doc.accounts.as_ref().filter(|a| !a.is_empty());
    let Some(accounts) = accounts else {
        if doc.organization.is_some() {
            return;
        }
        sink.push(
            Diagnostic::error(
                Some(Span::file_only(file.clone())),
                "iamform.yaml declares no accounts",
            )
            .with_help("add `accounts: {NAME: {id: \"123456789012\"}}`"),
        );
        return;
    };
    let mut by_id: BTreeMap<String, Span> = BTreeMap::new();
    for (name, spec) in accounts.iter() {
        // Accounts with a bad id stay declared, so entities naming them are not reported
        // again as naming an unknown account; the error below already stops the run.
        match spec.id.as_ref().map(|c| c.valid()) {
            Some(None) => {}
            None => sink.push(
                Diagnostic::error(
                    Some(name.span.clone()),
                    format!("account `{}` has no `id`", name.value),
                )
                .with_help("add `id: \"123456789012\"` (the 12-digit account id, quoted)"),
            ),
            Some(Some(id)) if !is_account_id(&id.value) => sink.push(
                Diagnostic::error(
                    Some(id.span.clone()),
                    format!("account id `{}` is not 12 digits", id.value),
                )
                .with_help("write the 12-digit account id in quotes, e.g. \"012345678901\""),
            ),
            Some(Some(id)) => match by_id.get(&id.value) {
                Some(first) => sink.push(
                    Diagnostic::error(
                        Some(id.span.clone()),
                        format!("account id {} is declared twice", id.value),
                    )
                    .with_related(first.clone(), "first declared here")
                    .with_help("give each account one name"),
                ),
                None => {
                    by_id.insert(id.value.clone(), id.span.clone());
                }
            },
        }
        let partition = spec
            .partition
            .as_ref()
            .map_or_else(Partition::default, |p| p.value);
        if let Some(role) = &spec.assume_role {
            sink.extend(check_assume_role(role, partition));
        }
        project.accounts.insert(
            name.value.clone(),
            AccountConfig {
                name: name.value.clone(),
                id: spec
                    .id
                    .as_ref()
                    .and_then(Checked::valid)
                    .map(|i| i.value.clone())
                    .unwrap_or_default(),
                assume_role: spec.assume_role.as_ref().map(|r| r.value.clone()),
                profile: spec.profile.as_ref().map(|p| p.value.clone()),
                partition,
            },
        );
    }
}

/// A partition name, checked against the partitions AWS has; a typo gets the closest.
impl Decode for Partition {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Partition> {
        let Some(text) = node.scalar_text() else {
            sink.push(type_error(node, "a partition name such as `aws`"));
            return None;
        };
        if let Some(p) = Partition::parse(text) {
            return Some(p);
        }
        let d = Diagnostic::error(
            Some(node.span.clone()),
            format!("unknown partition `{text}`"),
        );
        let names = Partition::ALL.iter().map(|p| p.as_str());
        sink.push(match closest(text, names) {
            Some(best) => d.with_help(format!(
                "did you mean `{best}`? partitions: {}",
                Partition::names()
            )),
            None => d.with_help(format!("partitions: {}", Partition::names())),
        });
        None
    }
}

fn check_assume_role(role: &Located<String>, partition: Partition) -> Option<Diagnostic> {
    if !role.value.starts_with("arn:") {
        return check_name(role, "role", max_name_len(EntityKind::Role));
    }
    match Arn::parse(&role.value) {
        // No role can be assumed from another partition.
        Ok(arn) if arn.service == "iam" && arn.partition != partition => Some(
            Diagnostic::error(
                Some(role.span.clone()),
                format!(
                    "`{}` is in partition `{}`, but the account is in `{partition}`",
                    role.value, arn.partition
                ),
            )
            .with_help(format!(
                "write a role ARN starting `arn:{partition}:`, or set the account's `partition`"
            )),
        ),
        Ok(arn) if arn.service == "iam" && arn.resource.starts_with("role/") => None,
        Ok(_) => Some(
            Diagnostic::error(
                Some(role.span.clone()),
                format!("`{}` is not a role ARN", role.value),
            )
            .with_help("write a role name, or an ARN like arn:aws:iam::123456789012:role/NAME"),
        ),
        Err(e) => Some(
            Diagnostic::error(Some(role.span.clone()), e.to_string())
                .with_help("write a role name, or an ARN like arn:aws:iam::123456789012:role/NAME"),
        ),
    }
}

/// "unknown account" at `name`, suggesting a declared one.
pub fn unknown_account(name: &Located<String>, project: &Project) -> Diagnostic {
    let d = Diagnostic::error(
        Some(name.span.clone()),
        format!("unknown account `{}`", name.value),
    );
    if project.organization_unread {
        return d.with_help(
            "the organization's accounts were not read: pass --state FILE (recorded by `iamform state pull`) to know them",
        );
    }
    match closest(&name.value, project.accounts.keys().map(String::as_str)) {
        Some(best) => d.with_help(format!(
            "did you mean `{best}`? accounts are declared in iamform.yaml"
        )),
        None => d.with_help(format!(
            "declare it under `accounts:` in iamform.yaml (declared: {})",
            project
                .accounts
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
