//! Policy documents of a manifest: written inline, or read from a JSON or YAML file
//! relative to the manifest; checked for shape and IAM's size limits.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{DocumentLocations, PolicyDocument};

use super::decode::Decode;
use super::document::{DocumentSource, InlinePoliciesSpec};
use super::located::Located;
use super::name_rules::check_name;
use super::node_locations::{json_locations, yaml_locations};
use super::policy_check::{check_size, check_structure, policy_size};
use super::source_files::resolve_reference;
use super::yaml_node;

/// Reads a document (from its file when it names one) and checks its shape. The span
/// returned is where problems with the document should point.
pub fn load_document(
    source: &Located<DocumentSource>,
    manifest: &Path,
    sink: &mut Vec<Diagnostic>,
) -> Option<(Value, Span)> {
    let (value, at) = match &source.value {
        DocumentSource::Inline(v, _) => (v.clone(), source.span.clone()),
        DocumentSource::File(file) => {
            (read_document_file(manifest, file, sink)?, file.span.clone())
        }
    };
    let problems = check_structure(&value, &at);
    if !problems.is_empty() {
        sink.extend(problems);
        return None;
    }
    Some((value, at))
}

/// Where the nodes of a document are written: in the manifest for an inline document,
/// in its own file otherwise. `None` when the file cannot be read or parsed (which
/// [`load_document`] reports).
pub fn locate_document(
    source: &Located<DocumentSource>,
    manifest: &Path,
) -> Option<DocumentLocations> {
    let file = match &source.value {
        DocumentSource::Inline(_, locations) => return Some(locations.clone()),
        DocumentSource::File(file) => file,
    };
    let path = Arc::new(resolve_reference(manifest, file));
    let text = std::fs::read_to_string(path.as_ref()).ok()?;
    if path.extension().is_some_and(|e| e == "json") {
        let value: Value = serde_json::from_str(&text).ok()?;
        return Some(json_locations(&path, &text, &value));
    }
    let node = yaml_node::parse(&path, &text).ok()??;
    Some(yaml_locations(&node))
}

fn read_document_file(
    manifest: &Path,
    file: &Located<String>,
    sink: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let path = Arc::new(resolve_reference(manifest, file));
    let text = match std::fs::read_to_string(path.as_ref()) {
        Ok(t) => t,
        Err(e) => {
            sink.push(
                Diagnostic::error(
                    Some(file.span.clone()),
                    format!("cannot read policy file `{}`: {e}", path.display()),
                )
                .with_help("paths are relative to the manifest that names them"),
            );
            return None;
        }
    };
    if path.extension().is_some_and(|e| e == "json") {
        return match serde_json::from_str(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                let at = Span::new(
                    path.clone(),
                    e.line().max(1) as u32,
                    e.column().max(1) as u32,
                    1,
                );
                // The location is shown separately; drop serde_json's " at line N column M".
                let full = e.to_string();
                let message = full
                    .rsplit_once(" at line ")
                    .map_or(full.as_str(), |(m, _)| m);
                sink.push(
                    Diagnostic::error(Some(at), format!("invalid JSON: {message}"))
                        .with_help("fix the JSON syntax of the policy file"),
                );
                None
            }
        };
    }
    match yaml_node::parse(&path, &text) {
        Ok(Some(node)) => Value::decode(&node, sink),
        Ok(None) => {
            sink.push(
                Diagnostic::error(
                    Some(file.span.clone()),
                    format!("policy file `{}` is empty", path.display()),
                )
                .with_help("write the policy document in the file"),
            );
            None
        }
        Err(d) => {
            sink.push(d);
            None
        }
    }
}

/// Inline policies of one entity, checked for names, shape and the entity's size limit.
pub fn inline_policies(
    spec: Option<&InlinePoliciesSpec>,
    manifest: &Path,
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
        if let Some((value, _)) = load_document(source, manifest, sink) {
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
