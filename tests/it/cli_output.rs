//! The output layer through the real binary: a closed pipe, `--color`, exit codes of
//! usage errors, `--help`.

use std::process::Stdio;

use crate::support::offline_cli::{crate_root, iamform, temp_copy};

const PLAN: &[&str] = &[
    "-C",
    "examples/quickstart",
    "plan",
    "--state",
    "examples/quickstart/state.json",
];

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    // The read end is closed before iamform writes a byte, so its first write fails
    // with EPIPE (`iamform plan | head -0`); before, print! panicked.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_iamform"))
        .current_dir(crate_root())
        .env("NO_COLOR", "1")
        .args(PLAN)
        .arg("--detailed-exitcode")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "", "nothing to say about a closed pipe");
    // The exit code still says what the plan found: changes.
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn color_is_decided_once_by_the_flag_then_the_environment() {
    // The test helper sets NO_COLOR=1: without a flag, no colour.
    let plain = iamform(crate_root(), PLAN);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(!plain.stdout.contains('\u{1b}'));
    // `--color always` wins over NO_COLOR, also when stdout is a pipe.
    let mut args = vec!["--color", "always"];
    args.extend_from_slice(PLAN);
    let colored = iamform(crate_root(), &args);
    assert!(
        colored.stdout.contains("\u{1b}[32m+\u{1b}[0m"),
        "{}",
        colored.stdout
    );
    // The colours change nothing else.
    assert_eq!(without_sgr(&colored.stdout), plain.stdout);
    // The old `plan --no-color` still works.
    let mut args = vec!["--color", "always"];
    args.extend_from_slice(PLAN);
    args.push("--no-color");
    assert!(!iamform(crate_root(), &args).stdout.contains('\u{1b}'));
}

#[test]
fn usage_errors_exit_1_never_2() {
    // 2 is "changes" for `plan --detailed-exitcode`: a mistyped flag must not read so.
    let mut args = PLAN.to_vec();
    args.extend(["--detailed-exitcode", "--no-such-flag"]);
    let run = iamform(crate_root(), &args);
    crate::assert_run_snapshot!("usage_error", run);
    let help = iamform(crate_root(), &["plan", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--detailed-exitcode"));
}

#[test]
fn validate_takes_the_directory_from_dash_c_like_every_command() {
    let run = iamform(crate_root(), &["-C", "examples/quickstart", "validate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
}

/// `text` without its `ESC [ … m` sequences.
fn without_sgr(text: &str) -> String {
    let mut parts = text.split('\u{1b}');
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        let rest = part.strip_prefix('[').and_then(|p| p.split_once('m'));
        out.push_str(rest.map_or(part, |(_, rest)| rest));
    }
    out
}

#[test]
fn show_renders_a_saved_plan_exactly_as_plan_did() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let plan = |format: &str| {
        iamform(
            &dir,
            &[
                "plan",
                "--state",
                "state.json",
                "--format",
                format,
                "--out",
                "p.json",
            ],
        )
    };
    for format in ["text", "markdown", "json"] {
        let planned = plan(format);
        assert_eq!(planned.code, 0, "{}", planned.stderr);
        let shown = iamform(&dir, &["show", "p.json", "--format", format]);
        assert_eq!((shown.code, shown.stderr.as_str()), (0, ""), "{format}");
        assert_eq!(shown.stdout, planned.stdout, "{format}");
    }
    let detailed = iamform(&dir, &["show", "p.json", "--detailed-exitcode"]);
    assert_eq!(detailed.code, 2);
    let missing = iamform(&dir, &["show", "nope.json"]);
    crate::assert_run_snapshot!("show_missing_plan", missing);
    std::fs::write(dir.join("bad.json"), "{\"changes\": 3}").unwrap();
    let bad = iamform(&dir, &["show", "bad.json"]);
    crate::assert_run_snapshot!("show_not_a_plan", bad);
}

#[test]
fn completions_and_man_pages_come_from_the_command_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = iamform(crate_root(), &["completions", shell]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{shell}");
        // Every subcommand is completed.
        for sub in ["validate", "plan", "apply", "show", "audit", "can"] {
            assert!(run.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    let bash = iamform(crate_root(), &["completions", "bash"]);
    assert!(bash.stdout.contains("--detailed-exitcode"));
    let man = iamform(crate_root(), &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(man.stdout.contains(".TH iamform 1"), "roff title");
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("man1");
    let run = iamform(crate_root(), &["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["iamform.1", "iamform-plan.1", "iamform-policy-simulate.1"] {
        assert!(dir.join(page).is_file(), "{page} missing");
    }
}

#[test]
fn graph_draws_entities_from_manifests_and_changes_from_a_saved_plan() {
    let entities = iamform(crate_root(), &["-C", "examples/quickstart", "graph"]);
    assert_eq!((entities.code, entities.stderr.as_str()), (0, ""));
    insta::assert_snapshot!("graph_quickstart_entities_dot", entities.stdout);
    let (_guard, dir) = temp_copy("examples/quickstart");
    let saved = iamform(&dir, &["plan", "--state", "state.json", "--out", "p.json"]);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let changes = iamform(&dir, &["graph", "p.json", "--format", "mermaid"]);
    assert_eq!((changes.code, changes.stderr.as_str()), (0, ""));
    assert!(changes.stdout.starts_with("flowchart LR\n"));
    insta::assert_snapshot!("graph_quickstart_plan_mermaid", changes.stdout);
}
