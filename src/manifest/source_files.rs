//! Finding and decoding the manifest files of a directory.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span};

use super::decode::Decode;
use super::document::{DocumentSource, ManifestFile};
use super::located::{Checked, Located};
use super::yaml_node;

/// Name of the project configuration file at the top of the manifest directory.
pub const CONFIG_FILE: &str = "iamform.yaml";

/// One decoded manifest file.
#[derive(Debug, Clone)]
pub struct ManifestSource {
    /// The file, as the user would write it (the directory they gave, joined with the name).
    pub path: Arc<PathBuf>,
    /// True for `iamform.yaml`.
    pub is_config: bool,
    /// Its contents.
    pub doc: ManifestFile,
}

/// Reads every `*.yaml`/`*.yml` under `dir` (hidden entries skipped), reporting problems
/// into `sink`. Files named by a `{file: …}` policy reference are documents, not manifests.
/// `None` when the directory or its `iamform.yaml` is missing (one error says so).
pub fn read_manifests(dir: &Path, sink: &mut Vec<Diagnostic>) -> Option<Vec<ManifestSource>> {
    if !dir.is_dir() {
        sink.push(
            Diagnostic::error(None, format!("`{}` is not a directory", dir.display())).with_help(
                "pass the directory holding iamform.yaml (`iamform validate DIR` or `-C DIR`)",
            ),
        );
        return None;
    }
    let config_path = display_path(dir, Path::new(CONFIG_FILE));
    if !config_path.is_file() {
        sink.push(
            Diagnostic::error(None, format!("no {CONFIG_FILE} in `{}`", dir.display())).with_help(
                "create iamform.yaml declaring `accounts: {NAME: {id: \"123456789012\"}}`",
            ),
        );
        return None;
    }
    let mut files = Vec::new();
    collect_yaml_files(dir, Path::new(""), &mut files, sink);
    files.sort();

    let mut decoded = Vec::new();
    for rel in files {
        let path = Arc::new(display_path(dir, &rel));
        let mut own = Vec::new();
        let doc = decode_file(&path, &mut own);
        decoded.push((path, doc, own));
    }
    let documents: BTreeSet<PathBuf> = decoded
        .iter()
        .flat_map(|(path, doc, _)| referenced_files(path, doc))
        .collect();
    let mut out = Vec::new();
    for (path, doc, own) in decoded {
        if documents.contains(&normalize(&path)) {
            continue;
        }
        sink.extend(own);
        let is_config = normalize(&path) == normalize(&config_path);
        out.push(ManifestSource {
            path,
            is_config,
            doc: doc.unwrap_or_default(),
        });
    }
    Some(out)
}

/// `dir/rel`, without a leading `./` when `dir` is the current directory.
fn display_path(dir: &Path, rel: &Path) -> PathBuf {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        dir.join(rel)
    }
}

fn collect_yaml_files(root: &Path, rel: &Path, out: &mut Vec<PathBuf>, sink: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(root.join(rel)) {
        Ok(entries) => entries,
        Err(e) => {
            sink.push(Diagnostic::error(
                None,
                format!("cannot read directory `{}`: {e}", root.join(rel).display()),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let child = rel.join(name);
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_yaml_files(root, &child, out, sink);
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(child);
        }
    }
}

fn decode_file(path: &Arc<PathBuf>, sink: &mut Vec<Diagnostic>) -> Option<ManifestFile> {
    let text = match std::fs::read_to_string(path.as_ref()) {
        Ok(text) => text,
        Err(e) => {
            sink.push(Diagnostic::error(
                Some(Span::file_only(path.clone())),
                format!("cannot read file: {e}"),
            ));
            return None;
        }
    };
    match yaml_node::parse(path, &text) {
        Ok(Some(node)) => ManifestFile::decode(&node, sink),
        Ok(None) => Some(ManifestFile::default()),
        Err(d) => {
            sink.push(d);
            None
        }
    }
}

/// Where a `{file: …}` reference written in `manifest` points.
pub fn resolve_reference(manifest: &Path, file: &Located<String>) -> PathBuf {
    let base = manifest.parent().unwrap_or(Path::new(""));
    display_path(base, Path::new(&file.value))
}

fn inline(e: &Option<super::document::InlinePoliciesSpec>) -> Vec<&DocumentSource> {
    e.iter()
        .flat_map(|e| e.iter().map(|(_, d)| &d.value))
        .collect()
}

fn referenced_files(path: &Path, doc: &Option<ManifestFile>) -> Vec<PathBuf> {
    let Some(doc) = doc else { return Vec::new() };
    let mut sources: Vec<&DocumentSource> = Vec::new();
    for (_, u) in doc.users.iter().flat_map(|m| m.iter()) {
        sources.extend(inline(&u.inline_policies));
    }
    for (_, g) in doc.groups.iter().flat_map(|m| m.iter()) {
        sources.extend(inline(&g.inline_policies));
    }
    for (_, r) in doc.roles.iter().flat_map(|m| m.iter()) {
        sources.extend(inline(&r.inline_policies));
        sources.extend(
            r.assume_role_policy
                .iter()
                .filter_map(Checked::valid)
                .map(|d| &d.value),
        );
    }
    for (_, p) in doc.policies.iter().flat_map(|m| m.iter()) {
        sources.extend(
            p.document
                .iter()
                .filter_map(Checked::valid)
                .map(|d| &d.value),
        );
    }
    sources
        .into_iter()
        .filter_map(|s| match s {
            DocumentSource::File(f) => Some(normalize(&resolve_reference(path, f))),
            DocumentSource::Inline(..) => None,
        })
        .collect()
}

/// Removes `.` and resolves `..` lexically, so two spellings of one file compare equal.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(
            normalize(Path::new("./a/./b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(
            display_path(Path::new("."), Path::new("x.yaml")),
            PathBuf::from("x.yaml")
        );
        assert_eq!(
            display_path(Path::new("d"), Path::new("x.yaml")),
            PathBuf::from("d/x.yaml")
        );
    }

    #[test]
    fn finds_yaml_recursively_skipping_hidden_and_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(CONFIG_FILE),
            "accounts: {a: {id: \"123456789012\"}}\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("team/policies")).unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        std::fs::write(root.join(".hidden/x.yaml"), "bad: [").unwrap();
        std::fs::write(
            root.join("team/roles.yml"),
            "policies:\n  p:\n    document: {file: policies/p.yaml}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("team/policies/p.yaml"),
            "Version: \"2012-10-17\"\nStatement: []\n",
        )
        .unwrap();
        let mut sink = Vec::new();
        let files = read_manifests(root, &mut sink).unwrap();
        assert!(sink.is_empty(), "{sink:?}");
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [PathBuf::from(CONFIG_FILE), PathBuf::from("team/roles.yml")]
        );
        assert!(files[0].is_config && !files[1].is_config);
    }

    #[test]
    fn missing_config_is_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = Vec::new();
        assert!(read_manifests(dir.path(), &mut sink).is_none());
        assert_eq!(sink.len(), 1);
        assert!(sink[0].message.starts_with("no iamform.yaml in"));
    }
}
