//! Random and mutated manifests and policy documents through validate and plan (offline,
//! against the quickstart's recorded state): never a panic, always an answer in time.
//!
//! Seeded `fastrand` mutations rather than a property-testing crate: the inputs worth
//! trying are edits of real manifests (lines dropped, repeated, swapped; values replaced
//! by hostile ones; bytes flipped), which a few lines describe, and a failing seed is
//! printed so the case can be replayed. Bounded to a few hundred runs (seconds).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use iamform::backend::Backend;
use iamform::backend::state_file::StateFileBackend;
use iamform::render::TextOptions;

const QUICKSTART: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/quickstart");
/// Runs per test; each loads, validates and plans one mutated project.
const RUNS: u64 = 120;
/// Longest one run may take before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(20);

/// Values a hostile pull request might write anywhere.
const HOSTILE: &[&str] = &[
    "\"*\"",
    "\"\"",
    "~",
    "{file: ../../../../proc/self/environ}",
    "{file: /dev/zero}",
    "{file: policies/ci-artifacts.json}",
    "{file: .}",
    "[]",
    "{}",
    "&a [*a]",
    "*nowhere",
    "!!binary aGVsbG8=",
    "\"arn:aws:iam::111111111111:role/x\"",
    "\"123456789012\"",
    "0x1F",
    "1e999",
    "-1",
    "\"\\u0000\"",
    "\"é\u{202e}\"",
    "{Effect: Allow, Action: \"*\", Resource: \"*\"}",
    "[{service: ec2.amazonaws.com}, {account: main, roles: [nobody]}]",
];

/// Fragments inserted at random places.
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "\n",
    "  ",
    "\"",
    "'",
    "#",
    "---\n",
    "&x ",
    "*x",
    ",",
    "<<: ",
    "\t",
    "\\",
    "Statement",
    "Effect",
    "file: ",
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.file_name().is_some_and(|n| n != "state.json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn copy_project(to: &Path) {
    for file in files(Path::new(QUICKSTART)) {
        let rel = file.strip_prefix(QUICKSTART).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
}

/// One to four edits of `text`.
fn mutate(rng: &mut fastrand::Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.usize(1..=4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.usize(..lines.len());
        match rng.u8(..6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => {
                let j = rng.usize(..lines.len());
                lines.swap(i, j);
            }
            3 => {
                // Replace the value after the first `: `, keeping the key.
                let value = HOSTILE[rng.usize(..HOSTILE.len())];
                if let Some((key, _)) = lines[i].split_once(": ") {
                    lines[i] = format!("{key}: {value}");
                } else {
                    lines[i] = format!("{}{value}", lines[i]);
                }
            }
            4 => {
                let line = &mut lines[i];
                let at = rng.usize(..=line.len());
                let at = (0..=at)
                    .rev()
                    .find(|&k| line.is_char_boundary(k))
                    .unwrap_or(0);
                line.insert_str(at, FRAGMENTS[rng.usize(..FRAGMENTS.len())]);
            }
            _ => {
                let line = &mut lines[i];
                if !line.is_empty() {
                    let at = rng.usize(..line.len());
                    if line.is_char_boundary(at) && line.is_char_boundary(at + 1) {
                        let c = char::from(rng.u8(0x20..0x7f));
                        line.replace_range(at..at + 1, &c.to_string());
                    }
                }
            }
        }
    }
    lines.join("\n") + "\n"
}

/// Loads, validates and plans `dir` against the quickstart's recorded state, as
/// `iamform plan --state` does, rendering every format.
fn validate_and_plan(dir: &Path) -> usize {
    let report = iamform::manifest::check(dir, iamform::model::UtcTime { unix: 0 });
    let Some(desired) = report.state else {
        assert!(report.diagnostics.has_errors(), "no state and no error");
        return report.diagnostics.0.len();
    };
    let lint = iamform::access::lint_state(&desired);
    let backend = StateFileBackend::open(Path::new(QUICKSTART).join("state.json")).unwrap();
    let mut actual = std::collections::BTreeMap::new();
    for (name, account) in &desired.accounts {
        actual.insert(name.clone(), backend.read_account(&account.config).unwrap());
    }
    match iamform::plan::build(&desired, &actual) {
        Ok(mut plan) => {
            iamform::plan::attach_findings(&mut plan, &iamform::access::lint_entities(&desired));
            let text = iamform::render::text(&plan, &TextOptions::default());
            let markdown = iamform::render::markdown(&plan);
            let json = iamform::render::json(&plan);
            lint.len() + text.len() + markdown.len() + json.len()
        }
        Err(diagnostics) => diagnostics.0.len(),
    }
}

/// Runs `work` on a thread; a panic or a run past [`DEADLINE`] fails with the seed.
fn within_deadline(seed: u64, what: &str, work: impl FnOnce() -> usize + Send + 'static) {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        let _ = done.send(result.is_ok());
    });
    match finished.recv_timeout(DEADLINE) {
        Ok(true) => {}
        Ok(false) => panic!("seed {seed}: {what} panicked"),
        Err(_) => panic!("seed {seed}: {what} did not finish within {DEADLINE:?}"),
    }
}

#[test]
fn mutated_manifests_never_panic_or_hang() {
    let manifests: Vec<PathBuf> = files(Path::new(QUICKSTART))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    for seed in 0..RUNS {
        let mut rng = fastrand::Rng::with_seed(seed);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("proj");
        copy_project(&dir);
        for _ in 0..rng.usize(1..=2) {
            let file = &manifests[rng.usize(..manifests.len())];
            let target = dir.join(file.strip_prefix(QUICKSTART).unwrap());
            let text = std::fs::read_to_string(&target).unwrap();
            std::fs::write(&target, mutate(&mut rng, &text)).unwrap();
        }
        within_deadline(seed, "validate + plan", move || {
            let n = validate_and_plan(&dir);
            drop(tmp);
            n
        });
    }
}

#[test]
fn mutated_and_random_policy_documents_never_panic_or_hang() {
    let documents: Vec<PathBuf> = files(&Path::new(QUICKSTART).join("policies"));
    for seed in 0..RUNS {
        let mut rng = fastrand::Rng::with_seed(1_000 + seed);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("proj");
        copy_project(&dir);
        let source = &documents[rng.usize(..documents.len())];
        let target = dir.join(source.strip_prefix(QUICKSTART).unwrap());
        let text = if rng.bool() {
            mutate(&mut rng, &std::fs::read_to_string(&target).unwrap())
        } else {
            // Random bytes from JSON's alphabet, so the scanner meets every token.
            let alphabet = b"{}[]:,\"\\ \n0123456789.-+eEtruefalsnl\xc3\xa9";
            let bytes: Vec<u8> = (0..rng.usize(..400))
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        std::fs::write(&target, &text).unwrap();
        within_deadline(seed, "policy document", move || {
            let file = std::sync::Arc::new(target);
            let parsed = iamform::manifest::parse_json(&file, &text).is_ok();
            validate_and_plan(&dir) + usize::from(parsed)
        });
    }
}
