//! How much a set of actions is, in a few words: `all actions except iam,
//! organizations, account` for (nearly) the whole catalog, the actions themselves when
//! there are few, else a count by service. This is what a reviewer reads first; the
//! per-service lines of [`super::grant_summary`] are the breakdown.

use crate::policy::catalog::{ActionSet, catalog};
use crate::policy::simulate::actions_without_permissions;

/// At most this many actions are named one by one.
const NAMED_ACTIONS: usize = 3;
/// At most this many services are named in a count or an exception list.
const NAMED_SERVICES: usize = 4;

/// `actions` in a few words, and how many actions that is.
pub(super) fn breadth(actions: &ActionSet) -> (String, usize) {
    let c = catalog();
    let mut services: Vec<(&str, usize)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut count = 0;
    for id in actions.iter() {
        let (service, action) = c.action_by_id(id);
        count += 1;
        if names.len() <= NAMED_ACTIONS {
            names.push(format!("{}:{}", service.prefix, action.name));
        }
        match services.last_mut() {
            Some((prefix, n)) if *prefix == service.prefix.as_str() => *n += 1,
            _ => services.push((service.prefix.as_str(), 1)),
        }
    }
    if count <= NAMED_ACTIONS {
        return (names.join(", "), count);
    }
    if count * 2 > c.action_count()
        && let Some(text) = all_except(actions)
    {
        return (text, count);
    }
    let text = match services.as_slice() {
        [(prefix, n)] => format!("{n} {prefix} actions"),
        few if few.len() <= NAMED_SERVICES => {
            let listed: Vec<&str> = few.iter().map(|(p, _)| *p).collect();
            format!("{count} actions of {}", listed.join(", "))
        }
        many => format!("{count} actions of {} services", many.len()),
    };
    (text, count)
}

/// `all actions` or `all actions except a, b` when few services miss actions; a
/// service missing only some of its actions is marked `(partly)`. Actions that need no
/// permissions are never granted or revoked, so they count as held.
fn all_except(actions: &ActionSet) -> Option<String> {
    let c = catalog();
    let free = actions_without_permissions();
    let missing = ActionSet::all().minus(actions).minus(free);
    let mut services: Vec<(&str, usize, usize)> = Vec::new();
    for id in missing.iter() {
        let (service, _) = c.action_by_id(id);
        match services.last_mut() {
            Some((prefix, n, _)) if *prefix == service.prefix.as_str() => *n += 1,
            _ => {
                if services.len() == NAMED_SERVICES {
                    return None;
                }
                let grantable = service.actions.len()
                    - free
                        .iter()
                        .filter(|id| c.action_by_id(*id).0.prefix == service.prefix)
                        .count();
                services.push((service.prefix.as_str(), 1, grantable));
            }
        }
    }
    if services.is_empty() {
        return Some("all actions".to_string());
    }
    let listed: Vec<String> = services
        .iter()
        .map(|(prefix, missing, total)| {
            if missing == total {
                prefix.to_string()
            } else {
                format!("{prefix} (partly)")
            }
        })
        .collect();
    Some(format!("all actions except {}", listed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ActionList;

    fn of(patterns: &[&str]) -> ActionSet {
        ActionSet::of_list(&ActionList::Action(
            patterns.iter().map(|p| p.to_string()).collect(),
        ))
    }

    fn not(patterns: &[&str]) -> ActionSet {
        ActionSet::of_list(&ActionList::NotAction(
            patterns.iter().map(|p| p.to_string()).collect(),
        ))
    }

    #[test]
    fn few_actions_are_named_and_more_are_counted_by_service() {
        assert_eq!(breadth(&of(&["sts:AssumeRole"])).0, "sts:AssumeRole");
        let (text, count) = breadth(&of(&["s3:Get*"]));
        assert_eq!(text, format!("{count} s3 actions"));
        let (text, count) = breadth(&of(&["s3:Get*", "sqs:Get*"]));
        assert_eq!(text, format!("{count} actions of s3, sqs"));
    }

    #[test]
    fn the_whole_catalog_but_a_few_services_reads_all_except() {
        assert_eq!(breadth(&ActionSet::all()).0, "all actions");
        // PowerUserAccess's shape: everything but three services, then a few of them back.
        let mut power = not(&["iam:*", "organizations:*", "account:*"]);
        assert_eq!(
            breadth(&power).0,
            "all actions except account, iam, organizations"
        );
        power.union_with(&of(&["iam:ListRoles"]));
        assert_eq!(
            breadth(&power).0,
            "all actions except account, iam (partly), organizations"
        );
        // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
        // sts:GetCallerIdentity needs no permissions, so it never makes sts "partly".
        let no_sts = not(&["sts:*"]);
        assert_eq!(breadth(&no_sts).0, "all actions except sts");
        let mut only_free = ActionSet::all();
        only_free.difference_with(actions_without_permissions());
        assert_eq!(breadth(&only_free).0, "all actions");
        let five = not(&["iam:*", "organizations:*", "account:*", "s3:*", "ec2:*"]);
        let (text, _) = breadth(&five);
        assert!(text.ends_with(" services"), "{text}");
    }
}
