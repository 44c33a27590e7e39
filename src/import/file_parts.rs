//! One kind's manifest in parts: `users.yaml`, then `users-2.yaml`, `users-3.yaml`, …
//! once the entities pass [`PART_BYTES`]. A large account's manifests then stay far
//! under the loader's size cap (`input_file::MANIFEST_LIMIT`), small enough to review,
//! and load on several cores. An account of a few thousand entities keeps one file per
//! kind.

use super::yaml_text::Yaml;
use super::yaml_text::write_entry;

/// Entities' text per part, at most (an entity larger than this gets a part alone).
pub const PART_BYTES: usize = 1 << 20;

/// The kinds whose manifests may come in parts, by file stem.
const PARTED_STEMS: [&str; 5] = ["policies", "groups", "users", "roles", "instance_profiles"];

/// `key:` and its entities, as `write_document` writes them, in parts of at most
/// [`PART_BYTES`] of entities each, in order; none for no entities.
pub fn part_bodies(key: &str, entities: &[(String, Yaml)]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for entity in entities {
        let text = write_entry(entity, 2);
        if !current.is_empty() && current.len() + text.len() > PART_BYTES {
            parts.push(std::mem::take(&mut current));
        }
        current.push_str(&text);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
        .into_iter()
        .map(|entities| format!("{key}:\n{entities}"))
        .collect()
}

/// The file of part `n` (from 1) of `stem`: `users.yaml`, `users-2.yaml`, ….
pub fn part_name(stem: &str, n: usize) -> String {
    if n <= 1 {
        format!("{stem}.yaml")
    } else {
        format!("{stem}-{n}.yaml")
    }
}

/// True for the name of a second or later part (`users-2.yaml`): a later import with
/// fewer parts no longer writes it.
pub fn is_later_part(name: &str) -> bool {
    let Some(stem_and_n) = name.strip_suffix(".yaml") else {
        return false;
    };
    let Some((stem, n)) = stem_and_n.rsplit_once('-') else {
        return false;
    };
    PARTED_STEMS.contains(&stem)
        && n.parse::<usize>().is_ok_and(|n| n >= 2)
        && n.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml_text::write_document;

    fn user(i: usize) -> (String, Yaml) {
        (
            format!("user-{i}"),
            Yaml::Map(vec![("path".to_string(), Yaml::str(format!("/team-{i}/")))]),
        )
    }

    #[test]
    fn a_few_entities_are_one_part_written_as_one_document() {
        let entities: Vec<_> = (0..3).map(user).collect();
        let parts = part_bodies("users", &entities);
        assert_eq!(
            parts,
            [write_document(&[(
                "users".to_string(),
                Yaml::Map(entities)
            )])]
        );
        assert!(part_bodies("users", &[]).is_empty());
    }

    #[test]
    fn many_entities_are_split_in_order_under_the_part_size() {
        let entities: Vec<_> = (0..60_000).map(user).collect();
        let parts = part_bodies("users", &entities);
        assert!(parts.len() > 1);
        assert!(
            parts
                .iter()
                .all(|p| p.len() <= PART_BYTES + "users:\n".len())
        );
        let joined: String = parts
            .iter()
            .map(|p| p.strip_prefix("users:\n").unwrap())
            .collect();
        let whole = write_document(&[("users".to_string(), Yaml::Map(entities))]);
        assert_eq!(format!("users:\n{joined}"), whole);
    }

    #[test]
    fn part_names() {
        assert_eq!(part_name("users", 1), "users.yaml");
        assert_eq!(
            part_name("instance_profiles", 12),
            "instance_profiles-12.yaml"
        );
        assert!(is_later_part("users-2.yaml") && is_later_part("instance_profiles-12.yaml"));
        for name in [
            "users.yaml",
            "users-1.yaml",
            "users-x.yaml",
            "users-+2.yaml",
            "team-2.yaml",
        ] {
            assert!(!is_later_part(name), "{name}");
        }
    }
}
