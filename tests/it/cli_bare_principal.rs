//! `"Principal": "arn:…"` written as a bare string. IAM's grammar allows only `"*"` there
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>:
//! `<principal_block> = ("Principal" | "NotPrincipal") : ("*" | <principal_map>)`), so
//! every command that reads the document gives one located error per document naming
//! the fix (`{"AWS": "arn:…"}`) and exits 1; none panics.

use crate::support::offline_cli::{self, Run};

const BARE: &str = "tests/fixtures/policies/bare_principal.json";

fn iamform(args: &[&str]) -> Run {
    offline_cli::iamform(offline_cli::crate_root(), args)
}

/// One error, at `line:column` of the value, with the fix.
fn assert_one_located_error(run: &Run, fix: &str) {
    assert_eq!(run.code, 1, "{}", run.transcript());
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(
        all.matches("is not a principal element").count(),
        1,
        "{all}"
    );
    assert!(all.contains(fix), "{all}");
}

#[test]
fn lint_points_at_the_bare_principal() {
    let run = iamform(&["policy", "lint", BARE]);
    assert_one_located_error(&run, r#"{"AWS": "arn:aws:iam::222222222222:root"}"#);
    // The column counts in the whole (minified) line.
    assert!(
        run.stdout
            .contains("--> tests/fixtures/policies/bare_principal.json:1:85\n")
    );
    crate::assert_run_snapshot!("lint", run);
}

#[test]
fn equivalent_normalize_and_simulate_name_the_place_and_the_fix() {
    let fix = r#"{"AWS": "arn:aws:iam::222222222222:root"}"#;
    let equivalent = iamform(&[
        "policy",
        "equivalent",
        BARE,
        "tests/fixtures/policies/read_bucket.json",
    ]);
    assert_one_located_error(&equivalent, fix);
    crate::assert_run_snapshot!("equivalent", equivalent);
    let normalize = iamform(&["policy", "normalize", BARE]);
    assert_one_located_error(&normalize, fix);
    assert_eq!(normalize.stderr, equivalent.stderr);
    let simulate = iamform(&[
        "policy",
        "simulate",
        "--resource-policy",
        BARE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::acme-logs/a",
        "--principal",
        "arn:aws:iam::222222222222:user/a",
        "--resource-account",
        "111111111111",
    ]);
    assert_one_located_error(&simulate, fix);
    crate::assert_run_snapshot!("simulate", simulate);
}

#[test]
fn validate_reports_each_document_once() {
    let run = iamform(&["validate", "tests/fixtures/manifests/bad_bare_principal"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(
        all.matches("is not a principal element").count(),
        2,
        "{all}"
    );
    assert!(all.contains(r#"{"AWS": "arn:aws:iam::222222222222:root"}"#));
    assert!(all.contains(r#"{"AWS": "arn:aws:iam::333333333333:role/audit"}"#));
    crate::assert_run_snapshot!("validate", run);
}
