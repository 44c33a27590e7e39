//! Policy documents of a manifest: written inline, or read from a JSON or YAML file
//! relative to the manifest ([`super::policy_files`]); checked for shape and IAM's size
//! limits.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{DocumentLocations, PolicyDocument};

use super::document::{DocumentSource, InlinePoliciesSpec};
use super::located::Located;
use super::name_rules::check_name;
use super::policy_check::{check_size, check_structure, policy_size};

/// The document (read from its file by [`super::policy_files`] when it names one), checked
/// for shape. The span returned is where problems with the document should point. `None`
/// when it is malformed, or when its file could not be read (already reported).
pub fn load_document(
    source: &Located<DocumentSource>,
    sink: &mut Vec<Diagnostic>,
) -> Option<(Value, Span)> {
    let (value, at) = match &source.value {
        DocumentSource::Inline(v, _) => (v.clone(), source.span.clone()),
        DocumentSource::File(file, loaded) => (loaded.as_ref()?.value.clone(), file.span.clone()),
    };
    let problems = check_structure(&value, &at);
    if !problems.is_empty() {
        sink.extend(problems);
        return None;
    }
    Some((value, at))
}

/// Where the nodes of a document are written: in the manifest for an inline document,
/// in its own file otherwise. `None` when its file could not be read.
pub fn locate_document(source: &Located<DocumentSource>) -> Option<DocumentLocations> {
    match &source.value {
        DocumentSource::Inline(_, locations) => Some(locations.clone()),
        DocumentSource::File(_, loaded) => loaded.as_ref().map(|d| d.locations.clone()),
    }
}

/// Inline policies of one entity, checked for names, shape and the entity's size limit.
pub fn inline_policies(
    spec: Option<&InlinePoliciesSpec>,
    limit: usize,
    owner: &Located<String>,
    owner_noun: &str,
    sink: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PolicyDocument> {
    let mut out = BTreeMap::new();
    let mut total = 0;
    for (name, source) in spec.iter().flat_map(|s| s.iter()) {
        if let Some(d) = check_name(name, "inline policy", 128) {
            sink.push(d);
        }
        if let Some((value, _)) = load_document(&source.value.document, sink) {
            total += policy_size(&value);
            out.insert(name.value.clone(), PolicyDocument(value));
        }
    }
    let help =
        "IAM limits the total size of an entity's inline policies; move some into managed policies";
    let what = format!("inline policies of {owner_noun} `{}`", owner.value);
    sink.extend(check_size(total, limit, &owner.span, &what, help));
    out
}
