//! The plan's counts, Terraform style: entities added, changed in place and destroyed
//! (a replacement is one add and one destroy), plus the number of operations.
//!
//! An entity is counted once whatever happens to it: detaching a policy from a user or
//! removing it from a group changes the user, it destroys nothing. Only creating,
//! deleting or replacing the entity itself adds or destroys. The same rule gives each
//! entity its symbol in the rendered plan ([`entity_class`]), so counts and symbols
//! always agree.

use std::collections::BTreeMap;

use crate::diff::{AccountKey, Action, ChangeClass, IcAction};
use crate::model::EntityRef;

use super::plan_document::{PlannedChange, Summary};

/// What happens to one entity, decided by the strongest of its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fate {
    Change,
    Add,
    Destroy,
    Replace,
}

fn fate(action: &Action) -> Fate {
    match action {
        Action::Create { .. } => Fate::Add,
        Action::Delete { .. } => Fate::Destroy,
        Action::Replace { .. } => Fate::Replace,
        Action::IdentityCenter(IcAction::CreatePermissionSet { .. }) => Fate::Add,
        Action::IdentityCenter(IcAction::DeletePermissionSet { .. }) => Fate::Destroy,
        _ => Fate::Change,
    }
}

impl From<Fate> for ChangeClass {
    fn from(fate: Fate) -> ChangeClass {
        match fate {
            Fate::Change => ChangeClass::Change,
            Fate::Add => ChangeClass::Add,
            Fate::Destroy => ChangeClass::Destroy,
            Fate::Replace => ChangeClass::Replace,
        }
    }
}

/// What happens to one entity as a whole, given all its changes: replaced outranks
/// destroyed, which outranks added; anything else changes it in place.
pub fn entity_class<'a>(actions: impl IntoIterator<Item = &'a Action>) -> ChangeClass {
    actions
        .into_iter()
        .map(fate)
        .max()
        .unwrap_or(Fate::Change)
        .into()
}

/// Counts `changes` by entity; `operations` is the number of changes.
pub fn summarize<'a>(changes: impl IntoIterator<Item = &'a PlannedChange>) -> Summary {
    let mut fates: BTreeMap<(&AccountKey, &EntityRef), Fate> = BTreeMap::new();
    let mut operations = 0;
    for planned in changes {
        operations += 1;
        let change = &planned.change;
        let entry = fates
            .entry((&change.account, &change.target))
            .or_insert(Fate::Change);
        *entry = (*entry).max(fate(&change.action));
    }
    let mut summary = Summary {
        operations,
        ..Summary::default()
    };
    for fate in fates.into_values() {
        match fate {
            Fate::Change => summary.change += 1,
            Fate::Add => summary.add += 1,
            Fate::Destroy => summary.destroy += 1,
            Fate::Replace => {
                summary.add += 1;
                summary.destroy += 1;
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Change;
    use crate::diff::tests::fixtures::{group, role, user};
    use crate::model::{Entity, EntityKind};

    fn planned(kind: EntityKind, name: &str, action: Action) -> PlannedChange {
        PlannedChange {
            id: 0,
            change: Change {
                account: AccountKey {
                    partition: Default::default(),
                    name: "prod".into(),
                    id: "111111111111".into(),
                },
                target: EntityRef::new(kind, name),
                action,
            },
            depends_on: Vec::new(),
            expired: None,
        }
    }

    fn counts(changes: &[PlannedChange]) -> (usize, usize, usize, usize) {
        let s = summarize(changes);
        (s.add, s.change, s.destroy, s.operations)
    }

    #[test]
    fn an_entity_takes_the_class_of_its_strongest_change() {
        let attach = Action::AttachPolicy {
            policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
        };
        let create = Action::Create {
            entity: Box::new(Entity::Role(role("api"))),
        };
        let delete = Action::Delete {
            entity: Box::new(Entity::Role(role("api"))),
        };
        let replace = Action::Replace {
            reason: "path changes".into(),
            before: Box::new(Entity::Role(role("api"))),
            after: Box::new(Entity::Role(role("api"))),
        };
        assert_eq!(entity_class(Vec::<&Action>::new()), ChangeClass::Change);
        assert_eq!(entity_class([&attach]), ChangeClass::Change);
        assert_eq!(entity_class([&create, &attach]), ChangeClass::Add);
        assert_eq!(entity_class([&attach, &delete]), ChangeClass::Destroy);
        assert_eq!(entity_class([&delete, &create]), ChangeClass::Destroy);
        assert_eq!(
            entity_class([&attach, &replace, &create]),
            ChangeClass::Replace
        );
    }

    #[test]
    fn detaching_and_leaving_a_group_change_the_user() {
        let changes = [
            planned(
                EntityKind::User,
                "alice",
                Action::DetachPolicy {
                    policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
                },
            ),
            planned(
                EntityKind::User,
                "alice",
                Action::RemoveUserFromGroup {
                    group: "admins".into(),
                },
            ),
            planned(
                EntityKind::User,
                "alice",
                Action::AddUserToGroup {
                    group: "readers".into(),
                },
            ),
        ];
        assert_eq!(counts(&changes), (0, 1, 0, 3));
    }

    #[test]
    fn creating_deleting_and_replacing_count_once_per_entity() {
        let create = planned(
            EntityKind::Group,
            "new",
            Action::Create {
                entity: Box::new(Entity::Group(group("new"))),
            },
        );
        let attach = planned(
            EntityKind::Group,
            "new",
            Action::AttachPolicy {
                policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            },
        );
        let detach = planned(
            EntityKind::Group,
            "old",
            Action::DetachPolicy {
                policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            },
        );
        let delete = planned(
            EntityKind::Group,
            "old",
            Action::Delete {
                entity: Box::new(Entity::Group(group("old"))),
            },
        );
        // Terraform counts a replacement as one add and one destroy.
        let replace = planned(
            EntityKind::Role,
            "api",
            Action::Replace {
                reason: "path changes".into(),
                before: Box::new(Entity::Role(role("api"))),
                after: Box::new(Entity::Role(role("api"))),
            },
        );
        let changes = [create, attach, detach, delete, replace];
        assert_eq!(counts(&changes), (2, 0, 2, 5));
    }

    #[test]
    fn the_same_name_in_two_accounts_is_two_entities() {
        let create = || Action::Create {
            entity: Box::new(Entity::User(user("alice"))),
        };
        let mut other = planned(EntityKind::User, "alice", create());
        other.change.account.name = "dev".into();
        let changes = [planned(EntityKind::User, "alice", create()), other];
        assert_eq!(counts(&changes), (2, 0, 0, 2));
    }
}
