//! Whole-process time and peak memory of `validate`, `plan` and `import` on synthetic
//! projects of 1,000, 10,000 and 100,000 entities (recorded in docs/benchmarks.md).
//!
//! `cargo bench --bench scale` writes `<target dir>/scale/{1k,10k,100k}/`: manifests
//! written by the importer (`project/`), a recorded `state.json` with about 5 % drift,
//! and lint findings in the thousands at 10k. It then runs the binary of the same build
//! (`cargo bench` builds it in the release profile) through `/usr/bin/time` and prints
//! a Markdown table of medians. `cargo bench --bench scale -- 10k` runs one size;
//! `IAMFORM_SCALE_RUNS` sets the runs per command (default 3); `IAMFORM_SCALE_BIN` measures
//! another iamform binary on the same projects (an earlier build, to compare). Run by `cargo test
//! --all-targets` (no `--bench` argument), it checks the commands on 200 entities.

// The benchmark prints its table.
#![allow(clippy::print_stdout)]

#[path = "support/synthetic.rs"]
mod synthetic;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use iamform::arn;
use iamform::backend::state_file::{STATE_FORMAT_VERSION, StateFile};
use iamform::model::{AccountIam, PolicyDocument};
use serde_json::json;
use synthetic::{ACCOUNT_ID, synthetic_actual_iam, synthetic_desired_iam, synthetic_desired_state};

/// The sizes of a `cargo bench` run, with their directory names.
const SIZES: [(&str, usize); 3] = [("1k", 1_000), ("10k", 10_000), ("100k", 100_000)];
/// The size checked when the bench binary runs as a test.
const TEST_ENTITIES: usize = 200;
/// The iamform binary measured: `IAMFORM_SCALE_BIN` (another build, to compare), else
/// the one of this build.
fn iamform() -> PathBuf {
    std::env::var_os("IAMFORM_SCALE_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_iamform")),
        PathBuf::from,
    )
}

/// What one command did in its median run.
struct Measured {
    wall_s: f64,
    peak_mib: Option<f64>,
    exit: i32,
}

/// Adds what real accounts carry and `policy lint` warns about: every third user's inline
/// policy also passes any role (IAM101), every fifth role trusts a partner account
/// without a condition (IAM111). The roles' inline policies already name S3 objects for
/// SQS actions (IAM012).
fn with_findings(mut iam: AccountIam) -> AccountIam {
    for (i, user) in iam.users.values_mut().enumerate() {
        if i % 3 == 0 {
            user.inline_policies.insert(
                "deploy".into(),
                PolicyDocument(json!({
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
                })),
            );
        }
    }
    for (i, role) in iam.roles.values_mut().enumerate() {
        if i % 5 == 0 {
            role.trust_policy =
                synthetic::trust(&arn::account_root(arn::Partition::Aws, "222222222222"));
        }
    }
    iam
}

/// Writes the project of `entities` entities into `dir` (emptied first).
fn generate(dir: &Path, entities: usize) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove the previous project");
    }
    let project = dir.join("project");
    std::fs::create_dir_all(&project).expect("create the project directory");
    let desired_iam = with_findings(synthetic_desired_iam(entities));
    let actual = synthetic_actual_iam(&desired_iam);
    let state = StateFile {
        format_version: STATE_FORMAT_VERSION,
        accounts: BTreeMap::from([(ACCOUNT_ID.to_string(), actual)]),
        organization: None,
    };
    let text = serde_json::to_string(&state).expect("serialize the state");
    std::fs::write(dir.join("state.json"), text).expect("write state.json");
    synthetic::write_manifests(&synthetic_desired_state(desired_iam), &project);
}

/// The commands measured on a generated project, with a short name each.
fn commands(dir: &Path) -> Vec<(&'static str, Vec<String>)> {
    let s = |p: PathBuf| p.display().to_string();
    let project = s(dir.join("project"));
    let state = s(dir.join("state.json"));
    vec![
        ("validate", vec!["validate".into(), project.clone()]),
        (
            "plan --state",
            vec![
                "-C".into(),
                project,
                "plan".into(),
                "--state".into(),
                state.clone(),
            ],
        ),
        (
            "import --state",
            vec![
                "-C".into(),
                s(dir.join("empty")),
                "import".into(),
                "--state".into(),
                state,
                "--out".into(),
                s(dir.join("imported")),
            ],
        ),
    ]
}

/// Runs iamform with `args` once, its output into `dir/<name>.out`, timed from outside;
/// peak memory from `/usr/bin/time` when it exists.
fn run_once(dir: &Path, name: &str, args: &[String]) -> Measured {
    std::fs::create_dir_all(dir.join("empty")).expect("create the empty directory");
    let _ = std::fs::remove_dir_all(dir.join("imported"));
    let out_name = name.split(' ').next().unwrap_or(name);
    let out = File::create(dir.join(format!("{out_name}.out"))).expect("create the output file");
    let err = out.try_clone().expect("clone the output file");
    let rusage = dir.join("rusage");
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&rusage).arg(iamform());
        c
    } else {
        Command::new(iamform())
    };
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    let start = Instant::now();
    let status = command.status().expect("run iamform");
    let wall_s = start.elapsed().as_secs_f64();
    let peak_mib = std::fs::read_to_string(&rusage)
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    Measured {
        wall_s,
        peak_mib,
        exit: status.code().unwrap_or(-1),
    }
}

/// The median of `runs` runs (by wall time).
fn measure(dir: &Path, name: &str, args: &[String], runs: usize) -> Measured {
    let mut all: Vec<Measured> = (0..runs).map(|_| run_once(dir, name, args)).collect();
    all.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
    all.swap_remove(all.len() / 2)
}

/// The findings line `validate` ends with (`ok: …` or the counts).
fn validate_summary(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("validate.out")).unwrap_or_default();
    let warnings = text.lines().filter(|l| l.starts_with("warning[")).count();
    format!("{warnings} warnings")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        let dir = tempfile::tempdir().expect("temp dir");
        generate(dir.path(), TEST_ENTITIES);
        for (name, command) in commands(dir.path()) {
            let m = run_once(dir.path(), name, &command);
            assert_eq!(m.exit, 0, "{name} on {TEST_ENTITIES} entities");
        }
        assert!(validate_summary(dir.path()) != "0 warnings");
        return;
    }
    let chosen: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let runs = std::env::var("IAMFORM_SCALE_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let target = Path::new(env!("CARGO_BIN_EXE_iamform"))
        .parent()
        .and_then(Path::parent)
        .expect("the binary lives in <target>/<profile>/")
        .to_path_buf();
    println!("| entities | command | wall (median of {runs}) | peak RSS | exit | notes |");
    println!("|---:|---|---:|---:|---:|---|");
    for (label, entities) in SIZES {
        if !chosen.is_empty() && !chosen.iter().any(|c| *c == label) {
            continue;
        }
        let dir = target.join("scale").join(label);
        generate(&dir, entities);
        for (name, command) in commands(&dir) {
            let m = measure(&dir, name, &command, runs);
            let peak = m
                .peak_mib
                .map_or_else(|| "?".to_string(), |p| format!("{p:.0} MiB"));
            let notes = if name == "validate" {
                validate_summary(&dir)
            } else {
                String::new()
            };
            println!(
                "| {entities} | `{name}` | {:.2} s | {peak} | {} | {notes} |",
                m.wall_s, m.exit
            );
        }
    }
}
