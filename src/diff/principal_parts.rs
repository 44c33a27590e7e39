//! What users, groups and roles share: attached policies, inline policies and a
//! permissions boundary, and the changes that build, tear down or sync them.

use std::collections::{BTreeMap, BTreeSet};

use super::account_context::AccountContext;
use super::document_equivalence::documents_equivalent;
use super::{Action, Change};
use crate::model::{EntityKind, PolicyDocument};

/// The policy-bearing parts of one principal in one state.
pub(super) struct PrincipalParts<'e> {
    /// Attached managed policy ARNs.
    pub managed_policies: &'e BTreeSet<String>,
    /// Inline policies by name.
    pub inline_policies: &'e BTreeMap<String, PolicyDocument>,
    /// Boundary ARN (groups have none).
    pub boundary: Option<&'e String>,
}

/// The principal the changes land on.
pub(super) struct Principal<'c, 'a> {
    /// The account.
    pub ctx: &'c AccountContext<'a>,
    /// User, group or role.
    pub kind: EntityKind,
    /// Its name.
    pub name: &'c str,
}

impl Principal<'_, '_> {
    fn push(&self, out: &mut Vec<Change>, action: Action) {
        out.push(self.ctx.change(self.kind, self.name, action));
    }

    /// After a create (or the create half of a replace): attach and put everything.
    /// The boundary is part of the create itself.
    pub fn build(&self, out: &mut Vec<Change>, wanted: &PrincipalParts<'_>) {
        for arn in wanted.managed_policies {
            self.push(
                out,
                Action::AttachPolicy {
                    policy_arn: arn.clone(),
                },
            );
        }
        for (name, doc) in wanted.inline_policies {
            self.push(
                out,
                Action::PutInlinePolicy {
                    policy_name: name.clone(),
                    before: None,
                    after: doc.clone(),
                },
            );
        }
    }

    /// Before a delete (or the delete half of a replace): detach and delete everything.
    /// IAM deletes a boundary with its principal, so it needs no change of its own.
    pub fn tear_down(&self, out: &mut Vec<Change>, current: &PrincipalParts<'_>) {
        for arn in current.managed_policies {
            self.push(
                out,
                Action::DetachPolicy {
                    policy_arn: arn.clone(),
                },
            );
        }
        for (name, doc) in current.inline_policies {
            self.push(
                out,
                Action::DeleteInlinePolicy {
                    policy_name: name.clone(),
                    before: doc.clone(),
                },
            );
        }
    }

    /// Changes that turn `current` into `wanted` in place. A policy kept on both sides
    /// that is being replaced is detached before and re-attached after its replace.
    pub fn sync(
        &self,
        out: &mut Vec<Change>,
        wanted: &PrincipalParts<'_>,
        current: &PrincipalParts<'_>,
    ) {
        let replaced = &self.ctx.replaced_policy_arns;
        for arn in current.managed_policies {
            if !wanted.managed_policies.contains(arn) || replaced.contains(arn) {
                self.push(
                    out,
                    Action::DetachPolicy {
                        policy_arn: arn.clone(),
                    },
                );
            }
        }
        for arn in wanted.managed_policies {
            if !current.managed_policies.contains(arn) || replaced.contains(arn) {
                self.push(
                    out,
                    Action::AttachPolicy {
                        policy_arn: arn.clone(),
                    },
                );
            }
        }
        for (name, doc) in current.inline_policies {
            if !wanted.inline_policies.contains_key(name) {
                self.push(
                    out,
                    Action::DeleteInlinePolicy {
                        policy_name: name.clone(),
                        before: doc.clone(),
                    },
                );
            }
        }
        for (name, doc) in wanted.inline_policies {
            let before = current.inline_policies.get(name);
            if before.is_none_or(|b| !documents_equivalent(b, doc)) {
                self.push(
                    out,
                    Action::PutInlinePolicy {
                        policy_name: name.clone(),
                        before: before.cloned(),
                        after: doc.clone(),
                    },
                );
            }
        }
        self.sync_boundary(out, wanted.boundary, current.boundary);
    }

    /// A boundary whose policy is replaced must be removed before the replace and set
    /// again after it; one put cannot do both, as it would need the policy gone and back.
    fn sync_boundary(
        &self,
        out: &mut Vec<Change>,
        wanted: Option<&String>,
        current: Option<&String>,
    ) {
        let going = current.filter(|c| self.ctx.replaced_policy_arns.contains(*c));
        match (current, wanted) {
            (None, None) => {}
            (Some(c), None) => {
                self.push(out, Action::DeletePermissionsBoundary { before: c.clone() })
            }
            (Some(c), Some(w)) if c == w && going.is_none() => {}
            (Some(c), Some(w)) if going.is_none() => self.push(
                out,
                Action::PutPermissionsBoundary {
                    before: Some(c.clone()),
                    after: w.clone(),
                },
            ),
            (Some(c), Some(w)) => {
                self.push(out, Action::DeletePermissionsBoundary { before: c.clone() });
                self.push(
                    out,
                    Action::PutPermissionsBoundary {
                        before: None,
                        after: w.clone(),
                    },
                );
            }
            (None, Some(w)) => self.push(
                out,
                Action::PutPermissionsBoundary {
                    before: None,
                    after: w.clone(),
                },
            ),
        }
    }
}
