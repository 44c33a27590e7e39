//! Manifests come from pull requests: nothing they name may be read outside the project,
//! no file may hang or exhaust a run, and no refused file's content may reach the output.
//! Each case runs the real binary under a timeout and snapshots what it prints.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// What looks like a real AWS secret key, set in the child's environment.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz";

/// A throwaway workspace: `proj/` is the project (the quickstart's `iamform.yaml`).
struct Workspace {
    tmp: tempfile::TempDir,
}

/// What one run printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Workspace {
    fn new() -> Workspace {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace { tmp };
        ws.write(
            "proj/iamform.yaml",
            "accounts:\n  main: {id: \"111111111111\"}\n",
        );
        ws
    }

    /// A workspace whose `proj/` is a copy of `examples/quickstart` (valid, with a state).
    fn quickstart() -> Workspace {
        let ws = Workspace::new();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart"),
            &ws.path("proj"),
        );
        ws
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.tmp.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let full = self.path(rel);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    /// A manifest `proj/m.yaml` whose policy `p` reads its document from `reference`.
    fn reference(&self, reference: &str) {
        self.write(
            "proj/m.yaml",
            &format!("policies:\n  p:\n    document: {{file: \"{reference}\"}}\n"),
        );
    }

    fn mkfifo(&self, rel: &str) {
        let made = std::process::Command::new("mkfifo")
            .arg(self.path(rel))
            .status()
            .unwrap();
        assert!(made.success());
    }

    /// Runs `iamform ARGS` in the workspace with a secret in its environment; fails on a
    /// panic, a timeout, or the secret anywhere in the output.
    fn run(&self, args: &[&str]) -> Run {
        let output = Command::cargo_bin("iamform")
            .unwrap()
            .current_dir(self.tmp.path())
            .env("NO_COLOR", "1")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("GITHUB_TOKEN", SECRET)
            .env_remove("AWS_PROFILE")
            .timeout(Duration::from_secs(30))
            .args(args)
            .output()
            .unwrap();
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert_ne!(run.code, -1, "iamform {args:?} was killed (timeout?)");
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        for out in [&run.stdout, &run.stderr] {
            assert!(!out.contains(SECRET), "the secret leaked: {out}");
            assert!(
                !out.contains("AWS_SECRET_ACCESS_KEY"),
                "environment leaked: {out}"
            );
        }
        run
    }

    /// `iamform validate proj`: exit code 1; the output, for a snapshot.
    fn validate_fails(&self) -> String {
        let run = self.run(&["validate", "proj"]);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        run.stdout
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn absolute_reference_is_refused() {
    let ws = Workspace::new();
    ws.reference("/etc/passwd");
    insta::assert_snapshot!(ws.validate_fails());
}

#[test]
fn parent_escape_is_refused() {
    let ws = Workspace::new();
    ws.write("outside.json", "{\"Statement\": []}");
    ws.reference("../outside.json");
    insta::assert_snapshot!(ws.validate_fails());
}

#[test]
fn symlink_out_of_the_project_is_refused() {
    let ws = Workspace::new();
    ws.write("outside.json", "{\"Statement\": []}");
    symlink(ws.path("outside.json"), ws.path("proj/p.json")).unwrap();
    ws.reference("p.json");
    insta::assert_snapshot!(ws.validate_fails());
}

#[test]
fn proc_self_environ_never_reaches_the_output() {
    let ws = Workspace::new();
    symlink("/proc/self/environ", ws.path("proj/env.json")).unwrap();
    ws.write(
        "proj/m.yaml",
        "policies:\n  a:\n    document: {file: /proc/self/environ}\n  b:\n    document: {file: ../../../../../../proc/self/environ}\n  c:\n    document: {file: env.json}\n",
    );
    // The secret-free assertions are in `run`; the plan path must refuse it as well.
    let plan = ws.run(&["-C", "proj", "plan", "--state", "state.json"]);
    assert_eq!(plan.code, 1);
    insta::assert_snapshot!("proc_self_environ_validate", ws.validate_fails());
    insta::assert_snapshot!("proc_self_environ_plan", plan.stderr);
}

#[test]
fn dev_zero_is_never_read() {
    let ws = Workspace::new();
    symlink("/dev/zero", ws.path("proj/zero.yaml")).unwrap();
    ws.reference("/dev/zero");
    let validate = ws.validate_fails();
    // A valid project, so that the state file and the saved plan are reached.
    let ok = Workspace::quickstart();
    let state = ok.run(&["-C", "proj", "plan", "--state", "/dev/zero"]);
    let apply = ok.run(&[
        "-C",
        "proj",
        "apply",
        "/dev/zero",
        "--state",
        "proj/state.json",
    ]);
    let lint = ok.run(&["policy", "lint", "/dev/zero"]);
    let normalize = ok.run(&["policy", "normalize", "/dev/zero"]);
    assert_eq!(
        (state.code, apply.code, lint.code, normalize.code),
        (1, 1, 1, 1)
    );
    insta::assert_snapshot!(format!(
        "validate:\n{validate}\nplan --state /dev/zero:\n{}\napply /dev/zero:\n{}\npolicy lint /dev/zero:\n{}\npolicy normalize /dev/zero:\n{}",
        state.stderr, apply.stderr, lint.stderr, normalize.stderr
    ));
}

#[test]
fn fifo_in_the_tree_is_skipped_without_hanging() {
    let ws = Workspace::quickstart();
    ws.mkfifo("proj/x.yaml");
    ws.mkfifo("proj/policies/fifo.json");
    ws.mkfifo("state.fifo");
    // The FIFO manifest is only a warning: the project still validates and plans.
    let validate = ws.run(&["validate", "proj"]);
    assert_eq!(validate.code, 0, "{}", validate.stdout);
    let state = ws.run(&["-C", "proj", "plan", "--state", "state.fifo"]);
    let apply = ws.run(&[
        "-C",
        "proj",
        "apply",
        "state.fifo",
        "--state",
        "proj/state.json",
    ]);
    let lint = ws.run(&["policy", "lint", "proj/policies/fifo.json"]);
    ws.reference("policies/fifo.json");
    let reference = ws.validate_fails();
    assert_eq!((state.code, apply.code, lint.code), (1, 1, 1));
    insta::assert_snapshot!(format!(
        "validate:\n{}\nplan --state FIFO:\n{}\napply FIFO:\n{}\npolicy lint FIFO:\n{}\n{{file: FIFO}}:\n{reference}",
        validate.stdout, state.stderr, apply.stderr, lint.stderr
    ));
}

#[test]
fn huge_one_line_value_gives_a_short_error() {
    let ws = Workspace::new();
    let description = "x".repeat(5 << 20);
    ws.write(
        "proj/m.yaml",
        &format!(
            "policies:\n  p:\n    description: \"{description}\"\n    document: {{Statement: []}}\n"
        ),
    );
    let out = ws.validate_fails();
    assert!(out.len() < 2_000, "{} bytes of output", out.len());
    insta::assert_snapshot!(out);
}

#[test]
fn oversized_manifest_is_refused_unread() {
    let ws = Workspace::new();
    ws.write("proj/m.yaml", &format!("# {}\n", "x".repeat(9 << 20)));
    insta::assert_snapshot!(ws.validate_fails());
}

#[test]
fn duplicate_keys_in_a_json_policy_are_an_error() {
    let ws = Workspace::new();
    ws.write(
        "proj/p.json",
        "{\n  \"Statement\": [{\n    \"Effect\": \"Deny\",\n    \"Action\": \"iam:*\",\n    \"Resource\": \"*\",\n    \"Effect\": \"Allow\"\n  }]\n}\n",
    );
    ws.reference("p.json");
    let out = ws.validate_fails();
    let lint = ws.run(&["policy", "lint", "proj/p.json"]);
    assert_eq!(lint.code, 1);
    insta::assert_snapshot!(format!("validate:\n{out}\npolicy lint:\n{}", lint.stderr));
}

#[test]
fn ten_thousand_statement_json_policy_loads() {
    // Loading is linear (the scanner test in src/manifest/json_node.rs holds it to a
    // bounded number of looks per byte); the time is in benches/manifest_load.rs.
    let ws = Workspace::new();
    let statements: Vec<String> = (0..10_000)
        .map(|i| format!("{{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b{i}/*\"}}"))
        .collect();
    ws.write(
        "proj/p.json",
        &format!("{{\"Statement\":[\n{}\n]}}\n", statements.join(",\n")),
    );
    ws.reference("p.json");
    // Loaded whole: the only problem is IAM's size limit for a managed policy.
    insta::assert_snapshot!(ws.validate_fails());
}

#[test]
fn yaml_library_limits_read_as_sentences() {
    let ws = Workspace::new();
    ws.write(
        "proj/many.yaml",
        &format!("users:\n  a:\n    groups: [{}]\n", "g,".repeat(260_000)),
    );
    ws.write("proj/two.yaml", "users: {}\n---\ngroups: {}\n");
    ws.write(
        "proj/alias.yaml",
        "users:\n  a: &u {path: /x/}\n  b: *missing\n",
    );
    insta::assert_snapshot!(ws.validate_fails());
}

#[test]
fn symlinked_directories_are_not_walked_out_of_the_project() {
    let ws = Workspace::new();
    ws.write("elsewhere/users.yaml", "users:\n  mallory: {}\n");
    symlink(ws.path("elsewhere"), ws.path("proj/linked")).unwrap();
    symlink(ws.path("proj"), ws.path("proj/loop")).unwrap();
    let out = ws.validate_fails();
    assert!(!out.contains("mallory"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn diagnostics_paths_are_relative_to_where_iamform_runs() {
    // Sanity check of the harness: a valid project passes and prints nothing refused.
    let ws = Workspace::new();
    ws.write("proj/docs/p.json", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}");
    ws.reference("docs/p.json");
    let run = ws.run(&["validate", "proj"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(Path::new(&ws.path("proj/docs/p.json")).is_file());
}
