//! How `aws:MultiFactorAuthPresent` conditions are read in effective access.
//!
//! The key is `true` in requests signed with credentials obtained with MFA, `false` in
//! those with temporary credentials obtained without MFA, and absent from requests made
//! with long-term access keys (IAM User Guide, "aws:MultiFactorAuthPresent"). A
//! statement's MFA tests can therefore be decided exactly for each of these three
//! sign-ins, while its other conditions stay unknown. A principal "may" do what it may
//! do after signing in with MFA; it may do it "only with MFA" when some other sign-in is
//! refused, e.g. by `require_mfa`'s `BoolIfExists … false` Deny.

use crate::policy::simulate::{Context, Request, StatementMatch, statement_applies};
use crate::policy::{ActionList, ConditionBlock, Effect, Statement};

const MFA_KEY: &str = "aws:multifactorauthpresent";

/// The sign-ins an `aws:MultiFactorAuthPresent` test tells apart, as request contexts:
/// with MFA, without MFA (temporary credentials), with long-term access keys.
pub(super) const SIGN_INS: [Option<&str>; 3] = [Some("true"), Some("false"), None];
/// Index of the MFA sign-in in [`SIGN_INS`].
pub(super) const WITH_MFA: usize = 0;

/// A statement's conditions, split into the MFA tests and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ConditionReading {
    /// Whether the MFA tests hold, per sign-in of [`SIGN_INS`] (all true without tests).
    pub holds: [bool; 3],
    /// Whether the statement has MFA tests at all.
    pub tests_mfa: bool,
    /// Whether it has other conditions, which the permissive reading cannot decide.
    pub other: bool,
}

/// Reads `block`: the MFA key under plain operators (`Bool`, `BoolIfExists`, `Null`, …)
/// is evaluated by the simulator per sign-in; set operators on it count as "other".
pub(super) fn read_conditions(block: &ConditionBlock) -> ConditionReading {
    let mut mfa = ConditionBlock::default();
    let mut other = false;
    for (operator, keys) in &block.0 {
        for (key, values) in keys {
            if key.eq_ignore_ascii_case(MFA_KEY) && operator.set.is_none() {
                mfa.0
                    .entry(*operator)
                    .or_default()
                    .insert(key.clone(), values.clone());
            } else {
                other = true;
            }
        }
    }
    if mfa.is_empty() {
        return ConditionReading {
            holds: [true; 3],
            tests_mfa: false,
            other,
        };
    }
    let probe = Statement {
        sid: None,
        effect: Effect::Allow,
        principal: None,
        action: ActionList::Action(vec!["*".into()]),
        resource: None,
        condition: mfa,
    };
    let holds = SIGN_INS.map(|value| {
        let mut context = Context::new();
        if let Some(value) = value {
            context.insert(MFA_KEY, value);
        }
        let request = Request::new("sts:GetCallerIdentity", "*", None, context);
        statement_applies(&probe, &request, false, false) == StatementMatch::Applies
    });
    ConditionReading {
        holds,
        tests_mfa: true,
        other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn reading(condition: serde_json::Value) -> ConditionReading {
        let policy = crate::policy::parse(&json!({"Version": "2012-10-17", "Statement": {
            "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition}}))
        .unwrap();
        read_conditions(&policy.statements[0].condition)
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
    // The key is absent with long-term access keys; `Bool` does not match a missing key,
    // `BoolIfExists` does. So `BoolIfExists false` (the tutorial's Deny, used by
    // `require_mfa`) refuses both sign-ins without MFA, and `Bool true` (an Allow "with
    // MFA") holds only with MFA.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html
    #[test]
    fn mfa_tests_are_decided_per_sign_in() {
        let deny_without =
            reading(json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}));
        assert_eq!(deny_without.holds, [false, true, true]);
        assert!(deny_without.tests_mfa && !deny_without.other);
        let allow_with = reading(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}}));
        assert_eq!(allow_with.holds, [true, false, false]);
        // `Bool false` misses long-term keys: the weakness `BoolIfExists` exists for.
        let plain_false = reading(json!({"Bool": {"aws:MultiFactorAuthPresent": "false"}}));
        assert_eq!(plain_false.holds, [false, true, false]);
        let absent = reading(json!({"Null": {"aws:MultiFactorAuthPresent": "true"}}));
        assert_eq!(absent.holds, [false, false, true]);
    }

    #[test]
    fn other_conditions_are_kept_apart() {
        let mixed = reading(json!({
            "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "StringEquals": {"aws:RequestedRegion": "eu-west-1"}
        }));
        assert_eq!(mixed.holds, [true, false, false]);
        assert!(mixed.other);
        let none = reading(json!({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}));
        assert_eq!(none.holds, [true; 3]);
        assert!(!none.tests_mfa && none.other);
    }
}
