//! Generated plans of every size for the property tests of the renderers: hundreds of
//! changes (enough to overflow any Markdown budget; larger plans only cost test time),
//! long and hostile names (multi-byte characters, backticks, HTML), many warnings,
//! principals with long access lists, findings, ignored entities and targets.
//!
//! A small seeded generator (splitmix64) keeps every run reproducible without a
//! property-testing dependency; a failing seed is printed by the test.

use crate::access::{AccessChange, AccessGrant, AccessKind, AccessSummary};
use crate::diagnostic::Severity;
use crate::diff::{AccountKey, Action};
use crate::model::{Entity, EntityKind, EntityRef, Ownership};
use crate::plan::{Plan, PlanFinding, Targeting};

use super::plan_builder::{PlanBuilder, allow, group, user};

/// splitmix64: tiny, fast and good enough to pick shapes.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next number.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A size spread over orders of magnitude: mostly small, sometimes up to `max`.
    pub(crate) fn size(&mut self, max: usize) -> usize {
        let scale = [3, 30, 300, max][self.below(4)];
        self.below(scale.min(max) + 1)
    }
}

/// Name parts that stress escaping and character counting.
const PARTS: [&str; 8] = ["alice", "é", "🙂", "`tick`", "<b>", "|pipe|", "data", "*x*"];

fn name(rng: &mut Rng, i: usize) -> String {
    let mut out = format!("n{i}");
    for _ in 0..rng.below(4) {
        out.push_str(PARTS[rng.below(PARTS.len())]);
    }
    if rng.below(20) == 0 {
        out.push_str(&"long".repeat(rng.below(60)));
    }
    out
}

fn text(rng: &mut Rng, max_words: usize) -> String {
    let words = 1 + rng.below(max_words);
    (0..words)
        .map(|_| PARTS[rng.below(PARTS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A random plan over one to three accounts.
pub(crate) fn random_plan(rng: &mut Rng) -> Plan {
    let accounts: Vec<AccountKey> = (0..1 + rng.below(3))
        .map(|i| AccountKey {
            partition: Default::default(),
            name: name(rng, i),
            id: format!("{:012}", 111_111_111_111u64 * (i as u64 + 1)),
        })
        .collect();
    let mut b = PlanBuilder::new(&accounts);
    for i in 0..rng.size(800) {
        let account = &accounts[rng.below(accounts.len())];
        let entity = name(rng, i);
        let statements: Vec<String> = (0..rng.size(120))
            .map(|s| format!("s3:Action{s}{}", PARTS[rng.below(PARTS.len())]))
            .collect();
        let statements: Vec<&str> = statements.iter().map(String::as_str).collect();
        let action = match rng.below(6) {
            0 => Action::Create {
                entity: Box::new(Entity::User(user(&entity, "/"))),
            },
            1 => Action::Delete {
                entity: Box::new(Entity::Group(group(&entity))),
            },
            2 => Action::RemoveUserFromGroup {
                group: name(rng, i + 1),
            },
            3 => Action::AddUserToGroup {
                group: name(rng, i + 2),
            },
            4 => Action::Replace {
                reason: text(rng, 5),
                before: Box::new(Entity::User(user(&entity, "/a/"))),
                after: Box::new(Entity::User(user(&entity, "/b/"))),
            },
            _ => Action::PutInlinePolicy {
                policy_name: name(rng, i),
                before: None,
                after: allow(&statements, "*"),
            },
        };
        let kind = if matches!(action, Action::Delete { .. }) {
            EntityKind::Group
        } else {
            EntityKind::User
        };
        b.change(account, kind, &entity, action, &[]);
    }
    for i in 0..rng.size(100) {
        b.ignore(
            &accounts[0],
            EntityKind::Role,
            &name(rng, i),
            "/",
            Ownership::Unmanaged,
        );
    }
    for _ in 0..rng.size(40) {
        b.warn(&text(rng, 200));
    }
    let mut plan = b.build();
    plan.access = (0..rng.size(400))
        .map(|i| access_change(rng, &accounts, i))
        .collect();
    plan.findings = (0..rng.size(60))
        .map(|i| PlanFinding {
            account: accounts[0].name.clone(),
            entity: EntityRef::new(EntityKind::User, name(rng, i / 3)),
            code: format!("IAM10{}", rng.below(10)),
            severity: Severity::Warning,
            message: text(rng, 100),
            location: Some(format!("people.yaml:{i}:3")),
            hint: (rng.below(2) == 0).then(|| text(rng, 50)),
        })
        .collect();
    plan.findings_on_unchanged = rng.size(10);
    if rng.below(3) == 0 {
        plan.targeting = Some(Targeting {
            targets: (0..1 + rng.size(40))
                .map(|i| format!("{}:user/{}", accounts[0].name, name(rng, i)))
                .collect(),
            left_out: rng.size(1_000),
            access_left_out: rng.size(100),
        });
    }
    plan
}

fn access_change(rng: &mut Rng, accounts: &[AccountKey], i: usize) -> AccessChange {
    let grants = |rng: &mut Rng| -> Vec<AccessGrant> {
        (0..rng.size(20))
            .map(|_| AccessGrant {
                services: vec!["s3".into()],
                access: vec!["Read".into(), "Write".into()],
                resource: format!("arn:aws:s3:::{}", name(rng, i)),
                action_count: 3,
                examples: vec!["s3:GetObject".into(), "s3:PutObject".into()],
                conditional: rng.below(4) == 0,
                only_with_mfa: rng.below(4) == 0,
            })
            .collect()
    };
    let kinds = [
        AccessKind::Granted,
        AccessKind::GrantedWithMfa,
        AccessKind::Revoked,
        AccessKind::RevokedUnlessConditions,
    ];
    let summary: Vec<AccessSummary> = (0..rng.size(5))
        .map(|_| AccessSummary {
            change: kinds[rng.below(kinds.len())],
            resource: format!("arn:aws:s3:::{}", name(rng, i)),
            actions: format!("{} s3 actions", rng.size(90) + 1),
            action_count: 3,
        })
        .collect();
    let granted = grants(rng);
    let revoked = grants(rng);
    AccessChange {
        account: accounts[rng.below(accounts.len())].name.clone(),
        principal: format!("user {}", name(rng, i)),
        broadens: summary.iter().any(|s| s.change.grants()),
        narrows: summary.iter().any(|s| !s.change.grants()),
        sources: vec![format!("policy {}", name(rng, i))],
        summary,
        granted,
        revoked,
        assumers: Vec::new(),
        not_evaluated: Vec::new(),
        sign_in_removed: Vec::new(),
    }
}
