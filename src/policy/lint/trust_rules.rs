//! Security findings in role trust policies: open to everyone, to a whole other account
//! without a condition, or to a third party without `sts:ExternalId`.

use super::{Finding, LintOptions, LocatedStatement, Rule};
use crate::policy::document::{Effect, PrincipalElement};
use crate::policy::principal::{Principal, PrincipalType};

/// Checks one trust statement.
pub(super) fn check_statement(
    located: &LocatedStatement<'_>,
    options: &LintOptions,
    out: &mut Vec<Finding>,
) {
    let s = located.statement;
    let Some(PrincipalElement::Principal(principal)) = &s.principal else {
        return;
    };
    if s.effect != Effect::Allow {
        return;
    }
    let at = located.path.key("Principal");
    let unconditional = s.condition.is_empty();
    if principal.is_everyone() || aws_values(principal).contains(&"*") {
        if unconditional {
            out.push(
                Finding::new(Rule::TrustAnyone, at, "anyone, in any AWS account, may assume this role")
                    .with_hint("name the accounts or roles that may assume it, or add an `aws:PrincipalOrgID` condition"),
            );
        }
        return;
    }
    let has_external_id = s.condition.0.values().any(|keys| {
        keys.keys()
            .any(|k| k.eq_ignore_ascii_case("sts:ExternalId"))
    });
    for value in aws_values(principal) {
        let Some(account) = account_of(value) else {
            continue;
        };
        let foreign = !options.own_accounts.iter().any(|a| a == account);
        let whole_account = crate::arn::is_account_id(value) || value.ends_with(":root");
        if whole_account && unconditional && (foreign || options.own_accounts.is_empty()) {
            out.push(
                Finding::new(Rule::TrustWholeAccount, at.clone(), format!("every principal of account {account} that its admins allow may assume this role"))
                    .with_hint("name the role that may assume it, or add an `aws:PrincipalArn` condition"),
            );
        }
        if foreign && !options.own_accounts.is_empty() && !has_external_id {
            out.push(
                Finding::new(Rule::TrustWithoutExternalId, at.clone(), format!("account {account} is outside this project, and the role does not require `sts:ExternalId`"))
                    .with_hint("add Condition: {StringEquals: {\"sts:ExternalId\": \"<id the third party gave you>\"}} (the confused-deputy guard)"),
            );
        }
    }
}

fn aws_values(principal: &Principal) -> Vec<&str> {
    match principal {
        Principal::Any => vec!["*"],
        Principal::Typed(map) => map
            .get(&PrincipalType::Aws)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default(),
    }
}

fn account_of(value: &str) -> Option<&str> {
    if crate::arn::is_account_id(value) {
        return Some(value);
    }
    value
        .split(':')
        .nth(4)
        .filter(|a| crate::arn::is_account_id(a))
}
