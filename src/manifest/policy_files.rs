//! `{file: PATH}` policy documents. Manifests come from pull requests, so a reference is
//! resolved relative to the manifest that names it and must stay inside the project root
//! (the directory of `iamform.yaml`) after symlinks are resolved; only regular files are
//! read, through a size cap, each file once. Errors point at the reference and never show
//! the content of a file that was refused.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Span};
use crate::input_file::{
    self, InputFileError, POLICY_LIMIT, SAML_METADATA_LIMIT, human_size, io_reason,
};

use super::decode::Decode;
use super::document::{DocumentSource, FileDocument, InlinePoliciesSpec, ManifestFile};
use super::located::{Checked, Located};
use super::node_locations::{json_locations, yaml_locations};
use super::{json_node, yaml_node};

/// All policy files of a project together may hold at most this much text. Many
/// references to one large file would otherwise multiply it in memory.
pub const TOTAL_LIMIT: u64 = 64 << 20;

const RELATIVE_HELP: &str =
    "write a path relative to this manifest that stays inside the directory of iamform.yaml";

/// A reference resolved to a file inside the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFile {
    /// The file as messages show it: the manifest's directory joined with the reference.
    pub shown: PathBuf,
    /// The file with symlinks resolved: what is read, and what identifies it.
    pub canonical: PathBuf,
}

/// Reads the policy files a project's manifests reference.
#[derive(Debug)]
pub struct PolicyFiles {
    /// The manifest directory as the user gave it (manifest paths start with it).
    dir: PathBuf,
    /// The same directory with symlinks resolved.
    root: PathBuf,
    /// Documents read so far by canonical path; `None` when the file was refused.
    read: BTreeMap<PathBuf, Option<Arc<FileDocument>>>,
    /// Bytes still allowed under [`TOTAL_LIMIT`].
    budget: u64,
}

impl PolicyFiles {
    /// Policy files of the project in `dir`, whose canonical form is `root`.
    pub fn new(dir: &Path, root: PathBuf) -> PolicyFiles {
        PolicyFiles {
            dir: dir.to_path_buf(),
            root,
            read: BTreeMap::new(),
            budget: TOTAL_LIMIT,
        }
    }

    /// Where the reference `file`, written in `manifest`, points; or why it may not be read.
    pub fn resolve(
        &self,
        manifest: &Path,
        file: &Located<String>,
    ) -> Result<ResolvedFile, Diagnostic> {
        let written = Path::new(&file.value);
        let refuse = |message: String| {
            Diagnostic::error(Some(file.span.clone()), message).with_help(RELATIVE_HELP)
        };
        if file.value.is_empty() {
            return Err(refuse("the policy file path is empty".to_string()));
        }
        if written.has_root() {
            return Err(refuse(format!(
                "policy file `{}` is an absolute path",
                file.value
            )));
        }
        let manifest_dir = manifest.parent().unwrap_or(Path::new(""));
        // Checked on the text first, so a path outside the project is never even looked at.
        let in_project = manifest_dir
            .strip_prefix(&self.dir)
            .unwrap_or(manifest_dir)
            .join(written);
        if escapes(&in_project) {
            return Err(refuse(format!(
                "policy file `{}` is outside the project",
                file.value
            )));
        }
        let shown = join_shown(manifest_dir, written);
        let canonical = std::fs::canonicalize(&shown).map_err(|e| {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "does not exist".to_string(),
                _ => format!("cannot be read ({})", io_reason(&e)),
            };
            Diagnostic::error(
                Some(file.span.clone()),
                format!("policy file `{}` {reason}", shown.display()),
            )
            .with_help("paths are relative to the manifest that names them")
        })?;
        if !canonical.starts_with(&self.root) {
            return Err(refuse(format!(
                "policy file `{}` is a symbolic link to a file outside the project",
                file.value
            )));
        }
        Ok(ResolvedFile { shown, canonical })
    }

    /// The document the reference `file` in `manifest` names, read on its first use.
    /// Problems go to `sink`, once per file.
    pub fn load(
        &mut self,
        manifest: &Path,
        file: &Located<String>,
        sink: &mut Vec<Diagnostic>,
    ) -> Option<Arc<FileDocument>> {
        let resolved = match self.resolve(manifest, file) {
            Ok(r) => r,
            Err(d) => {
                sink.push(d);
                return None;
            }
        };
        let document = match self.read.get(&resolved.canonical) {
            Some(known) => known.clone(),
            None => {
                let document = read_document(&resolved, &file.span, sink).map(Arc::new);
                self.read
                    .insert(resolved.canonical.clone(), document.clone());
                document
            }
        }?;
        let size = document.size;
        if size > self.budget {
            sink.push(
                Diagnostic::error(
                    Some(file.span.clone()),
                    format!(
                        "the policy files named by the manifests exceed {} in total",
                        human_size(TOTAL_LIMIT)
                    ),
                )
                .with_help("IAM policies are a few KB each; reference fewer or smaller files"),
            );
            return None;
        }
        self.budget -= size;
        Some(document)
    }

    /// Reads every `{file: …}` document `doc` (the manifest at `manifest`) references,
    /// and the SAML metadata files its providers name.
    pub fn attach(&mut self, manifest: &Path, doc: &mut ManifestFile, sink: &mut Vec<Diagnostic>) {
        for source in document_sources(doc) {
            if let DocumentSource::File(file, loaded) = source {
                *loaded = self.load(manifest, file, sink);
            }
        }
        let metadata = doc
            .saml_providers
            .iter_mut()
            .flat_map(|m| m.iter_mut())
            .filter_map(|(_, spec)| spec.metadata_file.as_mut());
        for file in metadata {
            file.text = self.load_text(manifest, &file.path, sink);
        }
    }

    /// The text of the file `file` in `manifest` names (SAML metadata), under the same
    /// rules as policy files: inside the project, a regular UTF-8 file, size-capped.
    fn load_text(
        &mut self,
        manifest: &Path,
        file: &Located<String>,
        sink: &mut Vec<Diagnostic>,
    ) -> Option<Arc<str>> {
        let resolved = match self.resolve(manifest, file) {
            Ok(r) => r,
            Err(mut d) => {
                d.message = d.message.replacen("policy file", "metadata file", 1);
                sink.push(d);
                return None;
            }
        };
        let shown = resolved.shown.display();
        let text = match input_file::read_text(&resolved.canonical, SAML_METADATA_LIMIT) {
            Ok(t) => t,
            Err(e) => {
                let message = match e {
                    InputFileError::NotRegular { kind, .. } => {
                        format!("metadata file `{shown}` is {kind}, not a regular file")
                    }
                    InputFileError::TooLarge { limit, .. } => {
                        format!("metadata file `{shown}` is larger than {limit}, IAM's limit")
                    }
                    InputFileError::NotText { .. } => {
                        format!("metadata file `{shown}` is not UTF-8 text")
                    }
                    InputFileError::Io { reason, .. } => {
                        format!("cannot read metadata file `{shown}`: {reason}")
                    }
                };
                sink.push(
                    Diagnostic::error(Some(file.span.clone()), message)
                        .with_help("name the IdP's SAML metadata XML, saved inside the project"),
                );
                return None;
            }
        };
        let size = text.len() as u64;
        if size > self.budget {
            sink.push(
                Diagnostic::error(
                    Some(file.span.clone()),
                    format!(
                        "the files named by the manifests exceed {} in total",
                        human_size(TOTAL_LIMIT)
                    ),
                )
                .with_help("reference fewer or smaller files"),
            );
            return None;
        }
        self.budget -= size;
        Some(Arc::from(text))
    }
}

/// Every document a manifest writes or references, mutable.
fn document_sources(doc: &mut ManifestFile) -> Vec<&mut DocumentSource> {
    fn inline(spec: &mut Option<InlinePoliciesSpec>) -> impl Iterator<Item = &mut DocumentSource> {
        spec.iter_mut()
            .flat_map(|s| s.iter_mut().map(|(_, d)| &mut d.value.document.value))
    }
    fn checked(
        source: &mut Option<Checked<Located<DocumentSource>>>,
    ) -> Option<&mut DocumentSource> {
        match source {
            Some(Checked::Valid(d)) => Some(&mut d.value),
            _ => None,
        }
    }
    let mut out = Vec::new();
    for (_, u) in doc.users.iter_mut().flat_map(|m| m.iter_mut()) {
        out.extend(inline(&mut u.inline_policies));
    }
    for (_, g) in doc.groups.iter_mut().flat_map(|m| m.iter_mut()) {
        out.extend(inline(&mut g.inline_policies));
    }
    for (_, r) in doc.roles.iter_mut().flat_map(|m| m.iter_mut()) {
        out.extend(inline(&mut r.inline_policies));
        out.extend(checked(&mut r.assume_role_policy));
    }
    for (_, p) in doc.policies.iter_mut().flat_map(|m| m.iter_mut()) {
        out.extend(checked(&mut p.document));
    }
    let sets = doc.identity_center.iter_mut();
    for set in sets.flat_map(|ic| ic.value.permission_sets.iter_mut()) {
        for (_, s) in set.iter_mut() {
            out.extend(checked(&mut s.inline_policy));
        }
    }
    out
}

/// The `{file: …}` references of a manifest, as written.
pub fn file_references(doc: &mut ManifestFile) -> Vec<Located<String>> {
    document_sources(doc)
        .into_iter()
        .filter_map(|s| match s {
            DocumentSource::File(f, _) => Some(f.clone()),
            DocumentSource::Inline(..) => None,
        })
        .collect()
}

/// Reads and parses a resolved policy file; problems at `reference` (reading) or in the
/// file (syntax, shape).
fn read_document(
    file: &ResolvedFile,
    reference: &Span,
    sink: &mut Vec<Diagnostic>,
) -> Option<FileDocument> {
    let shown = file.shown.display();
    let text = match input_file::read_text(&file.canonical, POLICY_LIMIT) {
        Ok(t) => t,
        Err(e) => {
            let (message, help) = match e {
                InputFileError::NotRegular { kind, .. } => (
                    format!("policy file `{shown}` is {kind}, not a regular file"),
                    "name a JSON or YAML file".to_string(),
                ),
                InputFileError::TooLarge { limit, .. } => (
                    format!("policy file `{shown}` is larger than {limit}"),
                    "IAM policies are at most a few KB; split the document".to_string(),
                ),
                InputFileError::NotText { .. } => (
                    format!("policy file `{shown}` is not UTF-8 text"),
                    "save the policy as UTF-8 JSON or YAML".to_string(),
                ),
                InputFileError::Io { reason, .. } => (
                    format!("cannot read policy file `{shown}`: {reason}"),
                    "paths are relative to the manifest that names them".to_string(),
                ),
            };
            sink.push(Diagnostic::error(Some(reference.clone()), message).with_help(help));
            return None;
        }
    };
    let path = Arc::new(file.shown.clone());
    let is_json = file.shown.extension().is_some_and(|e| e == "json");
    let node = if is_json {
        json_node::parse(&path, &text).map(Some)
    } else {
        yaml_node::parse(&path, &text)
    };
    let node = match node {
        Ok(Some(node)) => node,
        Ok(None) => {
            sink.push(
                Diagnostic::error(
                    Some(reference.clone()),
                    format!("policy file `{shown}` is empty"),
                )
                .with_help("write the policy document in the file"),
            );
            return None;
        }
        Err(d) => {
            sink.push(d);
            return None;
        }
    };
    let value = Value::decode(&node, sink)?;
    let locations = if is_json {
        json_locations(&node)
    } else {
        yaml_locations(&node)
    };
    Some(FileDocument {
        value,
        locations,
        size: text.len() as u64,
    })
}

/// `dir/rel`, without a leading `./` when `dir` is the current directory.
fn join_shown(dir: &Path, rel: &Path) -> PathBuf {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        dir.join(rel)
    }
}

/// True when `path`, relative to the project root, climbs out of it with `..`.
fn escapes(path: &Path) -> bool {
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return true,
        }
    }
    false
}

#[cfg(test)]
#[path = "policy_files_tests.rs"]
mod tests;
