//! The integration tests: one test binary (linking the AWS SDK once instead of once per
//! file), one module per concern. `every_test_file_is_a_module` keeps a new file from
//! being silently left out.

// Tests talk to the test log (skipped moto tests, what a child process read).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

mod apply_fake;
mod apply_fake_throttling;
mod audit_moto;
mod audit_recorded;
mod aws_backend_moto;
mod aws_backend_moto_session;
mod aws_backend_moto_users;
mod ci_examples;
mod cli_apply;
mod cli_aws_errors;
mod cli_bare_principal;
mod cli_can_mfa;
mod cli_conditions;
mod cli_credentials;
mod cli_expiry;
mod cli_fmt;
mod cli_identity_center;
mod cli_identity_providers;
mod cli_incomplete;
mod cli_interrupt;
mod cli_lint;
mod cli_lint_aws_managed;
mod cli_lint_located;
mod cli_no_permissions;
mod cli_output;
mod cli_plan;
mod cli_plan_access;
mod cli_plan_findings;
mod cli_plan_large;
mod cli_plan_target;
mod cli_policy;
mod cli_references;
mod cli_service_linked_roles;
mod cli_simulate;
mod cli_state_lock;
mod cli_untrusted;
mod cli_validate;
mod e2e_drift;
mod e2e_moto;
mod e2e_moto_credentials;
mod e2e_moto_expiry;
mod e2e_moto_providers;
mod e2e_moto_references;
mod e2e_moto_tags;
mod e2e_saved_plan;
mod e2e_state_pull;
mod fuzz_untrusted_input;
mod identity_center_moto;
mod import_moto;
mod import_roundtrip;
mod incomplete_moto;
mod multi_account;
mod multi_account_fake;
mod multi_account_moto;
mod organization_links_offline;
mod organization_moto;
mod organization_offline;
mod organization_scale_offline;
mod schema_fresh;

/// Every `tests/it/*.rs` file is declared above; a forgotten one would never run.
#[test]
fn every_test_file_is_a_module() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/it");
    let main = std::fs::read_to_string(dir.join("main.rs")).expect("main.rs is readable");
    let mut forgotten = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/it is readable") {
        let name = entry.expect("a directory entry").file_name();
        let name = name.to_string_lossy();
        if let Some(module) = name.strip_suffix(".rs")
            && module != "main"
            && !main.contains(&format!("\nmod {module};\n"))
        {
            forgotten.push(name.to_string());
        }
    }
    assert!(
        forgotten.is_empty(),
        "declare these in tests/it/main.rs: {forgotten:?}"
    );
    assert!(
        !root.join("tests/snapshots").exists(),
        "snapshots live in tests/it/snapshots"
    );
}
