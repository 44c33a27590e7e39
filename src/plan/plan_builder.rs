//! From desired and actual state to a [`Plan`]: check, diff, order, count, fingerprint.

use std::collections::BTreeMap;

use super::fingerprint::fingerprint;
use super::link_halves::link_halves;
use super::{AccountFingerprint, PLAN_FORMAT_VERSION, Plan, PlannedChange, Summary};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff::{self, AccountKey, ChangeClass};
use crate::graph::{self, OrderError};
use crate::model::{AccountIam, DesiredState};

/// Builds the plan that makes every declared account match its manifests. `actual` holds
/// what was read, by account name; an account missing from it is treated as empty.
/// Fails with located diagnostics when the desired state has a dependency cycle.
/// Lint findings are left empty: the caller lints once and adds them with
/// [`super::attach_findings`].
pub fn build(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Result<Plan, Diagnostics> {
    graph::check_cycles(desired)?;
    let diff = diff::compute(desired, actual);
    let changes = graph::order_changes(diff.changes).map_err(order_diagnostics)?;
    let accounts = desired
        .accounts
        .iter()
        .map(|(name, account)| {
            let read = actual.get(name);
            let empty = AccountIam::new(account.config.id.clone());
            AccountFingerprint {
                account: AccountKey {
                    name: name.clone(),
                    id: account.config.id.clone(),
                },
                fingerprint: fingerprint(read.unwrap_or(&empty)),
            }
        })
        .collect();
    let access = crate::access::access_changes(desired, actual);
    Ok(Plan {
        format_version: PLAN_FORMAT_VERSION,
        accounts,
        summary: summarize(&changes),
        links: link_halves(desired, &changes),
        changes,
        ignored: diff.ignored,
        warnings: diff.warnings,
        broadens_access: access.iter().any(|c| c.broadens),
        narrows_access: access.iter().any(|c| c.narrows),
        access,
        findings: Vec::new(),
        findings_on_unchanged: 0,
    })
}

/// Terraform-style counts; a replace is one add and one destroy.
pub fn summarize(changes: &[PlannedChange]) -> Summary {
    let mut summary = Summary::default();
    for c in changes {
        match c.change.action.class() {
            ChangeClass::Add => summary.add += 1,
            ChangeClass::Change => summary.change += 1,
            ChangeClass::Destroy => summary.destroy += 1,
            ChangeClass::Replace => {
                summary.add += 1;
                summary.destroy += 1;
            }
        }
    }
    summary
}

fn order_diagnostics(e: OrderError) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(None, e.to_string()).with_help(
        "break the cycle in the manifests, e.g. trust an account root with an \
         `aws:PrincipalArn` condition instead of a principal created in the same apply",
    )])
}
