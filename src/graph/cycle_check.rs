//! Rejects desired states whose entities need each other to exist first.

use super::entity_graph::{EntityGraph, EntityNode};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::DesiredState;

const CYCLE_HELP: &str = "IAM only accepts a principal in a trust policy once it exists, \
so these cannot be created; trust the account root (arn:aws:iam::ACCOUNT:root) with an \
`aws:PrincipalArn` condition naming the role instead";

/// Reports each dependency cycle of the desired state once, located at its members'
/// manifest definitions. Only trust policies can close a cycle (a role trusting itself,
/// or roles trusting each other), so the help says how to break one.
pub fn check_cycles(desired: &DesiredState) -> Result<(), Diagnostics> {
    let graph = EntityGraph::build(desired);
    let mut diagnostics: Vec<Diagnostic> = graph
        .cycles()
        .into_iter()
        .map(|members| cycle_diagnostic(desired, &members))
        .collect();
    if diagnostics.is_empty() {
        return Ok(());
    }
    diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then(a.message.cmp(&b.message)));
    Err(Diagnostics(diagnostics))
}

fn describe(node: &EntityNode) -> String {
    format!("{} in account `{}`", node.entity, node.account)
}

fn cycle_diagnostic(desired: &DesiredState, members: &[EntityNode]) -> Diagnostic {
    let origin = |n: &EntityNode| {
        desired
            .accounts
            .get(&n.account)
            .and_then(|a| a.origins.get(&n.entity))
            .cloned()
    };
    let message = match members {
        [only] => format!("{} trusts itself", describe(only)),
        _ => {
            let names: Vec<String> = members.iter().map(describe).collect();
            format!("dependency cycle: {} trust each other", names.join(", "))
        }
    };
    let mut diagnostic = Diagnostic::error(origin(&members[0]), message).with_help(CYCLE_HELP);
    for other in &members[1..] {
        if let Some(span) = origin(other) {
            diagnostic = diagnostic.with_related(span, format!("{} is defined here", other.entity));
        }
    }
    diagnostic
}
