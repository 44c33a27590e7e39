//! The lint findings a plan shows its reviewer: those on entities the plan creates or
//! changes. Findings on entities it leaves alone predate the change, so the plan only
//! counts them and points at `iamform validate`.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan_document::Plan;
use crate::access::EntityFinding;
use crate::diagnostic::Severity;
use crate::model::EntityRef;

/// One lint finding on an entity the plan creates or changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanFinding {
    /// Manifest name of the account.
    pub account: String,
    /// The entity the finding is about.
    pub entity: EntityRef,
    /// The lint rule's code, e.g. `IAM101`.
    pub code: String,
    /// Error or warning (plan and apply stop on errors, so plans carry warnings).
    pub severity: Severity,
    /// What is risky, naming the document and statement.
    pub message: String,
    /// `file:line:col` in the manifests, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// Sets `plan.findings` to the `findings` on entities the plan has a change for, and
/// `plan.findings_on_unchanged` to how many of the rest are in the plan's accounts.
/// Findings in accounts the plan does not cover are not counted.
pub fn attach_findings(plan: &mut Plan, findings: &[EntityFinding]) {
    let covered: BTreeSet<&str> = plan
        .accounts
        .iter()
        .map(|a| a.account.name.as_str())
        .collect();
    let changed: BTreeSet<(&str, &EntityRef)> = plan
        .changes
        .iter()
        .map(|c| (c.change.account.name.as_str(), &c.change.target))
        .collect();
    let mut shown: Vec<&EntityFinding> = Vec::new();
    let mut unchanged = 0;
    for finding in findings {
        if changed.contains(&(finding.account.as_str(), &finding.entity)) {
            shown.push(finding);
        } else if covered.contains(finding.account.as_str()) {
            unchanged += 1;
        }
    }
    // By account, entity, then place in the file, so the plan reads like the manifests.
    shown.sort_by(|a, b| {
        (
            &a.account,
            &a.entity,
            &a.diagnostic.span,
            &a.diagnostic.message,
        )
            .cmp(&(
                &b.account,
                &b.entity,
                &b.diagnostic.span,
                &b.diagnostic.message,
            ))
    });
    plan.findings = shown.into_iter().map(plan_finding).collect();
    plan.findings_on_unchanged = unchanged;
}

fn plan_finding(finding: &EntityFinding) -> PlanFinding {
    PlanFinding {
        account: finding.account.clone(),
        entity: finding.entity.clone(),
        code: finding
            .diagnostic
            .code
            .map_or_else(String::new, |c| c.as_str().to_string()),
        severity: finding.diagnostic.severity,
        message: finding.diagnostic.message.clone(),
        location: finding.diagnostic.span.as_ref().map(ToString::to_string),
        hint: finding.diagnostic.help.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::{Diagnostic, Span};
    use crate::diff::{AccountKey, Action, Change};
    use crate::model::EntityKind;
    use crate::plan::{AccountFingerprint, PLAN_FORMAT_VERSION, PlannedChange, Summary};

    fn key(name: &str) -> AccountKey {
        AccountKey {
            partition: Default::default(),
            name: name.into(),
            id: "111111111111".into(),
        }
    }

    fn plan_changing(targets: &[(&str, EntityKind, &str)], accounts: &[&str]) -> Plan {
        Plan {
            format_version: PLAN_FORMAT_VERSION,
            targeting: None,
            accounts: accounts
                .iter()
                .map(|name| AccountFingerprint {
                    account: key(name),
                    fingerprint: "sha256:0".into(),
                })
                .collect(),
            changes: targets
                .iter()
                .enumerate()
                .map(|(id, (account, kind, name))| PlannedChange {
                    id,
                    change: Change {
                        account: key(account),
                        target: EntityRef::new(*kind, *name),
                        action: Action::AttachPolicy {
                            policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
                        },
                    },
                    depends_on: Vec::new(),
                    expired: None,
                })
                .collect(),
            ignored: Vec::new(),
            warnings: Vec::new(),
            summary: Summary::default(),
            shared: Vec::new(),
            links: Vec::new(),
            access: Vec::new(),
            shared_access: Vec::new(),
            broadens_access: false,
            narrows_access: false,
            findings: Vec::new(),
            findings_on_unchanged: 0,
            incomplete: Vec::new(),
            held_back: Vec::new(),
            expiry: None,
            aws_data: None,
        }
    }

    fn finding(account: &str, kind: EntityKind, name: &str, line: u32) -> EntityFinding {
        let span = Span::new(Arc::new(PathBuf::from("roles.yaml")), line, 3, 4);
        EntityFinding {
            account: account.into(),
            entity: EntityRef::new(kind, name),
            diagnostic: Diagnostic::coded(
                crate::policy::lint::Rule::PassRoleAnyRole,
                Some(span),
                format!("{} {name}: iam:PassRole on every role", kind.noun()),
            )
            .with_help("name the roles it may pass"),
        }
    }

    #[test]
    fn shows_findings_on_changed_entities_and_counts_the_rest() {
        let mut plan = plan_changing(&[("prod", EntityKind::Role, "deployer")], &["prod"]);
        let findings = [
            finding("prod", EntityKind::Role, "ci", 20),
            finding("prod", EntityKind::Role, "deployer", 9),
            finding("prod", EntityKind::User, "deployer", 4),
            finding("prod", EntityKind::Role, "deployer", 7),
        ];
        attach_findings(&mut plan, &findings);
        let shown: Vec<(&str, Option<&str>)> = plan
            .findings
            .iter()
            .map(|f| (f.entity.name.as_str(), f.location.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("deployer", Some("roles.yaml:7:3")),
                ("deployer", Some("roles.yaml:9:3"))
            ]
        );
        assert_eq!(plan.findings[0].entity.kind, EntityKind::Role);
        assert_eq!(
            plan.findings_on_unchanged, 2,
            "the user named like the role is another entity"
        );
    }

    #[test]
    fn a_finding_keeps_code_severity_message_and_hint() {
        let mut plan = plan_changing(&[("prod", EntityKind::Role, "deployer")], &["prod"]);
        attach_findings(
            &mut plan,
            &[finding("prod", EntityKind::Role, "deployer", 7)],
        );
        assert_eq!(
            plan.findings,
            [PlanFinding {
                account: "prod".into(),
                entity: EntityRef::new(EntityKind::Role, "deployer"),
                code: "IAM101".into(),
                severity: Severity::Warning,
                message: "role deployer: iam:PassRole on every role".into(),
                location: Some("roles.yaml:7:3".into()),
                hint: Some("name the roles it may pass".into()),
            }]
        );
    }

    #[test]
    fn the_same_entity_in_another_account_is_not_changed() {
        let mut plan = plan_changing(&[("prod", EntityKind::Role, "deployer")], &["prod", "dev"]);
        attach_findings(
            &mut plan,
            &[
                finding("dev", EntityKind::Role, "deployer", 7),
                finding("staging", EntityKind::Role, "deployer", 7),
            ],
        );
        assert!(plan.findings.is_empty());
        assert_eq!(
            plan.findings_on_unchanged, 1,
            "staging is not in this plan, so its finding is not counted"
        );
    }

    #[test]
    fn attaching_again_replaces_the_previous_findings() {
        let mut plan = plan_changing(&[("prod", EntityKind::Role, "deployer")], &["prod"]);
        attach_findings(
            &mut plan,
            &[finding("prod", EntityKind::Role, "deployer", 7)],
        );
        attach_findings(&mut plan, &[finding("prod", EntityKind::Role, "ci", 7)]);
        assert!(plan.findings.is_empty());
        assert_eq!(plan.findings_on_unchanged, 1);
    }
}
