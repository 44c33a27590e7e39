//! Condition keys used against their meaning: the `aws:MultiFactorAuthPresent` tests a
//! missing key gets past (`IAM107`), and set operators on single-valued keys (`IAM015`).
//!
//! - `aws:MultiFactorAuthPresent` is absent from requests signed with long-term access
//!   keys, so `Bool … false` does not match them and `BoolIfExists … true` lets them in
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent>).
//! - `ForAllValues:` is true when the key is missing, and neither set operator is meant
//!   for a key with one value per request
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>).

use super::{Finding, LocatedStatement, Rule};
use crate::policy::catalog::catalog;
use crate::policy::document::Effect;
use crate::policy::path::JsonPath;
use crate::policy::{ConditionOperator, OperatorKind, SetQualifier};

/// Global keys that have one value per request (the `aws:` keys IAM documents as
/// single-valued; tag keys are single-valued per tag). Lower case; a trailing `/` is a
/// prefix.
const SINGLE_VALUED_GLOBAL_KEYS: &[&str] = &[
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:currenttime",
    "aws:epochtime",
    "aws:federatedprovider",
    "aws:multifactorauthage",
    "aws:multifactorauthpresent",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalisawsservice",
    "aws:principalorgid",
    "aws:principalservicename",
    "aws:principaltag/",
    "aws:principaltype",
    "aws:referer",
    "aws:requestedregion",
    "aws:requesttag/",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourcetag/",
    "aws:securetransport",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceidentity",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:tokenissuetime",
    "aws:useragent",
    "aws:userid",
    "aws:username",
    "aws:viaawsservice",
    "aws:vpcsourceip",
];

/// Checks every condition of one statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    for (operator, keys) in &s.condition.0 {
        for (key, values) in keys {
            let at = located
                .path
                .key("Condition")
                .key(&operator.to_string())
                .key(key);
            if key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") {
                check_mfa(*operator, values, s.effect, at.clone(), out);
            }
            if let Some(set) = operator.set
                && is_single_valued(key)
            {
                out.push(set_operator_finding(set, key, at));
            }
        }
    }
}

fn check_mfa(
    operator: ConditionOperator,
    values: &[String],
    effect: Effect,
    at: JsonPath,
    out: &mut Vec<Finding>,
) {
    let has = |v: &str| values.iter().any(|x| x.eq_ignore_ascii_case(v));
    let (message, hint) = match (operator.kind, operator.if_exists, effect) {
        (OperatorKind::Bool, false, _) if has("false") => (
            "`Bool` with `aws:MultiFactorAuthPresent` false does not match requests signed with long-term access keys: they carry no such key",
            "to deny without MFA, use `BoolIfExists` with false (or `Null` with true)",
        ),
        (OperatorKind::Bool, true, Effect::Allow) if has("true") => (
            "`BoolIfExists` with `aws:MultiFactorAuthPresent` true allows requests signed with long-term access keys, which carry no MFA information",
            "use `Bool` with true to require MFA",
        ),
        (OperatorKind::Null, _, Effect::Allow) if has("false") => (
            "`Null` with `aws:MultiFactorAuthPresent` false only requires temporary credentials, not MFA",
            "use `Bool` with true to require MFA",
        ),
        _ => return,
    };
    out.push(Finding::new(Rule::MfaMissingNotFalse, at, message).with_hint(hint));
}

fn set_operator_finding(set: SetQualifier, key: &str, at: JsonPath) -> Finding {
    let (message, hint) = match set {
        SetQualifier::ForAllValues => (
            format!(
                "`ForAllValues:` on `{key}`, which has one value per request: it also holds when the key is missing"
            ),
            "drop `ForAllValues:` and use the plain operator",
        ),
        SetQualifier::ForAnyValue => (
            format!("`ForAnyValue:` on `{key}`, which has one value per request"),
            "drop `ForAnyValue:` and use the plain operator",
        ),
    };
    Finding::new(Rule::SetOperatorOnSingleValuedKey, at, message).with_hint(hint)
}

/// True for documented single-valued keys: the global ones listed above, and service
/// keys whose documented type is not an array. Unknown keys are not judged.
fn is_single_valued(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let Some((prefix, _)) = lower.split_once(':') else {
        return false;
    };
    if prefix == "aws" {
        return SINGLE_VALUED_GLOBAL_KEYS
            .iter()
            .any(|k| match k.strip_suffix('/') {
                Some(stem) => {
                    lower.len() > k.len()
                        && lower.starts_with(stem)
                        && lower[stem.len()..].starts_with('/')
                }
                None => lower == *k,
            });
    }
    catalog()
        .service(prefix)
        .and_then(|s| s.condition_key_multivalued(key))
        == Some(false)
}
