//! Grammar, element-for-kind and size checks; the parsed policy when the grammar holds.

use serde_json::Value;

use super::{Finding, LintOptions, Rule, SizeCheck};
use crate::diagnostic::Severity;
use crate::policy::document::Policy;
use crate::policy::error::PolicyError;
use crate::policy::path::JsonPath;
use crate::policy::policy_kind::{follows_grammar, parse_for};
use crate::policy::size::{
    GROUP_INLINE_POLICIES_MAX, ROLE_INLINE_POLICIES_MAX, SizeLimit, USER_INLINE_POLICIES_MAX,
};

/// Parses `document` for `options.kind`, adding findings for every problem; `None` when
/// the grammar does not hold.
pub(super) fn check(
    document: &Value,
    options: &LintOptions,
    out: &mut Vec<Finding>,
) -> Option<Policy> {
    check_size(document, options.size, out);
    match parse_for(document, options.kind) {
        Ok(policy) => Some(policy),
        Err(err) => {
            // A document that follows the grammar has only problems of its kind.
            let rule = if follows_grammar(document, options.kind) {
                Rule::WrongElementForKind
            } else {
                Rule::Grammar
            };
            out.extend(problems(err, rule));
            None
        }
    }
}

/// Over a known quota is an error; over the customer managed quota of a document whose
/// use is unknown is a warning that names the quotas it might still fit.
fn check_size(document: &Value, check: SizeCheck, out: &mut Vec<Finding>) {
    let (limit, known) = match check {
        SizeCheck::Skip => return,
        SizeCheck::Quota(limit) => (limit, true),
        SizeCheck::Advisory(limit) => (limit, false),
    };
    let size = limit.measure(document);
    if size <= limit.max_chars() {
        return;
    }
    let (max, whitespace) = (limit.max_chars(), limit.whitespace_rule());
    let message = if known {
        format!("{limit} is {size} characters, over the limit of {max} ({whitespace})")
    } else {
        format!(
            "the document is {size} characters, over the {max} a customer managed policy may have ({whitespace})"
        )
    };
    let mut finding = Finding::new(Rule::Size, JsonPath::root(), message);
    if known {
        let hint = match limit {
            SizeLimit::RoleTrustPolicy => {
                "split the principals over roles, or ask AWS Service Quotas for up to 4,096 characters"
            }
            _ => "split the document, or drop statements a wildcard already covers",
        };
        out.push(finding.with_hint(hint));
        return;
    }
    finding.severity = Severity::Warning;
    out.push(finding.with_hint(format!(
        "fine for an AWS-managed policy; as an inline policy it shares the {USER_INLINE_POLICIES_MAX} (user), \
         {GROUP_INLINE_POLICIES_MAX} (group) or {ROLE_INLINE_POLICIES_MAX} (role) characters of its identity; \
         otherwise split it"
    )));
}

fn problems(err: PolicyError, rule: Rule) -> impl Iterator<Item = Finding> {
    err.problems.into_iter().map(move |p| Finding {
        rule,
        severity: rule.severity(),
        path: p.path,
        message: p.message,
        hint: p.hint,
    })
}
