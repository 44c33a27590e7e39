//! Finding and decoding the manifest files of a directory. The walk stays inside the
//! project: symlinked directories are not followed (so symlink loops cannot recurse), a
//! symlinked manifest must resolve inside the project, special files are skipped with a
//! warning, and every file is read through a size cap.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span};
use crate::input_file::{self, InputFileError, MANIFEST_LIMIT, io_reason, kind_of};

use super::decode::Decode;
use super::document::ManifestFile;
use super::policy_files::{PolicyFiles, file_references};
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
    /// Its contents, `{file: …}` documents read.
    pub doc: ManifestFile,
}

/// The YAML files of a project.
#[derive(Debug, Clone)]
pub struct ProjectFiles {
    /// The project directory, canonical (symbolic links resolved).
    pub root: PathBuf,
    /// Every `*.yaml`/`*.yml` file under it (hidden entries skipped), relative to it and
    /// sorted; `iamform.yaml` among them.
    pub relative: Vec<PathBuf>,
}

/// Reads every `*.yaml`/`*.yml` under `dir` (hidden entries skipped), reporting problems
/// into `sink`. Files named by a `{file: …}` policy reference are documents, not manifests;
/// they are read into the references. `None` when the directory or its `iamform.yaml` is
/// missing (one error says so).
pub fn read_manifests(dir: &Path, sink: &mut Vec<Diagnostic>) -> Option<Vec<ManifestSource>> {
    let ProjectFiles {
        root,
        relative: files,
    } = project_files(dir, sink)?;
    let mut policy_files = PolicyFiles::new(dir, root);
    // Files are independent: read and decode them on all cores, in file order.
    let mut decoded: Vec<_> = crate::parallel::map(&files, |rel| {
        let path = Arc::new(display_path(dir, rel));
        let mut own = Vec::new();
        let doc = decode_file(&path, &mut own);
        (rel.clone(), path, doc, own)
    });
    // Resolution failures are reported when the referencing manifest's documents are read.
    let mut documents = BTreeSet::new();
    for (_, path, doc, _) in &mut decoded {
        for reference in doc.as_mut().map(file_references).unwrap_or_default() {
            if let Ok(file) = policy_files.resolve(path, &reference) {
                documents.insert(file.canonical);
            }
        }
    }
    let mut out = Vec::new();
    for (rel, path, doc, own) in decoded {
        let canonical = std::fs::canonicalize(path.as_ref()).ok();
        if canonical.is_some_and(|c| documents.contains(&c)) {
            continue;
        }
        sink.extend(own);
        let mut doc = doc.unwrap_or_default();
        policy_files.attach(&path, &mut doc, sink);
        out.push(ManifestSource {
            path,
            is_config: rel == Path::new(CONFIG_FILE),
            doc,
        });
    }
    Some(out)
}

/// Finds the YAML files of the project in `dir`: the walk of [`read_manifests`], which
/// stays inside the project, without reading the files. `None` when the directory or its
/// `iamform.yaml` is missing (one error in `sink` says so).
pub fn project_files(dir: &Path, sink: &mut Vec<Diagnostic>) -> Option<ProjectFiles> {
    let root = match std::fs::canonicalize(dir) {
        Ok(root) if root.is_dir() => root,
        _ => {
            sink.push(
                Diagnostic::error(None, format!("`{}` is not a directory", dir.display()))
                    .with_help(
                        "pass the directory holding iamform.yaml (`iamform validate DIR` or `-C DIR`)",
                    ),
            );
            return None;
        }
    };
    let config_path = display_path(dir, Path::new(CONFIG_FILE));
    match std::fs::metadata(&config_path) {
        Ok(meta) if meta.is_file() => {}
        Ok(meta) => {
            sink.push(
                Diagnostic::error(
                    None,
                    format!(
                        "`{}` is {}, not a regular file",
                        config_path.display(),
                        kind_of(&meta.file_type())
                    ),
                )
                .with_help("iamform.yaml must be a YAML file"),
            );
            return None;
        }
        Err(_) => {
            sink.push(
                Diagnostic::error(None, format!("no {CONFIG_FILE} in `{}`", dir.display()))
                    .with_help(
                        "create iamform.yaml declaring `accounts: {NAME: {id: \"123456789012\"}}`",
                    ),
            );
            return None;
        }
    }
    let mut relative = collect_yaml_files(dir, &root, sink);
    relative.sort();
    Some(ProjectFiles { root, relative })
}

/// `dir/rel`, without a leading `./` when `dir` is the current directory.
pub fn display_path(dir: &Path, rel: &Path) -> PathBuf {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        dir.join(rel)
    }
}

fn is_yaml_name(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// The manifest files under `dir` (canonically `root`), relative to it. Iterative, and
/// only through real directories, so the walk ends on any tree.
fn collect_yaml_files(dir: &Path, root: &Path, sink: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let entries = match std::fs::read_dir(dir.join(&rel)) {
            Ok(entries) => entries,
            Err(e) => {
                sink.push(Diagnostic::error(
                    None,
                    format!(
                        "cannot read directory `{}`: {}",
                        display_path(dir, &rel).display(),
                        io_reason(&e)
                    ),
                ));
                continue;
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
            let shown = || Arc::new(display_path(dir, &child));
            if kind.is_dir() {
                pending.push(child);
            } else if kind.is_symlink() {
                match symlink_target(&dir.join(&child), root) {
                    // A directory inside the project is walked where it really is.
                    Target::Inside { is_dir: true } => {}
                    Target::Inside { is_dir: false } if is_yaml_name(name) => out.push(child),
                    Target::Inside { .. } => {}
                    Target::Outside if is_yaml_name(name) || dir.join(&child).is_dir() => {
                        sink.push(
                            Diagnostic::error(
                                Some(Span::file_only(shown())),
                                "symbolic link to a file or directory outside the project",
                            )
                            .with_help("keep manifests inside the directory of iamform.yaml; copy the file in instead of linking it"),
                        );
                    }
                    Target::Broken if is_yaml_name(name) => sink.push(
                        Diagnostic::warning(
                            Some(Span::file_only(shown())),
                            "skipped: a symbolic link to nothing",
                        )
                        .with_help("remove the link or point it at a manifest in the project"),
                    ),
                    Target::Outside | Target::Broken => {}
                }
            } else if is_yaml_name(name) {
                if kind.is_file() {
                    out.push(child);
                } else {
                    sink.push(
                        Diagnostic::warning(
                            Some(Span::file_only(shown())),
                            format!("skipped: {}, not a regular file", kind_of(&kind)),
                        )
                        .with_help("manifests must be regular files; remove it or rename it"),
                    );
                }
            }
        }
    }
    out
}

enum Target {
    Inside { is_dir: bool },
    Outside,
    Broken,
}

fn symlink_target(link: &Path, root: &Path) -> Target {
    match std::fs::canonicalize(link) {
        Ok(target) if target.starts_with(root) => Target::Inside {
            is_dir: target.is_dir(),
        },
        Ok(_) => Target::Outside,
        Err(_) => Target::Broken,
    }
}

fn decode_file(path: &Arc<PathBuf>, sink: &mut Vec<Diagnostic>) -> Option<ManifestFile> {
    let text = match read_manifest_text(path) {
        Ok(text) => text,
        Err(d) => {
            sink.push(d);
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

/// The text of the manifest at `path`, read through the manifest size cap (regular files
/// only); the error names the file, never its content.
pub fn read_manifest_text(path: &Arc<PathBuf>) -> Result<String, Diagnostic> {
    input_file::read_text(path, MANIFEST_LIMIT).map_err(|e| {
        let (message, help) = match e {
            InputFileError::TooLarge { limit, .. } => (
                format!("manifest is larger than {limit}"),
                "split it into several manifest files",
            ),
            InputFileError::NotText { .. } => (
                "manifest is not UTF-8 text".to_string(),
                "save the file as UTF-8",
            ),
            InputFileError::NotRegular { kind, .. } => (
                format!("manifest is {kind}, not a regular file"),
                "manifests must be regular files",
            ),
            InputFileError::Io { reason, .. } => (
                format!("cannot read the manifest: {reason}"),
                "check the file's permissions",
            ),
        };
        Diagnostic::error(Some(Span::file_only(path.clone())), message).with_help(help)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_the_current_directory() {
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
    fn the_walk_stays_inside_the_project_and_ends() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("proj");
        std::fs::create_dir_all(root.join("team")).unwrap();
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        std::fs::write(
            root.join(CONFIG_FILE),
            "accounts: {a: {id: \"123456789012\"}}\n",
        )
        .unwrap();
        std::fs::write(root.join("team/u.yaml"), "users: {}\n").unwrap();
        std::fs::write(tmp.path().join("elsewhere/x.yaml"), "users: {}\n").unwrap();
        // A loop, a link to a directory inside (walked where it is), a directory and a
        // manifest outside, and a FIFO that would block a reader forever.
        symlink(&root, root.join("team/loop")).unwrap();
        symlink(root.join("team"), root.join("team2")).unwrap();
        symlink(tmp.path().join("elsewhere"), root.join("out")).unwrap();
        symlink(tmp.path().join("elsewhere/x.yaml"), root.join("x.yaml")).unwrap();
        let fifo = root.join("team/f.yaml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );

        let mut sink = Vec::new();
        let files = read_manifests(&root, &mut sink).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.strip_prefix(&root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [PathBuf::from(CONFIG_FILE), PathBuf::from("team/u.yaml")]
        );
        let mut found: Vec<_> = sink
            .iter()
            .map(|d| {
                let file = d.span.as_ref().unwrap().file.strip_prefix(&root).unwrap();
                (file.display().to_string(), d.severity, d.message.clone())
            })
            .collect();
        found.sort();
        use crate::diagnostic::Severity::{Error, Warning};
        let outside = "symbolic link to a file or directory outside the project";
        let expected = [
            ("out", Error, outside),
            (
                "team/f.yaml",
                Warning,
                "skipped: a FIFO, not a regular file",
            ),
            ("x.yaml", Error, outside),
        ]
        .map(|(f, s, m)| (f.to_string(), s, m.to_string()));
        assert_eq!(found, expected);
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
