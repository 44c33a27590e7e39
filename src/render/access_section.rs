//! The plan's effective-access section. Each principal's change (or the identical
//! change of several principals, e.g. the members of one group) is one line: who, what
//! they gain or lose and how much (`all actions except iam, …`, `sts:AssumeRole`), under
//! which conditions (`only with MFA`), who newly may or no longer may assume a role, and
//! what causes it. The per-service breakdown follows (collapsed in Markdown).
//! Text and Markdown share these pieces; each renderer escapes them its own way.

use std::collections::HashMap;

use crate::access::{AccessChange, AccessGrant, AccessKind, AccessSummary, AssumerChange};
use crate::plan::Plan;

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

/// The blocks of `plan`: identical changes of principals of one account share a block.
pub(crate) fn access_blocks(plan: &Plan) -> Vec<AccessBlock> {
    let mut groups: Vec<(&AccessChange, Vec<&str>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for change in &plan.access {
        let key = AccessChange {
            principal: String::new(),
            ..change.clone()
        };
        let key = serde_json::to_string(&key).unwrap_or_default();
        match index.get(&key) {
            Some(&i) => groups[i].1.push(&change.principal),
            None => {
                index.insert(key, groups.len());
                groups.push((change, vec![&change.principal]));
            }
        }
    }
    groups
        .into_iter()
        .map(|(change, names)| block(change, &names))
        .collect()
}

/// `Broadens access: …` when the plan gives any principal more access.
pub(crate) fn broadening_note(plan: &Plan) -> Option<String> {
    note(plan, "Broadens access", |c| c.broadens)
}

/// `Narrows access: …` when the plan takes access away from any principal.
pub(crate) fn narrowing_note(plan: &Plan) -> Option<String> {
    note(plan, "Narrows access", |c| c.narrows)
}

fn note(plan: &Plan, title: &str, keep: impl Fn(&AccessChange) -> bool) -> Option<String> {
    let hit: Vec<&AccessChange> = plan.access.iter().filter(|c| keep(c)).collect();
    if hit.is_empty() {
        return None;
    }
    let names: Vec<String> = hit
        .iter()
        .take(NAMES_IN_NOTE)
        .map(|c| format!("{}: {}", c.account, c.principal))
        .collect();
    let more = hit.len().saturating_sub(names.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!("{title}: {}{tail}", names.join(", ")))
}

fn block(change: &AccessChange, names: &[&str]) -> AccessBlock {
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
        heading: format!("{}: {}", change.account, names.join(", ")),
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
mod tests {
    use super::*;
    use crate::render::fixture_plans::empty_plan;
    use crate::render::{TextOptions, markdown, text};

    fn grant(
        services: &[&str],
        access: &[&str],
        resource: &str,
        examples: &[&str],
        count: usize,
    ) -> AccessGrant {
        AccessGrant {
            services: services.iter().map(|s| s.to_string()).collect(),
            access: access.iter().map(|s| s.to_string()).collect(),
            resource: resource.into(),
            action_count: count,
            examples: examples.iter().map(|s| s.to_string()).collect(),
            conditional: false,
            only_with_mfa: false,
        }
    }

    fn summary(change: AccessKind, resource: &str, actions: &str, count: usize) -> AccessSummary {
        AccessSummary {
            change,
            resource: resource.into(),
            actions: actions.into(),
            action_count: count,
        }
    }

    fn change(principal: &str) -> AccessChange {
        AccessChange {
            account: "prod".into(),
            principal: principal.into(),
            broadens: false,
            narrows: false,
            sources: Vec::new(),
            summary: Vec::new(),
            granted: Vec::new(),
            revoked: Vec::new(),
            assumers: Vec::new(),
            not_evaluated: Vec::new(),
            sign_in_removed: Vec::new(),
        }
    }

    fn plan_with_access() -> Plan {
        let mut plan = empty_plan();
        let alice = AccessChange {
            broadens: true,
            narrows: true,
            sources: vec!["changed inline policy logs of user alice".into()],
            summary: vec![
                summary(
                    AccessKind::Granted,
                    "arn:aws:s3:::logs/*",
                    "s3:DeleteObject, s3:PutObject",
                    2,
                ),
                summary(AccessKind::Revoked, "*", "s3:GetObject", 1),
                summary(AccessKind::RevokedUnlessMfa, "*", "kms:Decrypt", 1),
            ],
            granted: vec![grant(
                &["s3"],
                &["Write"],
                "arn:aws:s3:::logs/*",
                &["s3:DeleteObject", "s3:PutObject"],
                2,
            )],
            revoked: vec![
                grant(&["s3"], &["Read"], "*", &["s3:GetObject"], 1),
                AccessGrant {
                    only_with_mfa: true,
                    ..grant(&["kms"], &["Write"], "*", &["kms:Decrypt"], 1)
                },
            ],
            not_evaluated: vec!["arn:aws:iam::aws:policy/AWSNewerThanBundledData".into()],
            sign_in_removed: Vec::new(),
            ..change("user alice")
        };
        let deployer = AccessChange {
            broadens: true,
            narrows: true,
            sources: vec![
                "new AWS-managed policy PowerUserAccess".into(),
                "trust policy".into(),
            ],
            summary: vec![summary(
                AccessKind::Granted,
                "*",
                "all actions except account, iam (partly), organizations",
                20_000,
            )],
            granted: vec![grant(
                &[
                    "ec2", "s3", "kms", "rds", "sqs", "sns", "lambda", "sts", "dynamodb",
                ],
                &["List", "Read", "Write"],
                "*",
                &["ec2:RunInstances", "kms:Decrypt", "s3:PutObject"],
                1234,
            )],
            assumers: vec![
                AssumerChange {
                    principal: "identity: user bob".into(),
                    before: vec![vec!["with MFA".into()]],
                    after: vec![vec![]],
                    broadens: true,
                    narrows: false,
                },
                AssumerChange {
                    principal: "identity: user carol".into(),
                    before: vec![],
                    after: vec![vec!["with MFA".into()]],
                    broadens: true,
                    narrows: false,
                },
                AssumerChange {
                    principal: "service ec2.amazonaws.com".into(),
                    before: vec![vec![]],
                    after: vec![],
                    broadens: false,
                    narrows: true,
                },
            ],
            ..change("role deployer")
        };
        let member = |name: &str| AccessChange {
            broadens: true,
            sources: vec!["new membership of group readers".into()],
            summary: vec![summary(
                AccessKind::GrantedWithMfa,
                "*",
                "1,000 actions of 400 services",
                1000,
            )],
            granted: vec![AccessGrant {
                only_with_mfa: true,
                ..grant(&["s3"], &["Read"], "*", &["s3:GetObject"], 1000)
            }],
            ..change(&format!("user {name}"))
        };
        plan.access = vec![alice, deployer];
        plan.access
            .extend(["u1", "u2", "u3", "u4", "u5"].map(member));
        plan.broadens_access = true;
        plan.narrows_access = true;
        plan
    }

    #[test]
    fn text_section_has_one_line_per_change_with_its_breakdown() {
        insta::assert_snapshot!(text(&plan_with_access(), &TextOptions { color: false }));
    }

    #[test]
    fn identical_changes_of_several_principals_are_listed_once() {
        let blocks = access_blocks(&plan_with_access());
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            blocks[2].heading,
            "prod: user u1, user u2, user u3, user u4, user u5"
        );
        assert_eq!(
            blocks[2].line(),
            "+ prod: user u1, user u2, user u3, user u4, user u5: gains 1,000 actions of 400 \
             services on * only with MFA (via new membership of group readers)"
        );
    }

    #[test]
    fn assumer_changes_read_with_their_conditions() {
        let blocks = access_blocks(&plan_with_access());
        assert_eq!(
            blocks[1].change,
            "gains all actions except account, iam (partly), organizations on *; \
             may be assumed by identity: user bob without conditions (was only with MFA); \
             may be assumed by identity: user carol only with MFA; \
             may no longer be assumed by service ec2.amazonaws.com"
        );
        assert_eq!(blocks[1].sign, '~');
    }

    #[test]
    fn markdown_marks_broadening_at_the_top_and_collapses_the_breakdown() {
        let md = markdown(&plan_with_access());
        assert!(md.starts_with("## iamform plan\n\n> [!CAUTION]\n> **Broadens access"));
        assert!(md.contains("> [!NOTE]\n> **Narrows access"));
        assert!(md.contains("<details><summary>By service</summary>"));
        insta::assert_snapshot!(md);
    }

    #[test]
    fn narrowing_only_has_no_broadening_marker() {
        let mut plan = plan_with_access();
        plan.access.truncate(1);
        plan.access[0].granted.clear();
        plan.access[0].summary.remove(0);
        plan.access[0].broadens = false;
        plan.broadens_access = false;
        assert!(!markdown(&plan).contains("Broadens access"));
        let out = text(&plan, &TextOptions { color: false });
        assert!(out.contains("Narrows access: prod: user alice"), "{out}");
        assert!(
            out.contains(
                "- prod: user alice: loses s3:GetObject on *; needs MFA for kms:Decrypt on *"
            ),
            "{out}"
        );
        assert!(
            out.contains("- kms Write on * (kms:Decrypt), unless signed in with MFA"),
            "{out}"
        );
    }
}
