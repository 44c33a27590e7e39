//! The clock `expires:` is decided at: the system clock, or `IAMFORM_NOW` (an RFC 3339
//! time) so tests and CI runs are reproducible without waiting for a date.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, anyhow};
use iamform::model::UtcTime;

/// The environment variable that sets the clock, e.g. `IAMFORM_NOW=2027-01-01T00:00:00Z`.
pub const NOW_VAR: &str = "IAMFORM_NOW";

/// `IAMFORM_NOW` when set, else the system clock.
pub fn now() -> anyhow::Result<UtcTime> {
    match std::env::var(NOW_VAR) {
        Ok(text) => UtcTime::parse_rfc3339(text.trim()).ok_or_else(|| {
            anyhow!(
                "{NOW_VAR}={text:?} is not an RFC 3339 time; write e.g. {NOW_VAR}=2027-01-01T00:00:00Z"
            )
        }),
        Err(std::env::VarError::NotUnicode(_)) => Err(anyhow!("{NOW_VAR} is not valid UTF-8")),
        Err(std::env::VarError::NotPresent) => {
            let since = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .context("the system clock is before 1970")?;
            Ok(UtcTime {
                unix: i64::try_from(since.as_secs()).context("the system clock is out of range")?,
            })
        }
    }
}
