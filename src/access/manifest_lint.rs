//! Lint of every policy document in the desired state, located at the statement or
//! element a finding names (at the entity for generated documents), plus the rules that
//! need the whole account (MFA).

use std::collections::HashSet;

use crate::policy::catalog::ActionSetCache;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{
    AccountIam, DesiredAccount, DesiredState, DocumentLocations, DocumentRef, DocumentSlot,
    EntityKind, EntityRef, ManagedPolicy, User,
};
use crate::policy::lint::{Finding, LintOptions, SizeCheck, lint_document};
use crate::policy::{JsonPath, PolicyKind};

use super::entity_finding::EntityFinding;
use super::mfa_rule;

/// Every account id the project declares: principals outside them are third parties.
pub fn own_account_ids(desired: &DesiredState) -> Vec<String> {
    desired
        .project
        .accounts
        .values()
        .map(|a| a.id.clone())
        .collect()
}

/// Lint findings for every document, as diagnostics at the node they name (or the
/// defining entity): errors for what IAM rejects, warnings for the rest (unknown actions
/// included: IAM accepts them).
pub fn lint_state(desired: &DesiredState) -> Vec<Diagnostic> {
    lint_entities(desired)
        .into_iter()
        .map(|f| f.diagnostic)
        .collect()
}

/// The findings of [`lint_state`], each with the account and entity it is about.
pub fn lint_entities(desired: &DesiredState) -> Vec<EntityFinding> {
    let own = own_account_ids(desired);
    let mut out = Vec::new();
    for (name, account) in &desired.accounts {
        lint_account(name, account, &own, &mut out);
    }
    out
}

/// The account's OIDC providers set up as GitLab documents it: the instance URL is an
/// audience (https://docs.gitlab.com/ee/ci/cloud_services/aws/), so trusts of them are
/// linted as GitLab trusts even when their statements do not show it.
fn gitlab_hosts(iam: &AccountIam) -> Vec<String> {
    iam.oidc_providers
        .values()
        .filter(|p| p.client_ids.contains(&format!("https://{}", p.url)))
        .map(|p| p.url.clone())
        .collect()
}

fn lint_account(
    account_name: &str,
    account: &DesiredAccount,
    own: &[String],
    out: &mut Vec<EntityFinding>,
) {
    let iam = &account.iam;
    let on = |entity: EntityRef, diagnostic: Diagnostic| EntityFinding {
        account: account_name.to_string(),
        entity,
        diagnostic,
    };
    let span = |kind: EntityKind, name: &str| {
        account
            .origins
            .get(&EntityRef::new(kind, name.to_string()))
            .cloned()
    };
    let at = |kind: EntityKind, name: &str, slot: DocumentSlot| FindingLocator {
        about: EntityRef::new(kind, name),
        document: account
            .document_locations
            .get(&DocumentRef::new(EntityRef::new(kind, name), slot)),
        entity: span(kind, name),
    };
    // Every document, in the order its findings are reported.
    let mut jobs: Vec<LintJob<'_>> = Vec::new();
    let boundaries = boundary_only_policies(iam);
    for (name, p) in &iam.policies {
        let (kind, what) = if only_a_boundary(&boundaries, p) {
            (
                PolicyKind::Boundary,
                format!("policy {name} (a permissions boundary)"),
            )
        } else {
            (PolicyKind::Identity, format!("policy {name}"))
        };
        jobs.push(LintJob {
            doc: &p.document.0,
            kind,
            what,
            at: at(EntityKind::Policy, name, DocumentSlot::Managed),
        });
    }
    for (name, u) in &iam.users {
        for (inline, doc) in &u.inline_policies {
            jobs.push(LintJob {
                doc: &doc.0,
                kind: PolicyKind::Identity,
                what: format!("user {name}, inline policy {inline}"),
                at: at(EntityKind::User, name, DocumentSlot::Inline(inline.clone())),
            });
        }
    }
    for (name, g) in &iam.groups {
        for (inline, doc) in &g.inline_policies {
            jobs.push(LintJob {
                doc: &doc.0,
                kind: PolicyKind::Identity,
                what: format!("group {name}, inline policy {inline}"),
                at: at(
                    EntityKind::Group,
                    name,
                    DocumentSlot::Inline(inline.clone()),
                ),
            });
        }
    }
    for (name, r) in &iam.roles {
        jobs.push(LintJob {
            doc: &r.trust_policy.0,
            kind: PolicyKind::RoleTrust,
            what: format!("role {name}, trust policy"),
            at: at(EntityKind::Role, name, DocumentSlot::Trust),
        });
        for (inline, doc) in &r.inline_policies {
            jobs.push(LintJob {
                doc: &doc.0,
                kind: PolicyKind::Identity,
                what: format!("role {name}, inline policy {inline}"),
                at: at(EntityKind::Role, name, DocumentSlot::Inline(inline.clone())),
            });
        }
    }
    let gitlab_hosts = gitlab_hosts(iam);
    // Documents are linted independently: on all cores, findings kept in document order.
    let found = crate::parallel::map(&jobs, |job| {
        // Sizes are checked while loading, where each document's quota is known.
        let options = LintOptions {
            kind: job.kind,
            size: SizeCheck::Skip,
            own_accounts: own.to_vec(),
            gitlab_hosts: gitlab_hosts.clone(),
        };
        // Information is for `policy lint`; validate and plan show what needs a look.
        lint_document(job.doc, &options)
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|finding| {
                let diagnostic = to_diagnostic(finding, &job.what, job.at.span(&finding.path));
                on(job.at.about.clone(), diagnostic)
            })
            .collect::<Vec<_>>()
    });
    out.extend(found.into_iter().flatten());
    let users: Vec<&User> = iam.users.values().collect();
    // Each thread resolves the action sets of the documents its users share.
    let found = crate::parallel::map_with(&users, ActionSetCache::default, |action_sets, u| {
        mfa_rule::check_user(
            iam,
            u,
            span(EntityKind::User, &u.name),
            &account.document_locations,
            action_sets,
        )
        .map(|d| on(EntityRef::new(EntityKind::User, u.name.as_str()), d))
    });
    out.extend(found.into_iter().flatten());
}

/// One document to lint, with what to call it and where its findings go.
struct LintJob<'a> {
    doc: &'a Value,
    kind: PolicyKind,
    what: String,
    at: FindingLocator<'a>,
}

/// The account's managed policies (as `/path/name`) that are some user's or role's
/// permissions boundary and attached to nobody: such a policy caps what they may do and
/// grants nothing, so it is linted as a boundary (`Allow` on `*` is its purpose, not a
/// finding). One pass over the account, so the test per policy is a lookup.
fn boundary_only_policies(iam: &AccountIam) -> HashSet<&str> {
    let attached: HashSet<&str> = iam
        .users
        .values()
        .flat_map(|u| &u.managed_policies)
        .chain(iam.groups.values().flat_map(|g| &g.managed_policies))
        .chain(iam.roles.values().flat_map(|r| &r.managed_policies))
        .map(String::as_str)
        .filter_map(path_and_name)
        .collect();
    iam.users
        .values()
        .filter_map(|u| u.permissions_boundary.as_ref())
        .chain(
            iam.roles
                .values()
                .filter_map(|r| r.permissions_boundary.as_ref()),
        )
        .map(String::as_str)
        .filter_map(path_and_name)
        .filter(|p| !attached.contains(p))
        .collect()
}

/// `arn:aws:iam::123456789012:policy/app/name` → `/app/name`.
fn path_and_name(arn: &str) -> Option<&str> {
    arn.split_once(":policy").map(|(_, rest)| rest)
}

/// True when `policy` is among [`boundary_only_policies`].
fn only_a_boundary(boundaries: &HashSet<&str>, policy: &ManagedPolicy) -> bool {
    boundaries.contains(format!("{}{}", policy.path, policy.name).as_str())
}

/// Where the findings of one document go: the node a finding's path names when the
/// document was written in a manifest, else the entity defining it.
struct FindingLocator<'a> {
    about: EntityRef,
    document: Option<&'a DocumentLocations>,
    entity: Option<Span>,
}

impl FindingLocator<'_> {
    fn span(&self, path: &JsonPath) -> Option<Span> {
        self.document
            .and_then(|d| d.locate(path))
            .cloned()
            .or_else(|| self.entity.clone())
    }
}

/// The finding as a diagnostic at `at`, its message naming the document (`what`) and the
/// path in it: the span points at the node, and the plan shows the message alone.
fn to_diagnostic(finding: &Finding, what: &str, at: Option<Span>) -> Diagnostic {
    let mut d = finding.to_diagnostic(at);
    d.message = format!("{what}: {}: {}", finding.path, finding.message);
    // The path is in the message already.
    d.logical = None;
    d
}
