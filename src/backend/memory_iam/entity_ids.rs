//! What IAM assigns on create: unique ids with the per-kind prefix, ARNs, timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::arn::Partition;
use crate::model::{EntityKind, EntityMeta};

/// Characters after the prefix of an IAM unique id (AIDA + 17 = 21, as IAM returns).
const ID_SUFFIX_LEN: usize = 17;
const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The unique-id prefix IAM uses for entities of `kind`.
pub fn id_prefix(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::User => "AIDA",
        EntityKind::Group => "AGPA",
        EntityKind::Role => "AROA",
        EntityKind::Policy => "ANPA",
        EntityKind::InstanceProfile => "AIPA",
        // Identity providers have no unique id.
        EntityKind::OidcProvider
        | EntityKind::SamlProvider
        | EntityKind::AccountSettings
        | EntityKind::PermissionSet => "",
    }
}

/// Metadata for a new entity: a fresh id, its ARN and the creation time.
pub fn new_meta(
    rng: &mut fastrand::Rng,
    (partition, account_id): (Partition, &str),
    kind: EntityKind,
    path: &str,
    name: &str,
) -> EntityMeta {
    let suffix: String = (0..ID_SUFFIX_LEN)
        .map(|_| char::from(ID_ALPHABET[rng.usize(..ID_ALPHABET.len())]))
        .collect();
    EntityMeta {
        id: (!id_prefix(kind).is_empty()).then(|| format!("{}{suffix}", id_prefix(kind))),
        arn: Some(crate::arn::iam_entity(
            partition,
            account_id,
            kind.arn_type(),
            path,
            name,
        )),
        created: Some(rfc3339_now()),
    }
}

/// The current UTC time as RFC 3339 with second precision (`2024-05-01T12:00:00Z`).
pub fn rfc3339_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

/// Formats seconds since the Unix epoch as RFC 3339 UTC.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_the_kind_prefix_and_iam_length() {
        let mut rng = fastrand::Rng::with_seed(7);
        let meta = new_meta(
            &mut rng,
            (Partition::Aws, "123456789012"),
            EntityKind::Role,
            "/ops/",
            "deploy",
        );
        let id = meta.id.unwrap();
        assert!(id.starts_with("AROA"));
        assert_eq!(id.len(), 21);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        );
        assert_eq!(
            meta.arn.unwrap(),
            "arn:aws:iam::123456789012:role/ops/deploy"
        );
        assert_eq!(id_prefix(EntityKind::InstanceProfile), "AIPA");
    }

    #[test]
    fn formats_epoch_seconds_as_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_714_564_800), "2024-05-01T12:00:00Z");
    }
}
