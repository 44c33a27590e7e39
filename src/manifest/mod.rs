//! YAML manifests → typed, located documents → a validated [`DesiredState`].
//!
//! Stages (private modules): `source_files` finds and parses the files (`yaml_node`) and
//! decodes them (`decode`, `document`); `project_config` reads `iamform.yaml`;
//! `entity_index` places each definition in its account; `resolve` builds each account's
//! IAM, resolving references (`policy_ref`, `trust`) and checking IAM's rules; `links`
//! (`link_pairs`: one link per pair of accounts when an end says `accounts:`) and
//! `links_merge` add both halves of each cross-account link; `document_origins`
//! keeps where each written policy document's nodes are (`node_locations`) so lint
//! findings point at the statement. Every stage records problems and carries on, so one
//! run reports all of them.
//!
//! The public surface is small: [`load`] and [`check`], the manifest schema, the located
//! readers for policy files given on the command line, and the require-MFA policy.

mod account_selector;
mod account_settings;
mod account_vars;
mod credential_rules;
mod decode;
mod document;
mod document_origins;
mod documents;
mod entity_index;
mod expires;
mod expiry_apply;
mod expiry_entries;
mod expiry_references;
#[cfg(test)]
mod expiry_tests;
mod external_policies;
mod gitlab_host;
mod identity_center_spec;
mod json_node;
mod link_pairs;
mod link_spec;
mod links;
mod links_merge;
mod located;
mod multi_account;
mod name_rules;
mod node_locations;
mod org_accounts;
mod overrides;
mod policy_check;
mod policy_files;
mod policy_ref;
mod project_config;
mod require_mfa;
mod resolve;
mod resolve_identity;
mod resolve_identity_center;
mod resolve_providers;
mod resolve_role;
mod schema;
mod session_duration;
mod source_files;
#[cfg(test)]
mod test_project;
mod trust;
mod trust_conditions;
mod trust_federated;
mod trust_principals;
mod trust_shorthand;
mod trust_spec;
mod yaml_build;
mod yaml_node;
#[cfg(test)]
mod yaml_oracle_tests;
mod yaml_scalar;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{
    DesiredState, Expiries, Organization, OrganizationConfig, OverriddenField, UtcTime,
};

use self::document::ManifestFile;
use self::entity_index::index_entities;
use self::expiry_apply::settle_expiries;
use self::expiry_entries::{account_expiries, link_expiries};
use self::links::resolve_links;
use self::links_merge::merge_links;
use self::project_config::read_project;
use self::resolve::{AccountContext, resolve_account};
use self::source_files::{ManifestSource, read_manifests};

/// The JSON Schema of manifest files (`iamform schema`).
pub use self::schema::manifest_schema_json;

/// The located readers manifests use, for policy files named on the command line
/// (`policy`, `lint`): duplicate keys are errors and every node has a line and column.
pub use self::{
    decode::Decode,
    json_node::parse as parse_json,
    node_locations::json_positions,
    yaml_node::{NodeValue, YamlNode, parse as parse_yaml},
};

/// The project's files found by the same walk as loading, without decoding them, for
/// `fmt`: it stays inside the project and reads through the same bounds.
pub use self::source_files::{ProjectFiles, display_path, project_files, read_manifest_text};

/// The issuers and audiences the trust shorthands write, for `import` to read them back.
pub use self::trust_shorthand::{GITHUB_ISSUER, SAML_AUDIENCE, STS_AUDIENCE};

/// The GitLab instance of a `gitlab:` trust: its default host, its audience, the hosts
/// it accepts; for `import` to write the shorthand back.
pub use self::gitlab_host::{GITLAB_ISSUER, gitlab_audience, is_gitlab_host};

/// The policy `require_mfa: true` attaches (and its older form), for `import` and `audit`.
pub use self::require_mfa::{
    REQUIRE_MFA_POLICY_NAME, legacy_require_mfa_document, require_mfa_document,
};

/// The outcome of reading a manifest directory: the state (only when there are no
/// errors) and every diagnostic, warnings included, sorted by location.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// The desired state; `None` when any error was found.
    pub state: Option<DesiredState>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    /// The fields `overrides:` set, by account, entity and field (`validate
    /// --explain-overrides`).
    pub overridden: Vec<OverriddenField>,
}

/// Reads and validates the manifests in `dir` as of `now` (entries whose `expires:` has
/// passed are left out). Warnings are dropped on success; use [`check`] to see them.
pub fn load(dir: &Path, now: UtcTime) -> Result<DesiredState, Diagnostics> {
    let report = check(dir, now);
    report.state.ok_or(report.diagnostics)
}

/// Reads an organization for a project with `organization:`: given its config and
/// whether the accounts' tags are needed, the organization or why it could not be read.
pub type OrganizationReader<'a> =
    &'a dyn Fn(&OrganizationConfig, bool) -> Result<Organization, String>;

/// Reads and validates the manifests in `dir` as of `now`, keeping warnings (among them
/// one per expired entry still written). Only the accounts `iamform.yaml` declares are
/// known: see [`check_with`] for the organization's.
pub fn check(dir: &Path, now: UtcTime) -> LoadReport {
    check_with(dir, now, None)
}

/// [`check`], with the organization's accounts read through `organization` when
/// `iamform.yaml` has `organization:`.
pub fn check_with(
    dir: &Path,
    now: UtcTime,
    organization: Option<OrganizationReader<'_>>,
) -> LoadReport {
    let mut sink = Vec::new();
    let mut overridden = Vec::new();
    let state = build_state(dir, now, organization, &mut overridden, &mut sink);
    let mut diagnostics = Diagnostics(sink);
    diagnostics.sort();
    // A problem in an entity defined for many accounts is found once per account.
    diagnostics.0.dedup();
    let state = state.filter(|_| !diagnostics.has_errors());
    LoadReport {
        state,
        diagnostics,
        overridden,
    }
}

fn build_state(
    dir: &Path,
    now: UtcTime,
    organization: Option<OrganizationReader<'_>>,
    overridden: &mut Vec<OverriddenField>,
    sink: &mut Vec<Diagnostic>,
) -> Option<DesiredState> {
    let mut sources = read_manifests(dir, sink)?;
    let config_source = sources.iter().find(|s| s.is_config)?;
    for source in sources.iter().filter(|s| !s.is_config) {
        report_misplaced_config(source, sink);
    }
    let with_tags = multi_account::needs_tags(&sources);
    let mut discover = |config: &OrganizationConfig| match organization {
        Some(read) => read(config, with_tags),
        None => Err(String::new()),
    };
    let config = read_project(
        config_source,
        organization
            .is_some()
            .then_some(&mut discover as project_config::Discover<'_>),
        sink,
    );
    *overridden = multi_account::expand(&mut sources, &config.project, sink);
    let sources = sources;
    let index = index_entities(&sources, &config, sink);
    let mut accounts = BTreeMap::new();
    let mut entries = Vec::new();
    for (name, account_config) in &config.project.accounts {
        let cx = AccountContext {
            project: &config.project,
            index: &index,
            name,
            config: account_config,
            account: &index.accounts[name],
        };
        accounts.insert(name.clone(), resolve_account(&cx, sink));
        entries.extend(account_expiries(&cx));
    }
    let links = resolve_links(&sources, &config.project, &index, sink);
    entries.extend(link_expiries(&links));
    let mut expiries = Expiries::decide(entries, now);
    let links = settle_expiries(&mut expiries, &mut accounts, links, sink);
    merge_links(&links, &expiries.ended_links, &index, &mut accounts, sink);
    Some(DesiredState {
        project: config.project,
        accounts,
        links: links.into_iter().map(|l| l.link).collect(),
        expiries,
    })
}

fn report_misplaced_config(source: &ManifestSource, sink: &mut Vec<Diagnostic>) {
    let ManifestFile {
        accounts,
        default_account,
        scope,
        default_tags,
        organization,
        ..
    } = &source.doc;
    let file_start = || Span::file_only(source.path.clone());
    let found = [
        (
            "accounts",
            accounts
                .as_ref()
                .map(|a| a.0.first().map_or_else(file_start, |(k, _)| k.span.clone())),
        ),
        (
            "default_account",
            default_account.as_ref().map(|d| d.span.clone()),
        ),
        ("scope", scope.as_ref().map(|s| s.span.clone())),
        (
            "default_tags",
            default_tags
                .as_ref()
                .map(|t| t.0.first().map_or_else(file_start, |(k, _)| k.span.clone())),
        ),
        (
            "organization",
            organization.as_ref().map(|o| o.span.clone()),
        ),
    ];
    for (key, span) in found {
        if let Some(span) = span {
            sink.push(
                Diagnostic::error(
                    Some(span),
                    format!("`{key}` is project configuration, allowed only in iamform.yaml"),
                )
                .with_help("move it to iamform.yaml"),
            );
        }
    }
}
