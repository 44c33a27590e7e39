//! Grammar, element-for-kind and size checks; the parsed policy when the grammar holds.

use serde_json::Value;

use super::{Finding, LintOptions, Rule};
use crate::policy::document::Policy;
use crate::policy::error::PolicyError;
use crate::policy::parse::parse;
use crate::policy::path::JsonPath;
use crate::policy::policy_kind::parse_for;
use crate::policy::size::{SizeLimit, iam_char_count};

/// Parses `document` for `options.kind`, adding findings for every problem; `None` when
/// the grammar does not hold.
pub(super) fn check(
    document: &Value,
    options: &LintOptions,
    out: &mut Vec<Finding>,
) -> Option<Policy> {
    if let Some(limit) = options.size_limit {
        let size = iam_char_count(document);
        if size > limit.max_chars() {
            let mut finding = Finding::new(
                Rule::Size,
                JsonPath::root(),
                format!("{limit} is {size} characters, over IAM's limit of {} (whitespace is not counted)", limit.max_chars()),
            )
            .with_hint(size_hint(limit));
            finding.severity = options.size_level;
            out.push(finding);
        }
    }
    match parse_for(document, options.kind) {
        Ok(policy) => Some(policy),
        Err(err) => {
            // A document that parses on its own has only kind problems.
            let rule = if parse(document).is_ok() {
                Rule::WrongElementForKind
            } else {
                Rule::Grammar
            };
            out.extend(problems(err, rule));
            None
        }
    }
}

fn size_hint(limit: SizeLimit) -> &'static str {
    match limit {
        SizeLimit::RoleTrustPolicy => {
            "shorten it, or ask AWS to raise the trust policy quota (up to 4,096 characters)"
        }
        SizeLimit::ManagedPolicy => {
            "split the document, or drop statements a wildcard already covers (AWS-managed policies and a role's inline policies, up to 10,240 characters together, have other quotas)"
        }
        _ => "split the document, or drop statements a wildcard already covers",
    }
}

fn problems(err: PolicyError, rule: Rule) -> impl Iterator<Item = Finding> {
    err.problems.into_iter().map(move |p| Finding {
        rule,
        severity: rule.level(),
        path: p.path,
        message: p.message,
        hint: p.hint,
    })
}
