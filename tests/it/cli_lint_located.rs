//! `iamform validate` locates lint findings at the statement or element they name: in
//! the manifest for inline documents, in the policy file for `{file: …}` documents, and
//! at the entity only for documents iamform generates (the `trust:` shorthand).

use crate::support::offline_cli;

#[test]
fn validate_points_findings_at_statements_in_yaml_and_json() {
    let run = offline_cli::iamform(
        offline_cli::crate_root(),
        &["validate", "tests/fixtures/lint/manifests/located"],
    );
    // Unknown actions are warnings: IAM accepts them.
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The JSON file's unknown action is at its line and column, not at `release:`.
    assert!(
        run.stdout
            .contains("warning[IAM011]: policy release: Statement[0].Action[1]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("located/policies/release.json:7:36\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("validate_lint_located", run.stdout);
}
