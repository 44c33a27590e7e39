//! OIDC and SAML identity providers: create, update in place (audiences, thumbprints,
//! SAML metadata, tags), prune. Compared by meaning: the provider's name is its
//! normalized URL, audiences and thumbprints are sets (thumbprints in upper case, and
//! only when the manifest lists them: AWS fills them in for issuers it trusts), and
//! metadata documents ignore surrounding whitespace and line-ending style.

use std::collections::BTreeSet;

use super::Action;
use super::account_context::AccountContext;
use super::account_diff::{AccountOutput, all_names, triage};
use super::change::FieldChange;
use super::tag_delta::tags_field;
use crate::model::{Entity, EntityKind, OidcProvider, Ownership, SamlProvider};

/// Emits the changes for every OIDC and SAML provider of the account.
pub(super) fn diff_providers(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    for name in all_names(&ctx.desired.oidc_providers, &ctx.actual.oidc_providers) {
        let ownership = triage(ctx, out, EntityKind::OidcProvider, name);
        let desired = ctx.desired.oidc_providers.get(name);
        let actual = ctx.actual.oidc_providers.get(name);
        let action = match (ownership, desired, actual) {
            (Some(Ownership::Managed), Some(d), None) => Action::Create {
                entity: Box::new(Entity::OidcProvider(d.clone())),
            },
            (Some(Ownership::Managed), Some(d), Some(a)) => match oidc_fields(d, a) {
                fields if fields.is_empty() => continue,
                fields => Action::Update { fields },
            },
            (Some(Ownership::Prunable), None, Some(a)) => Action::Delete {
                entity: Box::new(Entity::OidcProvider(a.clone())),
            },
            _ => continue,
        };
        out.changes
            .push(ctx.change(EntityKind::OidcProvider, name, action));
    }
    for name in all_names(&ctx.desired.saml_providers, &ctx.actual.saml_providers) {
        let ownership = triage(ctx, out, EntityKind::SamlProvider, name);
        let desired = ctx.desired.saml_providers.get(name);
        let actual = ctx.actual.saml_providers.get(name);
        let action = match (ownership, desired, actual) {
            (Some(Ownership::Managed), Some(d), None) => Action::Create {
                entity: Box::new(Entity::SamlProvider(d.clone())),
            },
            (Some(Ownership::Managed), Some(d), Some(a)) => match saml_fields(d, a) {
                fields if fields.is_empty() => continue,
                fields => Action::Update { fields },
            },
            (Some(Ownership::Prunable), None, Some(a)) => Action::Delete {
                entity: Box::new(Entity::SamlProvider(a.clone())),
            },
            _ => continue,
        };
        out.changes
            .push(ctx.change(EntityKind::SamlProvider, name, action));
    }
}

fn upper(set: &BTreeSet<String>) -> BTreeSet<String> {
    set.iter().map(|t| t.to_ascii_uppercase()).collect()
}

fn oidc_fields(d: &OidcProvider, a: &OidcProvider) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    if d.client_ids != a.client_ids {
        fields.push(FieldChange::ClientIds {
            before: a.client_ids.clone(),
            after: d.client_ids.clone(),
        });
    }
    let (want, have) = (upper(&d.thumbprints), upper(&a.thumbprints));
    if !want.is_empty() && want != have {
        fields.push(FieldChange::Thumbprints {
            before: have,
            after: want,
        });
    }
    fields.extend(tags_field(&d.tags, &a.tags));
    fields
}

/// The document as compared: no surrounding whitespace, `\n` line ends.
pub(crate) fn metadata_key(document: &str) -> String {
    document.trim().replace("\r\n", "\n")
}

fn saml_fields(d: &SamlProvider, a: &SamlProvider) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    if let Some(want) = &d.metadata
        && a.metadata.as_deref().map(metadata_key) != Some(metadata_key(want))
    {
        fields.push(FieldChange::SamlMetadata {
            before: a.metadata.clone(),
            after: want.clone(),
        });
    }
    fields.extend(tags_field(&d.tags, &a.tags));
    fields
}
