//! Two `iamform apply --state` runs on one file, as real processes: the second waits for
//! the first and then builds on its result, or fails saying who holds the file; no run's
//! changes are ever lost.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use iamform::backend::state_file::{StateFile, StateLock};

const ACCOUNT: &str = "111111111111";

/// A project whose manifests define one group, `name`, in the shared account.
fn project(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("iamform.yaml"),
        format!("accounts:\n  main:\n    id: \"{ACCOUNT}\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("groups.yaml"),
        format!("account: main\ngroups:\n  {name}: {{}}\n"),
    )
    .unwrap();
    dir
}

fn spawn_apply(project: &Path, state: &Path, lock_timeout: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_iamform"))
        .current_dir(project)
        .env("NO_COLOR", "1")
        .args(["apply", "--auto-approve", "--lock-timeout", lock_timeout])
        .arg("--state")
        .arg(state)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn groups_in(state: &Path) -> Vec<String> {
    let file = StateFile::parse(&std::fs::read_to_string(state).unwrap(), state).unwrap();
    file.accounts
        .get(ACCOUNT)
        .map(|a| a.groups.keys().cloned().collect())
        .unwrap_or_default()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let state = temp.path().join("state.json");
    std::fs::write(&state, "{\"format_version\": 1}\n").unwrap();
    (temp, state)
}

fn succeeded(output: &Output) -> bool {
    output.status.success() && text(&output.stdout).contains("Apply complete: 1 done")
}

#[test]
fn concurrent_applies_both_land() {
    let (temp, state) = setup();
    let a = project(temp.path(), "team-a");
    let b = project(temp.path(), "team-b");
    // Both wait on a held lock, and it is released only once both said so: then they
    // contend for certain (a fixed sleep did not hold on a loaded machine).
    let held = StateLock::acquire(&state, Duration::ZERO, &mut |_| {}).unwrap();
    let mut first = spawn_apply(&a, &state, "120");
    let mut second = spawn_apply(&b, &state, "120");
    let (first_lines, second_lines) = (stderr_lines(&mut first), stderr_lines(&mut second));
    let note = format!("is locked by pid {} on host ", std::process::id());
    wait_for(&first_lines, &note);
    wait_for(&second_lines, &note);
    drop(held);
    for (child, lines) in [(first, first_lines), (second, second_lines)] {
        let out = child.wait_with_output().unwrap();
        let stderr: String = lines.iter().collect();
        assert!(succeeded(&out), "{}{stderr}", text(&out.stdout));
    }
    assert_eq!(groups_in(&state), ["team-a", "team-b"]);
}

#[test]
fn a_run_that_cannot_get_the_lock_says_who_holds_it_and_changes_nothing() {
    let (temp, state) = setup();
    let a = project(temp.path(), "team-a");
    let held = StateLock::acquire(&state, Duration::ZERO, &mut |_| {}).unwrap();
    let out = spawn_apply(&a, &state, "1").wait_with_output().unwrap();
    drop(held);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "", "nothing was read or planned");
    let stderr = text(&out.stderr);
    let holder = format!("pid {} on host ", std::process::id());
    assert!(stderr.contains(&holder), "{stderr}");
    let dir = regex_escape(&temp.path().display().to_string());
    insta::with_settings!({filters => vec![
        (r"pid \d+ on host \S+ \([^)]*\) since \S+Z", "pid [pid] on host [host] ([command]) since [time]"),
        (dir.as_str(), "[dir]"),
    ]}, {
        insta::assert_snapshot!("lock_timeout", stderr);
    });
    assert!(groups_in(&state).is_empty());
}

#[test]
fn a_waiting_run_goes_ahead_when_the_lock_is_released() {
    let (temp, state) = setup();
    let a = project(temp.path(), "team-a");
    let held = StateLock::acquire(&state, Duration::ZERO, &mut |_| {}).unwrap();
    let mut child = spawn_apply(&a, &state, "120");
    // Release only once the run has said it waits: a fixed sleep raced a slow start on
    // a loaded CI machine (the run then found the file free and never waited).
    let note = format!("is locked by pid {} on host ", std::process::id());
    let lines = stderr_lines(&mut child);
    let mut stderr = wait_for(&lines, &note);
    drop(held);
    let out = child.wait_with_output().unwrap();
    stderr.extend(lines.iter());
    assert!(succeeded(&out), "{stderr}");
    assert_eq!(groups_in(&state), ["team-a"]);
}

/// The child's stderr, line by line (newline kept), read on a thread as it arrives.
fn stderr_lines(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    let mut reader = std::io::BufReader::new(child.stderr.take().unwrap());
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        while std::io::BufRead::read_line(&mut reader, &mut line).is_ok_and(|n| n > 0) {
            if send.send(std::mem::take(&mut line)).is_err() {
                break;
            }
        }
    });
    receive
}

/// Reads `lines` until one contains `note` (at most 120 s); what was read so far.
fn wait_for(lines: &std::sync::mpsc::Receiver<String>, note: &str) -> String {
    let mut stderr = String::new();
    while !stderr.contains(note) {
        match lines.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => stderr.push_str(&line),
            Err(e) => panic!("the run never said it waits ({e}); stderr so far:\n{stderr}"),
        }
    }
    stderr
}

/// `text` as a regular expression that matches only itself.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}
