//! Turns sets of granted or revoked actions into reviewable lines: one per service and
//! resource, or, when a resource spans many services (full admin), one line for all of
//! them but the notable ones. Works on bit sets, so summarizing a whole-catalog grant
//! formats only the few example names it shows.

use std::collections::BTreeSet;

use super::access_change::AccessGrant;
#[cfg(test)]
use super::action_grants::Grants;
use crate::policy::catalog::{AccessLevel, ActionInfo, ActionSet, Service, catalog};

/// More services than this on one resource are summarized in one line, but for the
/// notable ones (full admin would otherwise list every service).
const SERVICES_PER_LINE: usize = 8;
/// Example actions kept per grant.
const EXAMPLES: usize = 3;

/// Services whose actions make the best examples: a reviewer recognizes them, and
/// access to them is the kind that escalates. They keep their own line inside a
/// many-service grant, so IAM write access stands out even inside "everything".
const NOTABLE_SERVICES: [&str; 8] = [
    "iam",
    "sts",
    "organizations",
    "kms",
    "secretsmanager",
    "s3",
    "ec2",
    "lambda",
];

/// One service's actions in a grant.
type ServiceActions = (&'static Service, Vec<&'static ActionInfo>);

/// Under which condition the actions of a grant (or what a revocation leaves) are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum GrantCondition {
    /// Always.
    None,
    /// Only after signing in with MFA.
    Mfa,
    /// Only when other conditions hold.
    Other,
}

/// The lines for `grants`, by resource, then service, marked with `condition`.
#[cfg(test)]
pub(super) fn summarize(grants: Grants, condition: GrantCondition) -> Vec<AccessGrant> {
    let mut out = Vec::new();
    for (resource, actions) in grants {
        out.extend(lines(&actions, condition).into_iter().map(|mut line| {
            line.resource = resource.clone();
            line
        }));
    }
    out
}

/// The lines for `actions` on one resource, by service, marked with `condition`; the
/// caller fills in the resource.
pub(super) fn lines(actions: &ActionSet, condition: GrantCondition) -> Vec<AccessGrant> {
    let c = catalog();
    let mut out = Vec::new();
    // Ids run in catalog order (by service, then name), so a service's actions are
    // consecutive.
    let mut by_service: Vec<ServiceActions> = Vec::new();
    for id in actions.iter() {
        let (service, action) = c.action_by_id(id);
        match by_service.last_mut() {
            Some((last, found)) if std::ptr::eq(*last, service) => found.push(action),
            _ => by_service.push((service, vec![action])),
        }
    }
    let many = by_service.len() > SERVICES_PER_LINE;
    let (own_lines, others): (Vec<ServiceActions>, Vec<ServiceActions>) = by_service
        .into_iter()
        .partition(|(s, _)| !many || NOTABLE_SERVICES.contains(&s.prefix.as_str()));
    for group in own_lines {
        out.push(grant(String::new(), &[group], condition));
    }
    if !others.is_empty() {
        out.push(grant(String::new(), &others, condition));
    }
    out
}

/// One line for `groups`, all on `resource`. Examples come from the most powerful
/// access level first, notable services first, then in catalog (name) order.
fn grant(resource: String, groups: &[ServiceActions], condition: GrantCondition) -> AccessGrant {
    let levels: BTreeSet<AccessLevel> = groups
        .iter()
        .flat_map(|(_, actions)| actions.iter().map(|a| a.access))
        .collect();
    // The best few by rank, without sorting every action of a whole-catalog grant.
    let mut best: Vec<((u8, usize, usize), &Service, &ActionInfo)> =
        Vec::with_capacity(EXAMPLES + 1);
    for (service, actions) in groups {
        let notable = NOTABLE_SERVICES
            .iter()
            .position(|n| *n == service.prefix)
            .unwrap_or(NOTABLE_SERVICES.len());
        for action in actions {
            let rank = (level_rank(action.access), notable, action.id.index());
            let at = best.partition_point(|(r, _, _)| *r <= rank);
            if at < EXAMPLES {
                best.insert(at, (rank, *service, *action));
                best.truncate(EXAMPLES);
            }
        }
    }
    AccessGrant {
        services: groups.iter().map(|(s, _)| s.prefix.clone()).collect(),
        access: levels.iter().map(|l| l.as_str().to_string()).collect(),
        resource,
        action_count: groups.iter().map(|(_, a)| a.len()).sum(),
        examples: best
            .iter()
            .map(|(_, s, a)| format!("{}:{}", s.prefix, a.name))
            .collect(),
        conditional: condition == GrantCondition::Other,
        only_with_mfa: condition == GrantCondition::Mfa,
    }
}

/// Most powerful first: changing permissions, then writing, tagging, reading, listing.
fn level_rank(level: AccessLevel) -> u8 {
    match level {
        AccessLevel::PermissionsManagement => 0,
        AccessLevel::Write => 1,
        AccessLevel::Tagging => 2,
        AccessLevel::Read => 3,
        AccessLevel::List => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ActionList;
    use crate::policy::catalog::ActionSet;

    fn grants(resource: &str, patterns: &[&str]) -> Grants {
        let list = ActionList::Action(patterns.iter().map(|p| p.to_string()).collect());
        [(resource.to_string(), ActionSet::of_list(&list))].into()
    }

    #[test]
    fn a_few_services_get_a_line_each_with_the_most_powerful_examples() {
        let lines = summarize(
            grants(
                "*",
                &[
                    "s3:GetObject",
                    "s3:PutBucketPolicy",
                    "s3:ListBucket",
                    "sqs:SendMessage",
                ],
            ),
            GrantCondition::Other,
        );
        assert!(lines.iter().all(|g| g.conditional && !g.only_with_mfa));
        let shown: Vec<String> = lines
            .iter()
            .map(|g| {
                format!(
                    "{:?} {:?} {} {:?}",
                    g.services, g.access, g.action_count, g.examples
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                r#"["s3"] ["List", "Read", "Permissions management"] 3 ["s3:PutBucketPolicy", "s3:GetObject", "s3:ListBucket"]"#,
                r#"["sqs"] ["Write"] 1 ["sqs:SendMessage"]"#,
            ]
        );
    }

    #[test]
    fn everything_is_one_line_but_for_notable_services() {
        let lines = summarize(grants("*", &["*"]), GrantCondition::None);
        let per_service: Vec<&str> = lines[..lines.len() - 1]
            .iter()
            .map(|g| g.services[0].as_str())
            .collect();
        assert_eq!(
            per_service,
            [
                "ec2",
                "iam",
                "kms",
                "lambda",
                "organizations",
                "s3",
                "secretsmanager",
                "sts"
            ]
        );
        let rest = lines.last().unwrap();
        assert!(rest.services.len() > 400);
        assert_eq!(
            lines.iter().map(|g| g.action_count).sum::<usize>(),
            catalog().action_count()
        );
        assert!(lines[1].examples.iter().all(|e| e.starts_with("iam:")));
        assert_eq!(rest.examples.len(), EXAMPLES);
    }
}
