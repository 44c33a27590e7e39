//! What the trust lints of OIDC workload identities (GitHub Actions, GitLab CI, EKS
//! service accounts) read from a statement: the providers it trusts, and the conditions
//! on a provider's claim keys (`HOST:sub`, `HOST:aud`).
//!
//! Only `StringEquals`, `StringEqualsIgnoreCase` and `StringLike` say who *may* assume
//! the role; negated operators only say who may not. `StringEquals` compares `*` and
//! `?` literally, so only `StringLike` values are patterns
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).

use std::collections::{HashMap, HashSet};

use crate::policy::condition::OperatorKind;
use crate::policy::document::{Effect, PrincipalElement, Statement};
use crate::policy::principal::{Principal, PrincipalType};

/// The names of the OIDC providers an Allow statement trusts, each once: the part after
/// `:oidc-provider/` of a provider ARN, or a bare host (`accounts.google.com`).
pub(super) fn oidc_providers(s: &Statement) -> Vec<&str> {
    let Some(PrincipalElement::Principal(Principal::Typed(map))) = &s.principal else {
        return Vec::new();
    };
    if s.effect != Effect::Allow {
        return Vec::new();
    }
    let Some(values) = map.get(&PrincipalType::Federated) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    values
        .iter()
        .filter_map(|v| match v.split_once(":oidc-provider/") {
            Some((arn, name)) if arn.starts_with("arn:") => Some(name),
            _ if v.starts_with("arn:") => None,
            _ => Some(v.as_str()),
        })
        .filter(|name| seen.insert(*name))
        .collect()
}

/// One positive condition on a claim key: whether its values are `StringLike`
/// patterns, and the values.
pub(super) struct ClaimTest<'a> {
    /// `StringLike`: `*` and `?` are wildcards.
    pub like: bool,
    /// The values, any of which may match.
    pub values: &'a [String],
}

impl ClaimTest<'_> {
    /// The first value that is a pattern `open` calls too wide.
    pub fn open_value(&self, open: impl Fn(&str) -> bool) -> Option<&str> {
        self.like
            .then(|| self.values.iter().find(|v| open(v)))
            .flatten()
            .map(String::as_str)
    }
}

/// One condition on a key: `Some(like)` for a positive string operator, `None` for any
/// other, and its values.
type KeyCondition<'a> = (Option<bool>, &'a [String]);

/// A statement's conditions by key, read once (keys in lower case, as IAM compares
/// them without case), so each trusted provider's claims are found without a scan.
pub(super) struct Claims<'a> {
    /// The conditions of each key.
    by_key: HashMap<String, Vec<KeyCondition<'a>>>,
}

impl<'a> Claims<'a> {
    /// The conditions of `s`.
    pub fn of(s: &'a Statement) -> Claims<'a> {
        let mut by_key: HashMap<String, Vec<_>> = HashMap::new();
        for (op, keys) in &s.condition.0 {
            let positive = match op.kind {
                OperatorKind::StringLike => Some(true),
                OperatorKind::StringEquals | OperatorKind::StringEqualsIgnoreCase => Some(false),
                _ => None,
            };
            for (key, values) in keys {
                by_key
                    .entry(key.to_ascii_lowercase())
                    .or_default()
                    .push((positive, values.as_slice()));
            }
        }
        Claims { by_key }
    }

    fn entries(&self, provider: &str, claim: &str) -> &[KeyCondition<'a>] {
        let key = format!("{provider}:{claim}").to_ascii_lowercase();
        self.by_key.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The positive conditions on claim `claim` (`sub`, `aud`) of `provider`.
    pub fn tests(&self, provider: &str, claim: &str) -> Vec<ClaimTest<'a>> {
        self.entries(provider, claim)
            .iter()
            .filter_map(|(positive, values)| positive.map(|like| ClaimTest { like, values }))
            .collect()
    }

    /// Every value any operator compares claim `claim` of `provider` with, negated ones
    /// included: what the statement says the claim looks like.
    pub fn values(&self, provider: &str, claim: &str) -> impl Iterator<Item = &'a str> {
        self.entries(provider, claim)
            .iter()
            .flat_map(|(_, values)| values.iter().map(String::as_str))
    }
}

/// True when a `StringLike` pattern for claims `PREFIX FIRST/…` (or `PREFIX FIRST:…`)
/// matches values whose first part nobody chose: that part, or anything before it, is
/// a wildcard. `sep` ends the first part (`/` after a GitHub owner or GitLab group,
/// `:` after a Kubernetes namespace).
pub(super) fn admits_any_first_part(pattern: &str, prefix: &str, sep: char) -> bool {
    let wild = |s: &str| s.contains(['*', '?']);
    match pattern.strip_prefix(prefix) {
        Some(rest) => wild(rest.split(sep).next().unwrap_or(rest)),
        // Before the prefix is complete, a wildcard matches every value after it.
        None => pattern
            .find(['*', '?'])
            .is_some_and(|at| prefix.starts_with(&pattern[..at])),
    }
}

#[cfg(test)]
mod tests {
    use super::admits_any_first_part;

    #[test]
    fn only_a_wildcard_in_the_first_part_admits_strangers() {
        let gitlab = |p: &str| admits_any_first_part(p, "project_path:", '/');
        let eks = |p: &str| admits_any_first_part(p, "system:serviceaccount:", ':');
        for open in [
            "*",
            "project_path:*",
            "project_path:ac*/web:*",
            "pro?ect_path:acme/x",
        ] {
            assert!(gitlab(open), "{open}");
        }
        for closed in ["project_path:acme/*", "project_path:acme/web:*", "x*"] {
            assert!(!gitlab(closed), "{closed}");
        }
        for open in [
            "*",
            "system:*",
            "system:serviceaccount:*",
            "system:serviceaccount:app?:web",
        ] {
            assert!(eks(open), "{open}");
        }
        for closed in [
            "system:serviceaccount:apps:*",
            "system:serviceaccount:apps:web",
        ] {
            assert!(!eks(closed), "{closed}");
        }
    }
}
