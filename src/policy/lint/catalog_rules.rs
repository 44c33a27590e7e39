//! Checks against the action catalog: services, actions, resource shapes, condition keys.

use super::{Finding, LocatedStatement, Rule};
use crate::policy::catalog::undocumented::is_undocumented_action;
use crate::policy::catalog::{ActionInfo, Service, catalog};
use crate::policy::document::{ActionList, ResourceList};
use crate::policy::path::JsonPath;

/// Runs every catalog check on one statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let statement = located.statement;
    let key = statement.action.key();
    for (i, pattern) in statement.action.patterns().iter().enumerate() {
        check_action(pattern, located.element(key, i), out);
    }
    if let Some(resources) = &statement.resource {
        let key = resources.key();
        for (i, resource) in resources.patterns().iter().enumerate() {
            let at = located.element(key, i);
            if !is_resource_shape(resource) {
                out.push(
                    Finding::new(Rule::ResourceFormat, at, format!("`{resource}` is neither `*` nor an ARN"))
                        .with_hint("write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, e.g. arn:aws:s3:::my-bucket/*"),
                );
            } else if let (ActionList::Action(actions), ResourceList::Resource(_)) =
                (&statement.action, resources)
            {
                check_resource_fit(actions, resource, at, out);
            }
        }
    }
    for (operator, keys) in &statement.condition.0 {
        for key in keys.keys() {
            if !condition_key_known(key) {
                let at = located
                    .path
                    .key("Condition")
                    .key(&operator.to_string())
                    .key(key);
                out.push(
                    Finding::new(Rule::UnknownConditionKey, at, format!("condition key `{key}` is not documented for its service"))
                        .with_hint("check the spelling against the service's \"Condition keys\" table, or use a global `aws:` key"),
                );
            }
        }
    }
}

/// Actions the bundled catalog does not know are warnings that name the catalog's date:
/// IAM accepts them (a typo then matches nothing; a brand-new action may be missing from
/// the catalog), so they never stop `plan`.
fn check_action(pattern: &str, at: JsonPath, out: &mut Vec<Finding>) {
    if pattern == "*" {
        return;
    }
    // The grammar already requires SERVICE:ACTION.
    let Some((prefix, name)) = pattern.split_once(':') else {
        return;
    };
    let c = catalog();
    let known = c
        .service(prefix)
        .is_some_and(|s| s.matching(name).next().is_some());
    if !known && is_undocumented_action(pattern) {
        out.push(
            Finding::new(Rule::UndocumentedAction, at, format!("`{pattern}` is not in the service authorization reference (a retired or preview service or action)"))
                .with_hint("remove it unless you know the service still honours it"),
        );
        return;
    }
    let catalog_name = c.described();
    if prefix.contains(['*', '?']) {
        if c.matching_actions(pattern).next().is_none() {
            out.push(
                Finding::new(
                    Rule::UnknownAction,
                    at,
                    format!("`{pattern}` matches no action in {catalog_name}"),
                )
                .with_hint(NEW_OR_TYPO),
            );
        }
        return;
    }
    let Some(service) = c.service(prefix) else {
        let prefixes: Vec<&str> = c.services().map(|s| s.prefix.as_str()).collect();
        let hint = closest(prefix, &prefixes)
            .map(|p| format!("did you mean `{p}`?"))
            .unwrap_or_else(|| NEW_OR_TYPO.to_string());
        out.push(
            Finding::new(
                Rule::UnknownService,
                at,
                format!("unknown service prefix `{prefix}` (not in {catalog_name})"),
            )
            .with_hint(hint),
        );
        return;
    };
    if service.matching(name).next().is_none() {
        let names: Vec<&str> = service.actions.iter().map(|a| a.name.as_str()).collect();
        let hint = closest(name, &names)
            .map(|n| format!("did you mean `{}:{n}`?", service.prefix))
            .unwrap_or_else(|| NEW_OR_TYPO.to_string());
        let what = if name.contains(['*', '?']) {
            "matches no action of"
        } else {
            "is not an action of"
        };
        out.push(
            Finding::new(
                Rule::UnknownAction,
                at,
                format!(
                    "`{pattern}` {what} {} ({}) in {catalog_name}",
                    service.prefix, service.name
                ),
            )
            .with_hint(hint),
        );
    }
}

/// The hint when no known name is close.
const NEW_OR_TYPO: &str = "check the spelling (a misspelt action grants nothing); an action newer than the catalog works in IAM all the same";

/// The known name closest to `unknown` (case-insensitive): one edit away, or very
/// similar by Jaro-Winkler; the fewest edits win.
fn closest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    // Names are short; a long one is no typo, and comparing it would cost its length
    // times every name.
    if unknown.len() > 128 {
        return None;
    }
    let lower = unknown.to_ascii_lowercase();
    known
        .iter()
        .filter_map(|k| {
            let k_lower = k.to_ascii_lowercase();
            let edits = strsim::osa_distance(&lower, &k_lower);
            let similarity = strsim::jaro_winkler(&lower, &k_lower);
            (edits <= 1 || similarity > 0.85).then_some((edits, -similarity, *k))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, k)| k)
}

/// `*`, or six colon-separated parts starting with `arn` and naming a service.
fn is_resource_shape(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    parts.len() == 6 && parts[0] == "arn" && !parts[1].is_empty() && !parts[2].is_empty()
}

/// Warns when no action of the statement works on resources shaped like `resource`.
fn check_resource_fit(actions: &[String], resource: &str, at: JsonPath, out: &mut Vec<Finding>) {
    if resource == "*"
        || actions
            .iter()
            .any(|a| a == "*" || a.split(':').next().is_some_and(|p| p.contains(['*', '?'])))
    {
        return;
    }
    let c = catalog();
    let matched: Vec<(&Service, &ActionInfo)> =
        actions.iter().flat_map(|a| c.matching_actions(a)).collect();
    if matched.is_empty() || matched.iter().any(|(s, a)| s.resource_fits(a, resource)) {
        return;
    }
    let hint = if matched.iter().all(|(_, a)| a.resources.is_empty()) {
        "these actions do not support resource-level permissions: use \"Resource\": \"*\""
            .to_string()
    } else {
        let shapes: Vec<&str> = matched
            .iter()
            .flat_map(|(s, a)| {
                a.resources
                    .iter()
                    .filter_map(|r| s.resources.get(&r.resource_type))
                    .map(|t| t.arn.as_str())
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .take(3)
            .collect();
        format!("the actions act on {}", shapes.join(", "))
    };
    out.push(
        Finding::new(
            Rule::ResourceMismatch,
            at,
            format!("`{resource}` is not a resource any of the statement's actions act on"),
        )
        .with_hint(hint),
    );
}

/// Global (`aws:`) keys, identity-provider keys (`token.actions.githubusercontent.com:sub`,
/// `saml:aud`) and keys the catalog documents for their service.
fn condition_key_known(key: &str) -> bool {
    let Some((prefix, _)) = key.split_once(':') else {
        return false;
    };
    let prefix = prefix.to_ascii_lowercase();
    if prefix == "aws" || prefix == "saml" || prefix.contains('.') {
        return true;
    }
    catalog()
        .service(&prefix)
        .is_some_and(|s| s.knows_condition_key(key))
}
