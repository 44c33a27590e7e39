//! `IAM016`: a wildcard action in an Allow statement of which only some expanded actions
//! act on the statement's resources. The others are not granted by the statement (IAM
//! matches the request's resource against `Resource`), which is often fine (`s3:*` on
//! objects) but sometimes a surprise; so this informs rather than warns.

use super::{Finding, LocatedStatement, Rule};
use crate::policy::catalog::{ResourceFit, catalog};
use crate::policy::document::{ActionList, Effect, ResourceList};

/// Reports each wildcard action (wildcards in the name, not the service) whose expansion
/// partly fits the statement's resources. Statements on `*` fit everything.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    let (Effect::Allow, ActionList::Action(actions), Some(ResourceList::Resource(resources))) =
        (s.effect, &s.action, &s.resource)
    else {
        return;
    };
    if resources.iter().any(|r| r == "*") {
        return;
    }
    let c = catalog();
    let mut fits: Vec<ResourceFit> = resources.iter().map(|r| ResourceFit::new(r)).collect();
    for (i, pattern) in actions.iter().enumerate() {
        let Some((prefix, name)) = pattern.split_once(':') else {
            continue;
        };
        if prefix.contains(['*', '?']) || !name.contains(['*', '?']) {
            continue;
        }
        let Some(service) = c.service(prefix) else {
            continue;
        };
        let (mut total, mut fitting) = (0usize, 0usize);
        for action in service.matching(name) {
            total += 1;
            if fits.iter_mut().any(|f| f.fits(service, action)) {
                fitting += 1;
            }
        }
        if fitting == 0 || fitting == total {
            continue;
        }
        out.push(
            Finding::new(
                Rule::WildcardPartlyFits,
                located.element("Action", i),
                format!(
                    "`{pattern}` expands to {total} actions; {fitting} act on the statement's resources, the other {} are not granted by it",
                    total - fitting
                ),
            )
            .with_hint("list the actions you mean, or add the resources the others act on"),
        );
    }
}
