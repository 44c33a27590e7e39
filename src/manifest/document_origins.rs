//! Where every policy document an account's manifests write is, node by node, so lint
//! findings can point at the statement. Documents iamform generates (the `trust:`
//! shorthand, `require_mfa`, links) are not written by the user and have no entry.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::{DocumentLocations, DocumentRef, DocumentSlot, EntityKind, EntityRef};

use super::document::{DocumentSource, InlinePoliciesSpec};
use super::documents::locate_document;
use super::entity_index::AccountManifest;
use super::located::{Checked, Located};

/// The locations of every written document of `account`, by entity and document.
pub fn document_locations(
    account: &AccountManifest<'_>,
) -> BTreeMap<DocumentRef, DocumentLocations> {
    let mut out = BTreeMap::new();
    let mut add = |kind: EntityKind,
                   name: &str,
                   slot: DocumentSlot,
                   source: &Located<DocumentSource>,
                   manifest: &Path| {
        if let Some(locations) = locate_document(source, manifest) {
            out.insert(
                DocumentRef::new(EntityRef::new(kind, name), slot),
                locations,
            );
        }
    };
    for (name, d) in &account.policies {
        if let Some(Checked::Valid(source)) = &d.spec.document {
            add(
                EntityKind::Policy,
                name,
                DocumentSlot::Managed,
                source,
                &d.source.path,
            );
        }
    }
    let mut add_inline =
        |kind: EntityKind, name: &str, spec: Option<&InlinePoliciesSpec>, manifest: &Path| {
            for (policy, source) in spec.iter().flat_map(|s| s.iter()) {
                add(
                    kind,
                    name,
                    DocumentSlot::Inline(policy.value.clone()),
                    source,
                    manifest,
                );
            }
        };
    for (name, d) in &account.users {
        add_inline(
            EntityKind::User,
            name,
            d.spec.inline_policies.as_ref(),
            &d.source.path,
        );
    }
    for (name, d) in &account.groups {
        add_inline(
            EntityKind::Group,
            name,
            d.spec.inline_policies.as_ref(),
            &d.source.path,
        );
    }
    for (name, d) in &account.roles {
        add_inline(
            EntityKind::Role,
            name,
            d.spec.inline_policies.as_ref(),
            &d.source.path,
        );
    }
    for (name, d) in &account.roles {
        // With `trust:` as well, the role is rejected; its trust is never the raw one.
        if let (None, Some(Checked::Valid(source))) = (&d.spec.trust, &d.spec.assume_role_policy) {
            add(
                EntityKind::Role,
                name,
                DocumentSlot::Trust,
                source,
                &d.source.path,
            );
        }
    }
    out
}
