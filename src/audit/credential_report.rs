//! IAM's credential report (CSV): one row per user plus `<root_account>`, with password,
//! MFA and access key status. Columns are found by their header name, so added columns
//! do not break reading.

use super::timestamp::Timestamp;

/// The user name IAM gives the root user's row.
pub const ROOT_ROW: &str = "<root_account>";

/// Why a credential report could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("credential report line {line}: {message}")]
pub struct CredentialReportError {
    /// 1-based line of the CSV.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One access key slot of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeyStatus {
    /// 1 or 2.
    pub slot: u8,
    /// The key exists and is active.
    pub active: bool,
    /// When the key was created or last rotated.
    pub last_rotated: Option<Timestamp>,
    /// When the key was last used.
    pub last_used: Option<Timestamp>,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    /// User name (`<root_account>` for root).
    pub user: String,
    /// User ARN.
    pub arn: String,
    /// When the user was created.
    pub created: Option<Timestamp>,
    /// The user has a console password (never true for root, which reports `not_supported`).
    pub password_enabled: bool,
    /// When the password was last used to sign in.
    pub password_last_used: Option<Timestamp>,
    /// An MFA device is active.
    pub mfa_active: bool,
    /// Both access key slots.
    pub access_keys: Vec<AccessKeyStatus>,
}

impl CredentialRow {
    /// The user's IAM path, read from its ARN (`/` when it cannot be read).
    pub fn path(&self) -> String {
        let resource = self.arn.rsplit_once(":user").map_or("", |(_, r)| r);
        match resource.rfind('/') {
            Some(i) if resource.starts_with('/') => resource[..=i].to_string(),
            _ => "/".to_string(),
        }
    }
}

/// The parsed report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CredentialReport {
    /// The root user's row, when present.
    pub root: Option<CredentialRow>,
    /// IAM users' rows, in report order.
    pub users: Vec<CredentialRow>,
}

/// Reads the CSV text of a credential report.
pub fn parse(text: &str) -> Result<CredentialReport, CredentialReportError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(CredentialReportError {
            line: 1,
            message: "the report is empty".into(),
        });
    };
    let header = split_csv(header);
    let column = |name: &str| header.iter().position(|h| h == name);
    let required = |name: &str| {
        column(name).ok_or_else(|| CredentialReportError {
            line: 1,
            message: format!("no `{name}` column"),
        })
    };
    let (user, arn, mfa) = (required("user")?, required("arn")?, required("mfa_active")?);
    let mut report = CredentialReport::default();
    for (i, line) in lines {
        let fields = split_csv(line);
        if fields.len() != header.len() {
            return Err(CredentialReportError {
                line: i + 1,
                message: format!("{} fields, the header has {}", fields.len(), header.len()),
            });
        }
        let get = |name: &str| column(name).map_or("", |c| fields[c].as_str());
        let time = |name: &str| Timestamp::parse(get(name));
        let keys = (1..=2)
            .map(|slot| AccessKeyStatus {
                slot,
                active: get(&format!("access_key_{slot}_active")) == "true",
                last_rotated: time(&format!("access_key_{slot}_last_rotated")),
                last_used: time(&format!("access_key_{slot}_last_used_date")),
            })
            .collect();
        let row = CredentialRow {
            user: fields[user].clone(),
            arn: fields[arn].clone(),
            created: time("user_creation_time"),
            password_enabled: get("password_enabled") == "true",
            password_last_used: time("password_last_used"),
            mfa_active: fields[mfa] == "true",
            access_keys: keys,
        };
        if row.user == ROOT_ROW {
            report.root = Some(row);
        } else {
            report.users.push(row);
        }
    }
    Ok(report)
}

/// Splits one CSV line; fields may be double-quoted with `""` for a quote.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::012345678901:root,2020-01-01T00:00:00+00:00,not_supported,2025-06-01T10:00:00+00:00,not_supported,not_supported,false,true,2021-05-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
carol,arn:aws:iam::012345678901:user/people/carol,2024-01-10T08:00:00+00:00,true,2025-06-20T07:00:00+00:00,2024-01-10T08:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    #[test]
    fn reads_root_and_users_by_column_name() {
        let report = parse(REPORT).unwrap();
        let root = report.root.unwrap();
        assert!(!root.mfa_active && !root.password_enabled);
        assert!(root.access_keys[0].active && !root.access_keys[1].active);
        assert_eq!(
            root.access_keys[0].last_rotated.unwrap().date(),
            "2021-05-01"
        );
        let carol = &report.users[0];
        assert_eq!(
            (carol.user.as_str(), carol.path().as_str()),
            ("carol", "/people/")
        );
        assert!(carol.password_enabled && !carol.mfa_active);
        assert_eq!(carol.password_last_used.unwrap().date(), "2025-06-20");
    }

    #[test]
    fn malformed_reports_say_where() {
        assert_eq!(parse("").unwrap_err().message, "the report is empty");
        assert_eq!(
            parse("user,arn\nx,y\n").unwrap_err().message,
            "no `mfa_active` column"
        );
        let err = parse("user,arn,mfa_active\nx,y\n").unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (2, "2 fields, the header has 3")
        );
        assert_eq!(split_csv("a,\"b,\"\"c\"\"\",d"), ["a", "b,\"c\"", "d"]);
    }
}
