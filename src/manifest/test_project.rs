//! Test support: a throwaway manifest directory, loaded with [`super::check`].

use super::LoadReport;

/// Writes `files` (relative path, contents) into a temporary directory and checks it.
/// Diagnostic paths are absolute (under the temporary directory).
pub fn check_files(files: &[(&str, &str)]) -> LoadReport {
    check_files_at(files, crate::model::UtcTime { unix: 0 })
}

/// [`check_files`] with the clock at `now`, for `expires:`.
pub fn check_files_at(files: &[(&str, &str)], now: crate::model::UtcTime) -> LoadReport {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    super::check(dir.path(), now)
}

/// [`check_files`] for a project whose organization is `organization`.
pub fn check_files_in(
    files: &[(&str, &str)],
    organization: &crate::model::Organization,
) -> LoadReport {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let read = |_: &crate::model::OrganizationConfig, _: bool| Ok(organization.clone());
    super::check_with(dir.path(), crate::model::UtcTime { unix: 0 }, Some(&read))
}

/// Messages and positions (line, column) of every diagnostic, for compact assertions.
pub fn positions(report: &LoadReport) -> Vec<(u32, u32, String)> {
    report
        .diagnostics
        .0
        .iter()
        .map(|d| {
            let s = d.span.as_ref().expect("located");
            (s.line, s.column, d.message.clone())
        })
        .collect()
}

/// `iamform.yaml` with accounts `prod` (111111111111, the default) and `identity` (222222222222).
pub const TWO_ACCOUNTS: &str = "accounts:\n  prod: {id: \"111111111111\"}\n  identity: {id: \"222222222222\"}\ndefault_account: prod\n";
