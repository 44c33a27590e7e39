//! Running the real binary offline (no AWS, no moto) on temporary copies of the examples.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// What one run of the binary produced.
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text: one snapshot shows all a user sees.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Snapshots a [`Run`]'s [`Run::transcript`], with temporary directories shown as `[TEMP]`
/// so the snapshot is the same on every machine.
#[macro_export]
macro_rules! assert_run_snapshot {
    ($name:expr, $run:expr) => {
        insta::with_settings!({
            filters => vec![(r"(/[^\s/:'`]+)*/\.tmp[A-Za-z0-9]+", "[TEMP]")],
        }, {
            insta::assert_snapshot!($name, $run.transcript());
        })
    };
}

/// Runs `iamform ARGS` in `dir` with colors off, no terminal on stdin and no AWS profile
/// or region from the developer's shell; fails the test on a panic.
pub fn iamform(dir: &Path, args: &[&str]) -> Run {
    iamform_with(dir, &[], args)
}

/// [`iamform`] with the clock set to `now` (`IAMFORM_NOW`), for `expires:`.
pub fn iamform_at(dir: &Path, now: &str, args: &[&str]) -> Run {
    iamform_with(dir, &[("IAMFORM_NOW", now)], args)
}

/// [`iamform`] with extra environment variables.
fn iamform_with(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(dir)
        .env_remove("IAMFORM_NOW")
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "iamform {args:?} panicked: {}",
        run.stderr
    );
    run
}

/// The crate root, where `examples/` and `tests/fixtures/` live.
pub fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A temporary copy of a directory under the crate root: its guard and the copy's path.
pub fn temp_copy(relative: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let copy = temp.path().join("project");
    copy_dir(&crate_root().join(relative), &copy);
    (temp, copy)
}
