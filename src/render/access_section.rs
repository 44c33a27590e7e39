//! The plan's effective-access section: per principal, access granted (`+`) and revoked
//! (`-`) by service, access level and resource, and changes to who may assume a role.
//! Text and Markdown share these lines; each renderer escapes them its own way.

use crate::access::{AccessChange, AccessGrant};
use crate::plan::Plan;

/// Principals listed before the rest are only counted.
pub(crate) const PRINCIPALS_LISTED: usize = 50;
/// Lines per principal before the rest are only counted.
const LINES_PER_PRINCIPAL: usize = 30;

/// One principal's block: a heading and its `+`/`-` lines.
pub(crate) struct AccessBlock {
    /// `main: user alice`.
    pub heading: String,
    /// `+ s3 Read, Write on arn:…`, …; notes start with neither sign.
    pub lines: Vec<String>,
}

/// The blocks of `plan`, one per changed principal.
pub(crate) fn access_blocks(plan: &Plan) -> Vec<AccessBlock> {
    plan.access.iter().map(block).collect()
}

/// The one-line headline used when the plan broadens access.
pub(crate) fn broadening_note(plan: &Plan) -> Option<String> {
    let widened: Vec<&AccessChange> = plan.access.iter().filter(|c| c.broadens()).collect();
    if widened.is_empty() {
        return None;
    }
    let names: Vec<String> = widened
        .iter()
        .take(5)
        .map(|c| format!("{}: {}", c.account, c.principal))
        .collect();
    let more = widened.len().saturating_sub(names.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!("Broadens access: {}{tail}", names.join(", ")))
}

fn block(change: &AccessChange) -> AccessBlock {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(change.granted.iter().map(|g| grant_line('+', g)));
    lines.extend(change.revoked.iter().map(|g| grant_line('-', g)));
    lines.extend(
        change
            .new_assumers
            .iter()
            .map(|p| format!("+ may be assumed by {p}")),
    );
    lines.extend(
        change
            .removed_assumers
            .iter()
            .map(|p| format!("- may no longer be assumed by {p}")),
    );
    if lines.len() > LINES_PER_PRINCIPAL {
        let more = lines.len() - LINES_PER_PRINCIPAL;
        lines.truncate(LINES_PER_PRINCIPAL);
        lines.push(format!("… and {more} more lines (see the JSON plan)"));
    }
    if !change.not_evaluated.is_empty() {
        lines.push(format!(
            "not evaluated (not in the bundled AWS-managed policy data): {}",
            change.not_evaluated.join(", ")
        ));
    }
    AccessBlock {
        heading: format!("{}: {}", change.account, change.principal),
        lines,
    }
}

fn grant_line(sign: char, g: &AccessGrant) -> String {
    let who = match g.services.as_slice() {
        [one] => one.clone(),
        many => format!("{} services", many.len()),
    };
    let actions = if g.action_count <= g.examples.len() {
        g.examples.join(", ")
    } else {
        format!("{} actions, e.g. {}", g.action_count, g.examples.join(", "))
    };
    let condition = match (g.conditional, sign) {
        (false, _) => "",
        (true, '+') => ", only when conditions hold",
        _ => ", unless conditions hold",
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
        }
    }

    fn plan_with_access() -> Plan {
        let mut plan = empty_plan();
        plan.access = vec![
            AccessChange {
                account: "prod".into(),
                principal: "user alice".into(),
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
                        conditional: true,
                        ..grant(&["kms"], &["Write"], "*", &["kms:Decrypt"], 1)
                    },
                ],
                new_assumers: Vec::new(),
                removed_assumers: Vec::new(),
                not_evaluated: vec!["arn:aws:iam::aws:policy/AWSNewerThanBundledData".into()],
            },
            AccessChange {
                account: "prod".into(),
                principal: "role deployer".into(),
                granted: vec![
                    grant(
                        &[
                            "ec2", "iam", "s3", "sts", "kms", "rds", "sqs", "sns", "lambda",
                        ],
                        &["List", "Read", "Write"],
                        "*",
                        &["ec2:RunInstances", "iam:CreateUser", "kms:Decrypt"],
                        1234,
                    ),
                    AccessGrant {
                        conditional: true,
                        ..grant(&["sts"], &["Write"], "*", &["sts:AssumeRole"], 1)
                    },
                ],
                revoked: Vec::new(),
                new_assumers: vec!["AWS arn:aws:iam::222222222222:root".into()],
                removed_assumers: vec!["Service ec2.amazonaws.com".into()],
                not_evaluated: Vec::new(),
            },
        ];
        plan
    }

    #[test]
    fn text_section_lists_grants_and_assumers() {
        insta::assert_snapshot!(text(&plan_with_access(), &TextOptions { color: false }));
    }

    #[test]
    fn markdown_marks_broadening_at_the_top() {
        let md = markdown(&plan_with_access());
        assert!(md.starts_with("## iamform plan\n\n> [!CAUTION]\n> **Broadens access"));
        insta::assert_snapshot!(md);
    }

    #[test]
    fn narrowing_only_has_no_broadening_marker() {
        let mut plan = plan_with_access();
        plan.access.truncate(1);
        plan.access[0].granted.clear();
        assert!(!plan.broadens_access());
        assert!(!markdown(&plan).contains("Broadens access"));
        assert!(
            text(&plan, &TextOptions { color: false }).contains("- s3 Read on * (s3:GetObject)")
        );
    }
}
