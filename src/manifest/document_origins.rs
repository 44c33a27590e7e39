//! Where every policy document an account's manifests write is, node by node, so lint
//! findings can point at the statement. Documents iamform generates (the `trust:`
//! shorthand, `require_mfa`, links) are not written by the user and have no entry.

use std::collections::BTreeMap;

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
    let mut add =
        |kind: EntityKind, name: &str, slot: DocumentSlot, source: &Located<DocumentSource>| {
            if let Some(locations) = locate_document(source) {
                out.insert(
                    DocumentRef::new(EntityRef::new(kind, name), slot),
                    locations,
                );
            }
        };
    for (name, d) in &account.policies {
        if let Some(Checked::Valid(source)) = &d.spec.document {
            add(EntityKind::Policy, name, DocumentSlot::Managed, source);
        }
    }
    let mut add_inline = |kind: EntityKind, name: &str, spec: Option<&InlinePoliciesSpec>| {
        for (policy, source) in spec.iter().flat_map(|s| s.iter()) {
            add(
                kind,
                name,
                DocumentSlot::Inline(policy.value.clone()),
                &source.value.document,
            );
        }
    };
    for (name, d) in &account.users {
        add_inline(EntityKind::User, name, d.spec.inline_policies.as_ref());
    }
    for (name, d) in &account.groups {
        add_inline(EntityKind::Group, name, d.spec.inline_policies.as_ref());
    }
    for (name, d) in &account.roles {
        add_inline(EntityKind::Role, name, d.spec.inline_policies.as_ref());
    }
    for (name, d) in &account.roles {
        // With `trust:` as well, the role is rejected; its trust is never the raw one.
        if let (None, Some(Checked::Valid(source))) = (&d.spec.trust, &d.spec.assume_role_policy) {
            add(EntityKind::Role, name, DocumentSlot::Trust, source);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::manifest::test_project::check_files;
    use crate::model::{DocumentRef, DocumentSlot, EntityKind, EntityRef};
    use crate::policy::JsonPath;

    const CONFIG: &str = "accounts: {prod: {id: \"111111111111\"}}\n";

    const ENTITIES: &str = "\
groups:
  admins:
    require_mfa: true
    inline_policies:
      read:
        Statement:
          - {Effect: Allow, Action: s3:GetObject, Resource: \"*\"}
roles:
  raw:
    assume_role_policy:
      Statement:
        Effect: Allow
        Principal: {Service: ec2.amazonaws.com}
        Action: sts:AssumeRole
  short:
    trust: [{service: ec2.amazonaws.com}]
policies:
  from-file:
    document: {file: p.json}
";

    fn doc(kind: EntityKind, name: &str, slot: DocumentSlot) -> DocumentRef {
        DocumentRef::new(EntityRef::new(kind, name), slot)
    }

    #[test]
    fn written_documents_are_located_and_generated_ones_are_not() {
        let report = check_files(&[
            ("iamform.yaml", CONFIG),
            ("e.yaml", ENTITIES),
            (
                "p.json",
                "{\"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}\n",
            ),
        ]);
        let state = report.state.expect("valid project");
        let located = &state.accounts["prod"].document_locations;
        let keys: Vec<_> = located.keys().cloned().collect();
        assert_eq!(
            keys,
            [
                doc(EntityKind::Policy, "from-file", DocumentSlot::Managed),
                doc(
                    EntityKind::Group,
                    "admins",
                    DocumentSlot::Inline("read".into())
                ),
                doc(EntityKind::Role, "raw", DocumentSlot::Trust),
            ]
        );
        let s0 = JsonPath::root().key("Statement").index(0);
        let action = |d: &DocumentRef| {
            let span = located[d].locate(&s0.key("Action")).unwrap();
            (
                span.file
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                span.line,
                span.column,
            )
        };
        assert_eq!(
            action(&keys[0]),
            ("p.json".to_string(), 2, 33),
            "in the JSON file"
        );
        assert_eq!(action(&keys[1]), ("e.yaml".to_string(), 7, 37));
        // A single statement object answers for `Statement[0]`, as links may list it.
        assert_eq!(action(&keys[2]), ("e.yaml".to_string(), 14, 17));
    }
}
