//! The plan's effective-access section. Each principal's change (or the identical
//! change of several principals, e.g. the members of one group) is one line: who, what
//! they gain or lose and how much (`all actions except iam, …`, `sts:AssumeRole`), under
//! which conditions (`only with MFA`), who newly may or no longer may assume a role, and
//! what causes it. The per-service breakdown follows (collapsed in Markdown).
//! Text and Markdown share these pieces; each renderer escapes them its own way.

use std::collections::{HashMap, HashSet};

use crate::access::{AccessChange, AccessGrant, AccessKind, AccessSummary, AssumerChange};
use crate::plan::{OWN_ACCOUNT_ID, Plan, SharedAccess, accounts_phrase};

use super::plan_view::ACCOUNTS_LISTED;

/// Principal groups listed before the rest are only counted.
pub(crate) const PRINCIPALS_LISTED: usize = 50;
/// Breakdown lines per principal group before the rest are only counted.
const LINES_PER_PRINCIPAL: usize = 30;
/// Summary clauses per line before the rest are only counted.
const CLAUSES_PER_LINE: usize = 6;
/// Principals named in a broadening or narrowing note.
const NAMES_IN_NOTE: usize = 5;

/// One principal's change, or the same change of several principals of one account.
pub(crate) struct AccessBlock {
    /// `+` broadens, `-` narrows, `~` both.
    pub sign: char,
    /// `identity: user alice, user bob`.
    pub heading: String,
    /// What changes, in clauses: `gains sts:AssumeRole on arn:… only with MFA; may be
    /// assumed by identity: user bob`.
    pub change: String,
    /// What causes it: `new membership of group admins, link admins-to-prod`.
    pub sources: String,
    /// The breakdown by service: `+ s3 Read, Write on arn:… (…)`.
    pub breakdown: Vec<String>,
    /// Notes that are not changes (policies not evaluated).
    pub notes: Vec<String>,
}

impl AccessBlock {
    /// The whole change as one plain line: `+ heading: change (via sources)`.
    pub fn line(&self) -> String {
        let via = if self.sources.is_empty() {
            String::new()
        } else {
            format!(" (via {})", self.sources)
        };
        format!("{} {}: {}{via}", self.sign, self.heading, self.change)
    }
}

/// The blocks of `plan`: the same change of one principal in several accounts is one
/// block naming the accounts (`Plan::shared_access`), and identical changes of
/// principals of one account share a block.
pub(crate) fn access_blocks(plan: &Plan) -> Vec<AccessBlock> {
    let (shared_at, repeated) = shared_positions(plan);
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, change) in plan.access.iter().enumerate() {
        if repeated.contains(&i) {
            continue;
        }
        if let Some(s) = shared_at.get(&i) {
            groups.push(Group::Accounts(change, s));
            continue;
        }
        let key = AccessChange {
            principal: String::new(),
            ..change.clone()
        };
        let key = serde_json::to_string(&key).unwrap_or_default();
        match index.get(&key).map(|&g| &mut groups[g]) {
            Some(Group::Principals(_, names)) => names.push(&change.principal),
            _ => {
                index.insert(key, groups.len());
                groups.push(Group::Principals(change, vec![&change.principal]));
            }
        }
    }
    groups
        .into_iter()
        .map(|g| match g {
            Group::Principals(change, names) => {
                block(change, &format!("{}: {}", change.account, names.join(", ")))
            }
            Group::Accounts(change, s) => shared_block(plan, change, s),
        })
        .collect()
}

/// Where the changes shared by several accounts are in `plan.access`: each group by the
/// position of its first account's change, and the positions of the others.
fn shared_positions(plan: &Plan) -> (HashMap<usize, &SharedAccess>, HashSet<usize>) {
    let mut first = HashMap::new();
    let mut repeated = HashSet::new();
    for s in &plan.shared_access {
        if let Some((&at, rest)) = s.access.split_first() {
            first.insert(at, s);
            repeated.extend(rest.iter().copied());
        }
    }
    (first, repeated)
}

/// Changes shown as one block.
enum Group<'a> {
    /// Principals of one account with the same change.
    Principals(&'a AccessChange, Vec<&'a str>),
    /// One principal with the same change in several accounts (the first account's).
    Accounts(&'a AccessChange, &'a SharedAccess),
}

/// The block of a change shared by several accounts: the first account's change with
/// its own id written `{{account.id}}`, as the accounts differ only by it.
fn shared_block(plan: &Plan, change: &AccessChange, s: &SharedAccess) -> AccessBlock {
    let heading = format!(
        "{} {}",
        s.principal,
        accounts_phrase(&s.accounts, ACCOUNTS_LISTED)
    );
    let mut b = block(change, &heading);
    let own_id = plan
        .accounts
        .iter()
        .find(|a| a.account.name == change.account)
        .map(|a| a.account.id.as_str());
    if let Some(id) = own_id {
        let generic = |text: &mut String| *text = text.replace(id, OWN_ACCOUNT_ID);
        generic(&mut b.change);
        generic(&mut b.sources);
        b.breakdown.iter_mut().for_each(generic);
        b.notes.iter_mut().for_each(generic);
    }
    b
}

/// `Broadens access: …` when the plan gives any principal more access.
pub(crate) fn broadening_note(plan: &Plan) -> Option<String> {
    note(plan, "Broadens access", |c| c.broadens)
}

/// `Narrows access: …` when the plan takes access away from any principal.
pub(crate) fn narrowing_note(plan: &Plan) -> Option<String> {
    note(plan, "Narrows access", |c| c.narrows)
}

/// The note naming the principals whose change `keep` selects; a change shared by
/// several accounts is named once with their number.
fn note(plan: &Plan, title: &str, keep: impl Fn(&AccessChange) -> bool) -> Option<String> {
    let (shared_at, repeated) = shared_positions(plan);
    let hit: Vec<String> = plan
        .access
        .iter()
        .enumerate()
        .filter(|(i, c)| keep(c) && !repeated.contains(i))
        .map(|(i, c)| match shared_at.get(&i) {
            Some(s) => format!("{} in {} accounts", s.principal, s.accounts.len()),
            None => format!("{}: {}", c.account, c.principal),
        })
        .collect();
    if hit.is_empty() {
        return None;
    }
    let names: Vec<&str> = hit.iter().take(NAMES_IN_NOTE).map(String::as_str).collect();
    let more = hit.len().saturating_sub(names.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!("{title}: {}{tail}", names.join(", ")))
}

fn block(change: &AccessChange, heading: &str) -> AccessBlock {
    let mut clauses: Vec<String> = change.summary.iter().map(summary_clause).collect();
    if clauses.len() > CLAUSES_PER_LINE {
        let more = clauses.len() - CLAUSES_PER_LINE;
        clauses.truncate(CLAUSES_PER_LINE);
        clauses.push(format!("{more} more changes (see below)"));
    }
    clauses.extend(assumer_clauses(&change.assumers));
    if !change.sign_in_removed.is_empty() {
        clauses.push(format!(
            "can no longer sign in with {}",
            change.sign_in_removed.join(", ")
        ));
    }
    let mut breakdown: Vec<String> = Vec::new();
    breakdown.extend(change.granted.iter().map(|g| grant_line('+', g)));
    breakdown.extend(change.revoked.iter().map(|g| grant_line('-', g)));
    if breakdown.len() > LINES_PER_PRINCIPAL {
        let more = breakdown.len() - LINES_PER_PRINCIPAL;
        breakdown.truncate(LINES_PER_PRINCIPAL);
        breakdown.push(format!("… and {more} more lines (see the JSON plan)"));
    }
    let mut notes = Vec::new();
    // ARNs are AWS-managed policies the bundled data lacks; paths are permission sets'
    // customer-managed references the assigned account does not hold.
    let (arns, paths): (Vec<&String>, Vec<&String>) = change
        .not_evaluated
        .iter()
        .partition(|p| p.starts_with("arn:"));
    if !arns.is_empty() {
        notes.push(format!(
            "not evaluated (not in the bundled AWS-managed policy data): {}",
            arns.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !paths.is_empty() {
        notes.push(format!(
            "not evaluated (customer-managed policies the account does not hold): {}",
            paths
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    AccessBlock {
        sign: match (change.broadens, change.narrows) {
            (true, true) => '~',
            (false, true) => '-',
            _ => '+',
        },
        heading: heading.to_string(),
        change: clauses.join("; "),
        sources: change.sources.join(", "),
        breakdown,
        notes,
    }
}

fn summary_clause(s: &AccessSummary) -> String {
    let what = format!("{} on {}", s.actions, s.resource);
    match s.change {
        AccessKind::Granted => format!("gains {what}"),
        AccessKind::GrantedWithMfa => format!("gains {what} only with MFA"),
        AccessKind::GrantedIfConditions => format!("gains {what} only when conditions hold"),
        AccessKind::Revoked => format!("loses {what}"),
        AccessKind::RevokedUnlessMfa => format!("needs MFA for {what}"),
        AccessKind::RevokedUnlessConditions => {
            format!("keeps {what} only when conditions hold")
        }
    }
}

/// One clause per kind of assumer change; principals with the same conditions before
/// and after share it.
fn assumer_clauses(changes: &[AssumerChange]) -> Vec<String> {
    let mut groups: Vec<(&AssumerChange, Vec<&str>)> = Vec::new();
    for c in changes {
        match groups
            .iter_mut()
            .find(|(g, _)| g.before == c.before && g.after == c.after)
        {
            Some((_, names)) => names.push(&c.principal),
            None => groups.push((c, vec![&c.principal])),
        }
    }
    groups
        .into_iter()
        .map(|(c, names)| {
            let who = names.join(", ");
            match (c.before.is_empty(), c.after.is_empty()) {
                (true, _) => match conditions(&c.after).as_str() {
                    "without conditions" => format!("may be assumed by {who}"),
                    only => format!("may be assumed by {who} {only}"),
                },
                (_, true) => format!("may no longer be assumed by {who}"),
                _ => format!(
                    "may be assumed by {who} {} (was {})",
                    conditions(&c.after),
                    conditions(&c.before)
                ),
            }
        })
        .collect()
}

/// `only with MFA and when sts:ExternalId = x`, alternatives joined with `or`.
fn conditions(ways: &[Vec<String>]) -> String {
    let ways: Vec<String> = ways
        .iter()
        .map(|tests| {
            if tests.is_empty() {
                "without conditions".to_string()
            } else {
                format!("only {}", tests.join(" and "))
            }
        })
        .collect();
    ways.join(" or ")
}

fn grant_line(sign: char, g: &AccessGrant) -> String {
    let who = match g.services.as_slice() {
        [one] => one.clone(),
        many => format!("{} other services", many.len()),
    };
    let actions = if g.action_count <= g.examples.len() {
        g.examples.join(", ")
    } else {
        format!("{} actions, e.g. {}", g.action_count, g.examples.join(", "))
    };
    let condition = match (g.only_with_mfa, g.conditional, sign) {
        (true, _, '+') => ", only with MFA",
        (true, _, _) => ", unless signed in with MFA",
        (_, true, '+') => ", only when conditions hold",
        (_, true, _) => ", unless conditions hold",
        _ => "",
    };
    format!(
        "{sign} {who} {} on {} ({actions}){condition}",
        g.access.join(", "),
        g.resource
    )
}

#[cfg(test)]
#[path = "access_section_tests.rs"]
mod tests;
