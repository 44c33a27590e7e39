//! A lint finding together with the account and entity it is about, so a plan can show
//! the findings on the entities it changes and leave the others to `validate`.

use crate::diagnostic::Diagnostic;
use crate::model::EntityRef;

/// One lint finding on one entity of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFinding {
    /// Manifest name of the account.
    pub account: String,
    /// The user, group, role or managed policy whose document (or membership) it is about.
    pub entity: EntityRef,
    /// The rule's stable code, e.g. `IAM101`.
    pub code: &'static str,
    /// The located finding as `validate` prints it.
    pub diagnostic: Diagnostic,
}

impl EntityFinding {
    /// The message without the ` [CODE]` suffix `validate` shows, for output that
    /// prints the code on its own.
    pub fn message(&self) -> &str {
        let message = self.diagnostic.message.as_str();
        message
            .strip_suffix(']')
            .and_then(|m| m.strip_suffix(self.code))
            .and_then(|m| m.strip_suffix(" ["))
            .unwrap_or(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    fn finding(message: &str) -> EntityFinding {
        EntityFinding {
            account: "prod".into(),
            entity: EntityRef::new(EntityKind::Role, "deployer"),
            code: "IAM101",
            diagnostic: Diagnostic::warning(None, message),
        }
    }

    #[test]
    fn message_drops_only_its_own_code_suffix() {
        assert_eq!(
            finding("role deployer: iam:PassRole on every role [IAM101]").message(),
            "role deployer: iam:PassRole on every role"
        );
        assert_eq!(
            finding("mentions [IAM100]").message(),
            "mentions [IAM100]",
            "another rule's code is part of the text"
        );
        assert_eq!(finding("no code").message(), "no code");
    }
}
