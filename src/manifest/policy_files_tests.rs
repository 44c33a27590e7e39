use std::os::unix::fs::symlink;

use super::*;
use crate::diagnostic::Severity;

const CONFIG: &str = "accounts: {prod: {id: \"111111111111\"}}\n";
const DOC: &str = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}\n";

/// A project in a temporary directory (`proj/` inside it, so `..` has somewhere to go).
struct Project {
    tmp: tempfile::TempDir,
}

impl Project {
    fn new(files: &[(&str, &str)]) -> Project {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("proj")).unwrap();
        let project = Project { tmp };
        project.write("proj/iamform.yaml", CONFIG);
        for (path, text) in files {
            project.write(path, text);
        }
        project
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let full = self.path(rel);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    /// Errors of loading a policy whose document is `{file: REFERENCE}` in `proj/m.yaml`.
    fn errors_for(&self, reference: &str) -> Vec<(u32, u32, String)> {
        let manifest = format!("policies:\n  p:\n    document: {{file: '{reference}'}}\n");
        self.write("proj/m.yaml", &manifest);
        let report = crate::manifest::check(&self.path("proj"), crate::model::UtcTime { unix: 0 });
        report
            .diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter_map(|d| {
                let s = d.span.as_ref().expect("located");
                // Only the reference's errors: the walk reports links of its own.
                s.file
                    .ends_with("m.yaml")
                    .then(|| (s.line, s.column, d.message.clone()))
            })
            .collect()
    }
}

fn one(message: &str) -> Vec<(u32, u32, String)> {
    vec![(3, 22, message.to_string())]
}

#[test]
fn references_inside_the_project_are_read_relative_to_the_manifest() {
    let p = Project::new(&[("proj/docs/p.json", DOC), ("proj/team/q.json", DOC)]);
    assert_eq!(p.errors_for("docs/p.json"), []);
    assert_eq!(p.errors_for("./docs/../team/q.json"), []);
}

#[test]
fn absolute_paths_and_parent_escapes_are_refused_without_reading() {
    let p = Project::new(&[("outside.json", DOC)]);
    assert_eq!(
        p.errors_for("/etc/passwd"),
        one("policy file `/etc/passwd` is an absolute path")
    );
    assert_eq!(
        p.errors_for("../outside.json"),
        one("policy file `../outside.json` is outside the project")
    );
    assert_eq!(
        p.errors_for("docs/../../outside.json"),
        one("policy file `docs/../../outside.json` is outside the project")
    );
}

#[test]
fn symlinks_are_followed_only_inside_the_project() {
    let p = Project::new(&[("outside.json", DOC), ("proj/real/p.json", DOC)]);
    symlink(p.path("outside.json"), p.path("proj/out.json")).unwrap();
    symlink(p.path("proj/real/p.json"), p.path("proj/in.json")).unwrap();
    symlink(p.path(""), p.path("proj/up")).unwrap();
    assert_eq!(
        p.errors_for("out.json"),
        one("policy file `out.json` is a symbolic link to a file outside the project")
    );
    assert_eq!(
        p.errors_for("up/outside.json"),
        one("policy file `up/outside.json` is a symbolic link to a file outside the project")
    );
    assert_eq!(p.errors_for("in.json"), []);
}

#[test]
fn special_and_oversized_files_are_refused_without_their_content() {
    let p = Project::new(&[]);
    let fifo = p.path("proj/x.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let errors = p.errors_for("x.json");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .2
            .ends_with("x.json` is a FIFO, not a regular file"),
        "{errors:?}"
    );

    let huge = format!("{{\"Sid\": \"{}\"}}", "a".repeat(POLICY_LIMIT as usize));
    p.write("proj/huge.json", &huge);
    let errors = p.errors_for("huge.json");
    assert!(
        errors[0].2.ends_with("huge.json` is larger than 1 MiB"),
        "{errors:?}"
    );

    p.write("proj/dir/.keep", "");
    let errors = p.errors_for("dir");
    assert!(
        errors[0]
            .2
            .ends_with("dir` is a directory, not a regular file"),
        "{errors:?}"
    );
}

#[test]
fn missing_files_say_so_in_words() {
    let p = Project::new(&[]);
    let errors = p.errors_for("nope.json");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].2.ends_with("nope.json` does not exist"),
        "{errors:?}"
    );
}

#[test]
fn duplicate_json_keys_are_errors_at_both_places() {
    let p = Project::new(&[(
        "proj/dup.json",
        "{\"Statement\": [{\"Effect\": \"Deny\",\n \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}\n",
    )]);
    p.write(
        "proj/m.yaml",
        "policies:\n  p:\n    document: {file: dup.json}\n",
    );
    let report = crate::manifest::check(&p.path("proj"), crate::model::UtcTime { unix: 0 });
    let errors: Vec<_> = report.diagnostics.0.iter().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = errors[0];
    assert_eq!(d.message, "duplicate key `Effect`");
    let at = |s: &Span| (s.file.ends_with("dup.json"), s.line, s.column);
    assert_eq!(at(d.span.as_ref().unwrap()), (true, 2, 2));
    assert_eq!(at(&d.related[0].0), (true, 1, 17));
    assert!(report.state.is_none());
}

#[test]
fn one_file_referenced_many_times_counts_each_time_against_the_total() {
    let p = Project::new(&[("proj/p.json", DOC)]);
    let dir = p.path("proj");
    let mut files = PolicyFiles::new(&dir, std::fs::canonicalize(&dir).unwrap());
    files.budget = 2 * DOC.len() as u64;
    let manifest = dir.join("m.yaml");
    let reference = Located::new(
        "p.json".to_string(),
        Span::new(Arc::new(manifest.clone()), 3, 22, 6),
    );
    let mut sink = Vec::new();
    let loaded: Vec<bool> = (0..3)
        .map(|_| files.load(&manifest, &reference, &mut sink).is_some())
        .collect();
    assert_eq!(loaded, [true, true, false]);
    assert_eq!(sink.len(), 1);
    assert_eq!(
        sink[0].message,
        "the policy files named by the manifests exceed 64 MiB in total"
    );
}

#[test]
fn escapes_are_judged_on_the_text() {
    assert!(!escapes(Path::new("a/../b.json")));
    assert!(!escapes(Path::new("./b.json")));
    assert!(escapes(Path::new("a/../../b.json")));
    assert!(escapes(Path::new("/b.json")));
}
