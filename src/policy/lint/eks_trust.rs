//! An EKS trust (IAM roles for service accounts) must say which service account: the
//! cluster's provider issues tokens to every service account of every namespace, and
//! only `sub` (`system:serviceaccount:NAMESPACE:NAME`) tells them apart; `aud`
//! (`sts.amazonaws.com`) keeps tokens meant for other audiences out
//! (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).

use super::federated_subject::{Claims, admits_any_first_part, oidc_providers};
use super::{Finding, LocatedStatement, Rule};

/// True when `provider` is an EKS cluster's issuer as IAM names it:
/// `oidc.eks.REGION.amazonaws.com/id/ID` (`.amazonaws.com.cn` in China).
pub(super) fn is_eks_provider(provider: &str) -> bool {
    let Some(rest) = provider.strip_prefix("oidc.eks.") else {
        return false;
    };
    let Some((host, path)) = rest.split_once('/') else {
        return false;
    };
    let region = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"));
    let id = path.strip_prefix("id/");
    region.is_some_and(|r| !r.is_empty() && !r.contains('.'))
        && id.is_some_and(|i| !i.is_empty() && !i.contains('/'))
}

/// True when a `StringLike` pattern matches `system:serviceaccount:NS:…` for namespaces
/// nobody chose: its namespace (or anything before it) is a wildcard.
fn admits_any_namespace(pattern: &str) -> bool {
    admits_any_first_part(pattern, "system:serviceaccount:", ':')
}

/// Checks one trust statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    let providers: Vec<&str> = oidc_providers(s)
        .into_iter()
        .filter(|p| is_eks_provider(p))
        .collect();
    if providers.is_empty() {
        return;
    }
    let claims = Claims::of(s);
    for provider in providers {
        let at = located.path.key("Condition");
        let subjects = claims.tests(provider, "sub");
        if subjects.is_empty() {
            out.push(
                Finding::new(
                    Rule::EksTrustAnyServiceAccount,
                    at.clone(),
                    "the EKS trust has no `sub` condition: every service account in every namespace of the cluster may assume this role",
                )
                .with_hint(format!("write `eks: {{cluster_oidc: …, namespace: NS, service_account: NAME}}`, or a StringEquals condition on `{provider}:sub`")),
            );
        }
        for test in &subjects {
            if let Some(open) = test.open_value(admits_any_namespace) {
                out.push(
                    Finding::new(
                        Rule::EksTrustAnyServiceAccount,
                        at.clone(),
                        format!("`sub` pattern `{open}` matches service accounts of any namespace"),
                    )
                    .with_hint("name the namespace before any wildcard, e.g. `system:serviceaccount:apps:*`"),
                );
            }
        }
        // A `StringLike` audience `*` tests nothing.
        let any = |v: &String| !v.is_empty() && v.chars().all(|c| c == '*');
        let audiences = claims.tests(provider, "aud");
        let tested = audiences
            .iter()
            .any(|t| !(t.like && t.values.iter().any(any)));
        if !tested {
            out.push(
                Finding::new(
                    Rule::EksTrustWithoutAudience,
                    at,
                    "the EKS trust has no `aud` condition: a token for any audience the cluster's provider lists is accepted, not only `sts.amazonaws.com`",
                )
                .with_hint(format!("add `StringEquals: {{\"{provider}:aud\": \"sts.amazonaws.com\"}}` (the `eks:` shorthand writes it)")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_eks_provider;

    #[test]
    fn eks_providers_are_recognised_by_their_issuer_shape() {
        for eks in [
            "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            "oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC",
        ] {
            assert!(is_eks_provider(eks), "{eks}");
        }
        for other in [
            "gitlab.com",
            "oidc.eks.eu-west-1.amazonaws.com",
            "oidc.eks.eu-west-1.amazonaws.com/id/",
            "oidc.eks.amazonaws.com/id/ABC",
            "oidc.eks.eu-west-1.example.com/id/ABC",
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC/x",
        ] {
            assert!(!is_eks_provider(other), "{other}");
        }
    }
}
