//! ARN templates of the catalog (`arn:${Partition}:s3:::${BucketName}`) and policy
//! resource patterns with variables, turned into wildcard patterns for matching.

use crate::policy::catalog::glob::SEGMENT;

/// `arn:${Partition}:s3:::${BucketName}` → `arn:*:s3:::*`; policy variables such as
/// `${aws:username}` likewise stand for any text.
pub(super) fn placeholders_to_stars(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('*');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Like [`placeholders_to_stars`] for catalog ARN templates, except that placeholders
/// that never hold a `/` (ids, bucket names, partition, region, account) become
/// [`SEGMENT`], so `arn:aws:s3:::logs/*` is not taken for a bucket.
pub(super) fn template_to_pattern(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + end];
        let no_slash = name.ends_with("Id")
            || matches!(name, "BucketName" | "Partition" | "Region" | "Account");
        out.push(if no_slash { SEGMENT } else { '*' });
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}
