//! Reading, handing over, changing and writing state files.

use super::*;
use crate::arn::Partition;
use crate::diff::{AccountKey, Action};
use crate::model::{Entity, EntityKind, EntityRef, Group};

fn config(id: &str) -> AccountConfig {
    AccountConfig {
        partition: Default::default(),
        name: "prod".into(),
        id: id.into(),
        assume_role: None,
        profile: None,
    }
}

#[test]
fn committed_schema_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/state.schema.json");
    if std::env::var_os("IAMFORM_UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, json_schema()).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == json_schema(),
        "schemas/state.schema.json is stale: IAMFORM_UPDATE_SCHEMAS=1 cargo test --lib committed_schema_is_fresh"
    );
}

#[test]
fn parse_errors_name_file_line_and_column() {
    let text = "{\n  \"format_version\": 1,\n  \"acounts\": {}\n}\n";
    let err = StateFile::parse(text, Path::new("state.json"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("state.json:3:"), "{err}");
    assert!(err.contains("acounts"), "{err}");
    let err = StateFile::parse("{\"format_version\": 9}", Path::new("s.json")).unwrap_err();
    assert!(err.to_string().contains("format_version 9"));
    let mismatched =
        r#"{"format_version":1,"accounts":{"123456789012":{"account_id":"210987654321"}}}"#;
    assert!(StateFile::parse(mismatched, Path::new("s.json")).is_err());
}

#[test]
fn absent_account_reads_empty_and_changes_flush_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{\"format_version\": 1}").unwrap();
    let backend = StateFileBackend::open_locked(&path, Duration::ZERO, &mut |_| {}).unwrap();
    let empty = backend.read_account(&config("123456789012")).unwrap();
    assert_eq!(empty, AccountIam::new("123456789012"));
    let group = Group {
        name: "ops".into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    };
    backend
        .execute(&Change {
            account: AccountKey {
                partition: Default::default(),
                name: "prod".into(),
                id: "123456789012".into(),
            },
            target: EntityRef::new(EntityKind::Group, "ops"),
            action: Action::Create {
                entity: Box::new(Entity::Group(group)),
            },
        })
        .unwrap();
    backend.flush().unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    let reopened = StateFileBackend::open(&path).unwrap();
    assert_eq!(reopened.snapshot().unwrap(), backend.snapshot().unwrap());
    assert_eq!(reopened.snapshot().unwrap().to_pretty_json(), written);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["state.json", "state.json.lock"],
        "no temp file left"
    );
}

#[test]
fn a_file_opened_for_reading_hands_over_accounts_and_reads_them_again_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = recorded_with_group(dir.path(), "ops");
    let reader = StateFileBackend::open(&path).unwrap();
    let first = reader.read_account(&config("123456789012")).unwrap();
    assert!(first.groups.contains_key("ops"));
    // A second read, a change and a snapshot all see the whole recorded account.
    assert_eq!(reader.read_account(&config("123456789012")).unwrap(), first);
    reader.read_account(&config("123456789012")).unwrap();
    reader.execute(&create_group("dev")).unwrap();
    let after = reader.read_account(&config("123456789012")).unwrap();
    assert!(after.groups.contains_key("ops") && after.groups.contains_key("dev"));
    let snapshot = reader.snapshot().unwrap();
    assert!(snapshot.accounts["123456789012"].groups.contains_key("dev"));
}

#[test]
fn recorded_accounts_are_listed_even_once_handed_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = recorded_with_group(dir.path(), "ops");
    let reader = StateFileBackend::open(&path).unwrap();
    let listed = vec![("123456789012".to_string(), Partition::default())];
    assert_eq!(reader.recorded_accounts().unwrap(), Some(listed.clone()));
    reader.read_account(&config("123456789012")).unwrap();
    assert_eq!(reader.recorded_accounts().unwrap(), Some(listed));
}

/// A state file in `dir` recording one account with the group `name`.
fn recorded_with_group(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join("state.json");
    std::fs::write(&path, "{\"format_version\": 1}").unwrap();
    let writer = StateFileBackend::open_locked(&path, Duration::ZERO, &mut |_| {}).unwrap();
    writer.execute(&create_group(name)).unwrap();
    writer.flush().unwrap();
    path
}

fn create_group(name: &str) -> Change {
    let group = Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    };
    Change {
        account: AccountKey {
            partition: Default::default(),
            name: "prod".into(),
            id: "123456789012".into(),
        },
        target: EntityRef::new(EntityKind::Group, name),
        action: Action::Create {
            entity: Box::new(Entity::Group(group)),
        },
    }
}

#[test]
fn a_file_opened_for_reading_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{\"format_version\": 1}").unwrap();
    let err = StateFileBackend::open(&path).unwrap().flush().unwrap_err();
    assert!(err.to_string().contains("reading only"), "{err}");
    assert!(!lock_path(&path).exists(), "reading takes no lock");
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let err = StateFileBackend::open("/nonexistent/state.json").unwrap_err();
    assert!(err.to_string().contains("/nonexistent/state.json"));
}
