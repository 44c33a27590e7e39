//! Ctrl-C (SIGINT) sent to the real binary: `apply` finishes what runs, starts nothing
//! more, reports both and exits 130 with its state saved and its lock released; a second
//! Ctrl-C, or one during another command, exits 130 at once and leaves no partial file.
//!
//! The child's stdout is a pipe the test stops reading: once it is full the apply's
//! progress lines (written between scheduling steps) wait, so the signal always lands
//! while changes remain, however fast the machine.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};

use crate::support::offline_cli::{Run, iamform};

const USERS: usize = 1500;

/// A project creating 1500 users, each with an inline policy (3000 changes), over an
/// empty recorded account.
fn many_users(dir: &Path) {
    std::fs::write(
        dir.join("iamform.yaml"),
        "accounts:\n  main: { id: \"111111111111\" }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("read.json"),
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-docs/*"}}"#,
    )
    .unwrap();
    let mut people = String::from("account: main\nusers:\n");
    for i in 0..USERS {
        people.push_str(&format!(
            "  user{i:04}: {{ inline_policies: {{ read: {{ file: read.json }} }} }}\n"
        ));
    }
    std::fs::write(dir.join("people.yaml"), people).unwrap();
    std::fs::write(
        dir.join("state.json"),
        r#"{"format_version": 1, "accounts": {"111111111111": {"account_id": "111111111111"}}}"#,
    )
    .unwrap();
}

struct Running {
    child: Child,
    stdout: BufReader<ChildStdout>,
    stderr: BufReader<ChildStderr>,
}

fn spawn(dir: &Path, args: &[&str]) -> Running {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("iamform"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let stderr = BufReader::new(child.stderr.take().unwrap());
    Running {
        child,
        stdout,
        stderr,
    }
}

impl Running {
    /// Reads stdout up to and including the first line containing `marker`.
    fn read_until(&mut self, marker: &str) -> String {
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            let n = self.stdout.read_line(&mut line).unwrap();
            assert!(n > 0, "stdout ended before `{marker}`: {seen}");
            seen.push_str(&line);
            if line.contains(marker) {
                return seen;
            }
        }
    }

    fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// The next stderr line.
    fn stderr_line(&mut self) -> String {
        let mut line = String::new();
        self.stderr.read_line(&mut line).unwrap();
        line
    }

    /// Reads the rest of both streams and waits for the exit.
    fn finish(mut self, stdout_before: String, stderr_before: String) -> Run {
        let mut stdout = stdout_before;
        self.stdout.read_to_string(&mut stdout).unwrap();
        let mut stderr = stderr_before;
        self.stderr.read_to_string(&mut stderr).unwrap();
        let status = self.child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        Run {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        }
    }
}

const APPLY: [&str; 6] = [
    "apply",
    "--state",
    "state.json",
    "--auto-approve",
    "--lock-timeout",
    "0",
];

/// The count before `what` in `line` (`12 done` → 12).
fn count(line: &str, what: &str) -> usize {
    let before = line.split(what).next().unwrap();
    before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_ctrl_c_during_apply_finishes_what_runs_and_reports_the_rest() {
    let temp = tempfile::tempdir().unwrap();
    many_users(temp.path());
    let mut apply = spawn(temp.path(), &APPLY);
    let head = apply.read_until("] ok ");
    apply.interrupt();
    let note = apply.stderr_line();
    assert!(
        note.starts_with("interrupted: finishing the changes in flight"),
        "{note}"
    );
    let run = apply.finish(head, note);
    assert_eq!(run.code, 130, "{}", run.stderr);
    let summary = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Apply interrupted: "))
        .expect("the apply's summary");
    let (done, not_started) = (count(summary, " done"), count(summary, " not started"));
    assert!(not_started > 0, "{summary}");
    assert_eq!(done + not_started, 2 * USERS, "{summary}");
    // Every change is accounted for by a line: done ones as they finished, the others
    // after the run.
    let lines = |marker: &str| run.stdout.lines().filter(|l| l.contains(marker)).count();
    assert_eq!(lines("] ok "), done);
    assert_eq!(lines(" stop  "), not_started);
    insta::with_settings!({filters => vec![(r"\b\d+ (done|not started|change\(s\))", "[N] $1")]}, {
        insta::assert_snapshot!(
            "apply_interrupted",
            format!("exit code: {}\n{summary}\n----- stderr -----\n{}", run.code, run.stderr)
        );
    });
    // The state holds what was done, and its lock is free: the rest applies now.
    let rest = iamform(temp.path(), &APPLY);
    assert_eq!(rest.code, 0, "{}", rest.stderr);
    let complete = rest
        .stdout
        .lines()
        .find(|l| l.starts_with("Apply complete: "))
        .expect("the second apply's summary");
    assert_eq!(count(complete, " done"), not_started, "{complete}");
    let plan = iamform(temp.path(), &["plan", "--state", "state.json"]);
    assert!(
        plan.stdout
            .ends_with("No changes. Your accounts match the manifests.\n")
    );
}

#[test]
fn a_second_ctrl_c_during_apply_exits_at_once() {
    let temp = tempfile::tempdir().unwrap();
    many_users(temp.path());
    let mut apply = spawn(temp.path(), &APPLY);
    let head = apply.read_until("] ok ");
    apply.interrupt();
    let note = apply.stderr_line();
    assert!(note.starts_with("interrupted: "), "{note}");
    // The apply now waits on the full pipe; the second Ctrl-C ends it there.
    apply.interrupt();
    let run = apply.finish(head, note);
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(run.stderr.ends_with("\ninterrupted\n"), "{}", run.stderr);
    assert!(!run.stdout.contains("Apply interrupted"));
}

#[test]
fn a_ctrl_c_during_plan_exits_at_once_and_writes_no_plan_file() {
    let temp = tempfile::tempdir().unwrap();
    many_users(temp.path());
    let mut plan = spawn(
        temp.path(),
        &["plan", "--state", "state.json", "--out", "plan.json"],
    );
    // The plan is being shown (and waits on the full pipe); the file comes after.
    let head = plan.read_until("user0000");
    plan.interrupt();
    let run = plan.finish(head, String::new());
    assert_eq!((run.code, run.stderr.as_str()), (130, "interrupted\n"));
    let files: Vec<String> = std::fs::read_dir(temp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("plan"))
        .collect();
    assert!(files.is_empty(), "{files:?}");
}
