//! The attributes an entity is created with, as labelled lines, and how two versions of
//! an entity differ (for replacements).

use crate::model::{DEFAULT_MAX_SESSION_DURATION, Entity, PolicyDocument, Tags};

use super::detail::Detail;
use super::document_diff::{added_document, document_diff};
use super::marker::Marker;
use super::tag_changes::{tag_changes, tag_list};

/// The attributes IAM takes at creation, in display order. Attachments, inline policies
/// and memberships are changes of their own and are not repeated here.
struct Attributes<'a> {
    scalars: Vec<(&'static str, String)>,
    tags: Option<&'a Tags>,
    document: Option<(&'static str, &'a PolicyDocument)>,
}

fn attributes(entity: &Entity) -> Attributes<'_> {
    let mut scalars = Vec::new();
    let path = entity.path();
    if path != "/" {
        scalars.push(("path", path.to_string()));
    }
    let (description, session, boundary, tags, document) = match entity {
        Entity::User(u) => (
            None,
            None,
            u.permissions_boundary.as_ref(),
            Some(&u.tags),
            None,
        ),
        Entity::Group(_) => (None, None, None, None, None),
        Entity::Role(r) => (
            r.description.as_ref(),
            Some(r.max_session_duration),
            r.permissions_boundary.as_ref(),
            Some(&r.tags),
            Some(("trust policy", &r.trust_policy)),
        ),
        Entity::Policy(p) => (
            p.description.as_ref(),
            None,
            None,
            Some(&p.tags),
            Some(("document", &p.document)),
        ),
        Entity::InstanceProfile(ip) => (None, None, None, Some(&ip.tags), None),
        Entity::OidcProvider(p) => {
            let list = |set: &std::collections::BTreeSet<String>| {
                set.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            if !p.client_ids.is_empty() {
                scalars.push(("client ids", list(&p.client_ids)));
            }
            if !p.thumbprints.is_empty() {
                scalars.push(("thumbprints", list(&p.thumbprints)));
            }
            (None, None, None, Some(&p.tags), None)
        }
        Entity::SamlProvider(p) => {
            if let Some(metadata) = &p.metadata {
                let size = metadata.chars().count();
                scalars.push(("SAML metadata", format!("{size} characters")));
            }
            (None, None, None, Some(&p.tags), None)
        }
    };
    if let Some(description) = description {
        scalars.push(("description", description.clone()));
    }
    if let Some(seconds) = session.filter(|s| *s != DEFAULT_MAX_SESSION_DURATION) {
        scalars.push(("max session duration", format!("{seconds}s")));
    }
    if let Some(boundary) = boundary {
        scalars.push(("permissions boundary", boundary.clone()));
    }
    Attributes {
        scalars,
        tags: tags.filter(|t| !t.is_empty()),
        document,
    }
}

/// What a new entity is created with: one `+` line per set attribute, its document
/// in full.
pub(crate) fn created_details(entity: &Entity) -> Vec<Detail> {
    let attrs = attributes(entity);
    let mut details: Vec<Detail> = attrs
        .scalars
        .into_iter()
        .map(|(label, value)| Detail::line(Marker::Add, format!("{label}: {value}")))
        .collect();
    if let Some(tags) = attrs.tags {
        details.push(Detail::line(
            Marker::Add,
            format!("tags: {}", tag_list(tags)),
        ));
    }
    if let Some((label, document)) = attrs.document {
        details.push(Detail::with_document(
            Marker::Add,
            label,
            added_document(&document.0),
        ));
    }
    details
}

/// How the re-created entity differs from the deleted one, attribute by attribute.
pub(crate) fn replaced_details(before: &Entity, after: &Entity) -> Vec<Detail> {
    let old = attributes(before);
    let new = attributes(after);
    let mut details = Vec::new();
    let mut labels: Vec<&'static str> = old.scalars.iter().map(|(l, _)| *l).collect();
    for (label, _) in &new.scalars {
        if !labels.contains(label) {
            labels.push(label);
        }
    }
    let find = |scalars: &[(&'static str, String)], label: &str| {
        scalars
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| v.clone())
    };
    for label in labels {
        match (find(&old.scalars, label), find(&new.scalars, label)) {
            (Some(a), Some(b)) if a != b => {
                details.push(Detail::line(Marker::Change, format!("{label}: {a} -> {b}")));
            }
            (Some(a), None) => details.push(Detail::line(Marker::Destroy, format!("{label}: {a}"))),
            (None, Some(b)) => details.push(Detail::line(Marker::Add, format!("{label}: {b}"))),
            _ => {}
        }
    }
    let empty = Tags::new();
    let tags = tag_changes(old.tags.unwrap_or(&empty), new.tags.unwrap_or(&empty));
    if !tags.is_empty() {
        details.push(Detail::line(Marker::Change, format!("tags: {tags}")));
    }
    if let (Some((label, a)), Some((_, b))) = (old.document, new.document) {
        let diff = document_diff(&a.0, &b.0);
        if !diff.is_empty() {
            details.push(Detail::with_document(Marker::Change, label, diff));
        }
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, ManagedPolicy};
    use serde_json::json;

    fn policy(path: &str, description: Option<&str>, action: &str) -> Entity {
        Entity::Policy(ManagedPolicy {
            name: "deploy".into(),
            path: path.into(),
            description: description.map(str::to_string),
            document: PolicyDocument(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}),
            ),
            tags: Tags::new(),
            versions: vec![],
            meta: Default::default(),
        })
    }

    fn texts(details: &[Detail]) -> Vec<String> {
        details
            .iter()
            .map(|d| format!("{} {}", d.marker.symbol(), d.text))
            .collect()
    }

    #[test]
    fn a_bare_group_at_the_root_has_nothing_to_list() {
        let group = Entity::Group(Group {
            name: "admins".into(),
            path: "/".into(),
            managed_policies: Default::default(),
            inline_policies: Default::default(),
            meta: Default::default(),
        });
        assert!(created_details(&group).is_empty());
    }

    #[test]
    fn replacement_lists_only_what_differs() {
        let before = policy("/a/", Some("old"), "s3:GetObject");
        let after = policy("/b/", Some("old"), "s3:PutObject");
        let details = replaced_details(&before, &after);
        assert_eq!(
            texts(&details),
            vec!["~ path: /a/ -> /b/".to_string(), "~ document".to_string()]
        );
        assert!(!details[1].document.is_empty());
    }
}
