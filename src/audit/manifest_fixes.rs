//! Which findings the manifests would fix once applied: a stronger password policy, MFA
//! enforced through a `require_mfa` group, console passwords and access keys the users'
//! credential rules remove, users and roles that pruning deletes.

use crate::manifest::{REQUIRE_MFA_POLICY_NAME, require_mfa_document};
use crate::model::{
    AccessKeyRule, AccountIam, EntityKind, EntityRef, PasswordPolicy, Scope, is_reserved,
};
use crate::policy;

/// Minimum password length the audit asks for (CIS AWS Foundations).
pub const STRONG_MINIMUM_LENGTH: u32 = 14;
/// Previous passwords the audit asks IAM to refuse (CIS AWS Foundations).
pub const STRONG_REUSE_PREVENTION: u32 = 24;

/// The desired IAM of the audited account, with the project's scope.
pub struct ManifestView<'a> {
    /// What the manifests want in the account.
    pub desired: &'a AccountIam,
    /// What iamform owns (pruning deletes undefined entities in it).
    pub scope: &'a Scope,
}

/// One way a password policy falls short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weakness {
    /// Which requirement (`length`, `symbols`, …, `reuse`; `policy` when there is none).
    pub aspect: &'static str,
    /// The phrase for reports.
    pub text: String,
}

/// What makes a password policy weak.
pub fn password_weaknesses(p: &PasswordPolicy) -> Vec<Weakness> {
    let mut out = Vec::new();
    let mut weak = |aspect, text| out.push(Weakness { aspect, text });
    if p.minimum_password_length < STRONG_MINIMUM_LENGTH {
        weak(
            "length",
            format!(
                "minimum length {} (< {STRONG_MINIMUM_LENGTH})",
                p.minimum_password_length
            ),
        );
    }
    for (required, aspect, what) in [
        (p.require_symbols, "symbols", "symbols"),
        (p.require_numbers, "numbers", "numbers"),
        (
            p.require_uppercase_characters,
            "uppercase",
            "upper-case letters",
        ),
        (
            p.require_lowercase_characters,
            "lowercase",
            "lower-case letters",
        ),
    ] {
        if !required {
            weak(aspect, format!("{what} not required"));
        }
    }
    match p.password_reuse_prevention {
        Some(n) if n >= STRONG_REUSE_PREVENTION => {}
        Some(n) => weak(
            "reuse",
            format!("reuse prevention {n} (< {STRONG_REUSE_PREVENTION})"),
        ),
        None => weak("reuse", "reuse prevention off".to_string()),
    }
    out
}

impl ManifestView<'_> {
    /// How the manifests' password policy fixes `weaknesses` (all of them, or which).
    pub fn password_policy_fix(&self, weaknesses: &[Weakness]) -> Option<String> {
        let wanted = self.desired.settings.password_policy.as_ref()?;
        let remaining = password_weaknesses(wanted);
        let fixed = weaknesses
            .iter()
            .filter(|w| !remaining.iter().any(|r| r.aspect == w.aspect))
            .count();
        if remaining.is_empty() {
            Some("the manifests' password policy meets every requirement".to_string())
        } else if fixed > 0 {
            Some(format!(
                "partly: the manifests' password policy fixes {fixed} of {}; still {}",
                weaknesses.len(),
                remaining
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        } else {
            None
        }
    }

    /// True when applying the manifests deletes this user or role (pruning in scope).
    pub fn deletes(&self, kind: EntityKind, name: &str, path: &str) -> bool {
        let defined = match kind {
            EntityKind::User => self.desired.users.contains_key(name),
            EntityKind::Role => self.desired.roles.contains_key(name),
            _ => true,
        };
        !defined
            && self.scope.prune
            && self.scope.covers_path(path)
            && !is_reserved(&EntityRef::new(kind, name), path)
    }

    /// The fix for any finding about a user or role the manifests delete.
    pub fn deletion_fix(&self, kind: EntityKind, name: &str, path: &str) -> Option<String> {
        self.deletes(kind, name, path).then(|| {
            format!(
                "the manifests delete this {} (not defined; pruning covers {path})",
                kind.noun()
            )
        })
    }

    /// How the manifests remove a user's access keys: `access_keys: none`, or deletion.
    pub fn access_key_fix(&self, user: &str, path: &str) -> Option<String> {
        if let Some(fix) = self.deletion_fix(EntityKind::User, user, path) {
            return Some(fix);
        }
        let wanted = self.desired.users.get(user)?;
        (wanted.credential_rules.access_keys == Some(AccessKeyRule::None))
            .then(|| "access_keys: none deletes the user's access keys".to_string())
    }

    /// How the manifests make a console user use MFA: a `require_mfa` group, no console
    /// password (`console_access: false`), or deletion.
    pub fn console_mfa_fix(&self, user: &str, path: &str) -> Option<String> {
        if let Some(fix) = self.deletion_fix(EntityKind::User, user, path) {
            return Some(fix);
        }
        let wanted = self.desired.users.get(user)?;
        if wanted.credential_rules.console_access == Some(false) {
            return Some("console_access: false removes the console password".to_string());
        }
        let standard = require_mfa_document();
        let group = wanted.groups.iter().find(|g| {
            self.desired.groups.get(*g).is_some_and(|g| {
                g.inline_policies
                    .get(REQUIRE_MFA_POLICY_NAME)
                    .is_some_and(|d| policy::equivalent(&d.0, &standard))
            })
        })?;
        Some(format!(
            "in group `{group}` with require_mfa: true, the user can do nothing but set up MFA until signing in with it"
        ))
    }
}
