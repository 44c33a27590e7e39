//! `iamform fmt`: `--check` on formatted and unformatted projects, rewriting, files left
//! alone with a warning, invalid YAML, and the files a run may touch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::assert_run_snapshot;
use crate::support::offline_cli::{Run, iamform, temp_copy};

/// Every file under `dir` and its contents.
fn contents(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), text);
            }
        }
    }
    out
}

/// A project of `files` (`iamform.yaml` added) in a temporary directory.
fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("project");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("iamform.yaml"),
        "accounts:\n  main:\n    id: \"123456789012\"\n",
    )
    .unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    (temp, dir)
}

fn assert_code(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

#[test]
fn what_import_wrote_is_already_formatted() {
    let (_guard, dir) = temp_copy("examples/imported");
    let before = contents(&dir);
    let run = iamform(&dir, &["fmt", "--check"]);
    assert_code(&run, 0);
    assert_eq!(run.stdout, "");
    assert_run_snapshot!("fmt_check_formatted", run);
    // Rewriting a formatted project writes nothing either.
    assert_code(&iamform(&dir, &["fmt"]), 0);
    assert_eq!(contents(&dir), before);
}

#[test]
fn check_lists_rewrite_formats_and_check_then_passes() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let before = contents(&dir);
    let plan = ["plan", "--state", "state.json", "--format", "json"];
    let plan_before = iamform(&dir, &plan);
    assert_code(&plan_before, 0);

    let check = iamform(&dir, &["fmt", "--check"]);
    assert_code(&check, 2);
    assert_run_snapshot!("fmt_check_unformatted", check);
    let diff = iamform(&dir, &["fmt", "--check", "--diff"]);
    assert_code(&diff, 2);
    assert_run_snapshot!("fmt_check_diff", diff);
    assert_eq!(contents(&dir), before, "--check wrote something");

    let rewrite = iamform(&dir, &["fmt"]);
    assert_code(&rewrite, 0);
    assert_eq!(rewrite.stdout, check.stdout, "the files --check listed");
    assert_run_snapshot!("fmt_rewrite", rewrite);
    let again = iamform(&dir, &["fmt", "--check"]);
    assert_code(&again, 0);
    assert_eq!(again.stdout, "");

    // The same manifests: the same plan; every comment still there; JSON documents and
    // the state untouched; no temporary file left behind.
    assert_eq!(iamform(&dir, &plan).stdout, plan_before.stdout);
    let after = contents(&dir);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (path, text) in &before {
        let formatted = &after[path];
        if !path.to_string_lossy().ends_with(".yaml") {
            assert_eq!(formatted, text, "{} changed", path.display());
            continue;
        }
        for comment in text
            .lines()
            .filter_map(|l| l.find('#').map(|i| l[i..].trim_end()))
        {
            assert!(
                formatted.contains(comment),
                "{} lost {comment:?}",
                path.display()
            );
        }
    }
}

#[test]
fn files_select_what_is_formatted_and_must_be_in_the_project() {
    let (_guard, dir) = project(&[
        ("users.yaml", "users:\n    alice:   {}\n"),
        ("roles.yaml", "roles:   {}\n"),
    ]);
    let run = iamform(&dir, &["fmt", "--check", "users.yaml"]);
    assert_code(&run, 2);
    assert_eq!(run.stdout, "users.yaml\n");
    std::fs::write(dir.parent().unwrap().join("outside.yaml"), "a:   1\n").unwrap();
    let outside = iamform(&dir, &["fmt", "--check", "../outside.yaml"]);
    assert_code(&outside, 1);
    assert_run_snapshot!("fmt_file_outside_the_project", outside);
    // `-C DIR` names the project; files are relative to where iamform runs.
    let parent = dir.parent().unwrap();
    let run = iamform(parent, &["-C", "project", "fmt", "project/roles.yaml"]);
    assert_code(&run, 0);
    assert_eq!(run.stdout, "project/roles.yaml\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("roles.yaml")).unwrap(),
        "roles: {}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("users.yaml")).unwrap(),
        "users:\n    alice:   {}\n"
    );
}

#[test]
fn a_file_with_an_anchor_is_left_alone_with_a_warning() {
    let anchored = "defaults: &tags\n  team:   web\nusers:\n  alice:\n    tags: *tags\n";
    let (_guard, dir) = project(&[
        ("users.yaml", anchored),
        ("roles.yaml", "roles:\n    # kept\n    deploy:   {}\n"),
    ]);
    let run = iamform(&dir, &["fmt"]);
    // A warning: the other files are formatted and the run succeeds.
    assert_code(&run, 0);
    assert_run_snapshot!("fmt_anchor_left_alone", run);
    assert_eq!(
        std::fs::read_to_string(dir.join("users.yaml")).unwrap(),
        anchored
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("roles.yaml")).unwrap(),
        "roles:\n  # kept\n  deploy: {}\n"
    );
    assert_code(&iamform(&dir, &["fmt", "--check"]), 0);
}

#[test]
fn invalid_yaml_is_a_located_error_and_stays_as_it_is() {
    let broken = "users:\n  alice: [admins\n  bob: {}\n";
    let (_guard, dir) = project(&[("users.yaml", broken), ("roles.yaml", "roles:   {}\n")]);
    let check = iamform(&dir, &["fmt", "--check"]);
    // An error wins over "would change".
    assert_code(&check, 1);
    assert_run_snapshot!("fmt_invalid_yaml", check);
    let rewrite = iamform(&dir, &["fmt"]);
    assert_code(&rewrite, 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("users.yaml")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("roles.yaml")).unwrap(),
        "roles: {}\n"
    );
}

#[test]
fn a_directory_without_iamform_yaml_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let run = iamform(temp.path(), &["fmt", "--check"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("no iamform.yaml in"), "{}", run.stderr);
}

#[test]
fn a_symlinked_manifest_is_written_through_its_link() {
    let (_guard, dir) = project(&[]);
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("shared/users.yaml"), "users:   {}\n").unwrap();
    std::os::unix::fs::symlink("shared/users.yaml", dir.join("users.yaml")).unwrap();
    let run = iamform(&dir, &["fmt"]);
    assert_code(&run, 0);
    // Formatted once, though reached twice; the link is still a link.
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        std::fs::symlink_metadata(dir.join("users.yaml"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("shared/users.yaml")).unwrap(),
        "users: {}\n"
    );
}
