//! Who may assume a role: the principals its trust policy allows to call `sts:AssumeRole*`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::policy::Principal;
use crate::policy::simulate::{Request, StatementMatch, statement_applies};
use crate::policy::{Effect, PrincipalElement};

/// Principals (`AWS arn:…`, `Service ec2.amazonaws.com`, `everyone`) allowed to assume
/// the role by `trust`, as readable strings. Conditions are not evaluated: a principal
/// counts when some Allow statement names it.
pub fn assumers(trust: &Value) -> BTreeSet<String> {
    let Ok(policy) = crate::policy::parse(trust) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for statement in &policy.statements {
        if statement.effect != Effect::Allow {
            continue;
        }
        let assumes = [
            "sts:AssumeRole",
            "sts:AssumeRoleWithWebIdentity",
            "sts:AssumeRoleWithSAML",
        ]
        .iter()
        .any(|action| {
            let probe = Request {
                action: action.to_string(),
                ..Default::default()
            };
            let mut bare = statement.clone();
            bare.condition = Default::default();
            bare.principal = None;
            statement_applies(&bare, &probe, false, false) == StatementMatch::Applies
        });
        if !assumes {
            continue;
        }
        match &statement.principal {
            Some(PrincipalElement::Principal(p)) if p.is_everyone() => {
                out.insert("everyone".to_string());
            }
            Some(PrincipalElement::Principal(p)) => {
                if let Principal::Typed(map) = p.normalized() {
                    for (kind, values) in map {
                        for v in values {
                            out.insert(format!("{} {v}", kind.key()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lists_allowed_principals_of_assume_statements() {
        let trust = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": "111111111111"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:user/x"}, "Action": "sts:TagSession"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}
        ]});
        let found: Vec<String> = assumers(&trust).into_iter().collect();
        assert_eq!(
            found,
            [
                "AWS arn:aws:iam::111111111111:root",
                "Service ec2.amazonaws.com"
            ]
        );
    }
}
