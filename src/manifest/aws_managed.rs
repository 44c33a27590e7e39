//! The built-in list of AWS-managed policies (`data/aws-managed-policies.tsv`), so that
//! manifests can name them (`ReadOnlyAccess`) instead of writing their ARN.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const LIST: &str = include_str!("../../data/aws-managed-policies.tsv");

/// AWS-managed policy names and their IAM paths.
#[derive(Debug, Default)]
pub struct AwsManagedPolicies {
    paths: BTreeMap<&'static str, &'static str>,
}

impl AwsManagedPolicies {
    /// The bundled list, parsed on first use.
    pub fn builtin() -> &'static AwsManagedPolicies {
        static PARSED: OnceLock<AwsManagedPolicies> = OnceLock::new();
        PARSED.get_or_init(|| AwsManagedPolicies::parse(LIST).0)
    }

    /// Parses `name<TAB>path` lines (blank lines and `#` comments skipped); also returns
    /// the 1-based numbers of malformed lines, which are left out.
    pub fn parse(text: &'static str) -> (AwsManagedPolicies, Vec<usize>) {
        let mut paths = BTreeMap::new();
        let mut bad = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('\t') {
                Some((name, path))
                    if !name.is_empty()
                        && !name.contains(char::is_whitespace)
                        && path.starts_with('/')
                        && path.ends_with('/') =>
                {
                    paths.insert(name, path);
                }
                _ => bad.push(i + 1),
            }
        }
        (AwsManagedPolicies { paths }, bad)
    }

    /// The path of the AWS-managed policy `name`, if it is in the list.
    pub fn path_of(&self, name: &str) -> Option<&'static str> {
        self.paths.get(name).copied()
    }

    /// All names, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        self.paths.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_list_is_well_formed() {
        let (list, bad) = AwsManagedPolicies::parse(LIST);
        assert_eq!(
            bad,
            Vec::<usize>::new(),
            "malformed lines in the bundled list"
        );
        assert_eq!(list.path_of("ReadOnlyAccess"), Some("/"));
        assert_eq!(list.path_of("ViewOnlyAccess"), Some("/job-function/"));
        assert_eq!(
            list.path_of("AWSLambdaBasicExecutionRole"),
            Some("/service-role/")
        );
        assert_eq!(list.path_of("NoSuchPolicy"), None);
    }

    #[test]
    fn reports_malformed_lines() {
        let (list, bad) = AwsManagedPolicies::parse("# c\nA\t/\nB\nC\tnot-a-path\n\nD\t/x/\n");
        assert_eq!(list.names(), ["A", "D"]);
        assert_eq!(bad, [3, 4]);
    }
}
