//! The GitLab instance a `gitlab:` trust names: its host, which is the name of its IAM
//! OIDC provider, the prefix of its condition keys (`HOST:aud`, `HOST:sub`), and its
//! audience, `https://HOST` (https://docs.gitlab.com/ee/ci/cloud_services/aws/).

use crate::diagnostic::Diagnostic;

use super::located::Located;

/// GitLab.com's host, as IAM names its provider; the default instance.
pub const GITLAB_ISSUER: &str = "gitlab.com";

/// The audience GitLab's documentation gives the AWS provider of instance `host`: the
/// instance URL.
pub fn gitlab_audience(host: &str) -> String {
    format!("https://{host}")
}

/// True when `host` is a lower-case DNS name of at least two labels: letters, digits
/// and inner `-`, 1 to 63 characters a label, 253 in all. A scheme, port or path would
/// change the provider's name and make `HOST:sub` ambiguous, and IAM must reach the
/// issuer over the internet, so a single-label name cannot be one.
pub fn is_gitlab_host(host: &str) -> bool {
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    host.len() <= 253 && host.contains('.') && host.split('.').all(label)
}

/// The host of a `gitlab:` trust, or a located error saying what is wrong with it.
pub fn checked_host(host: Option<&Located<String>>, sink: &mut Vec<Diagnostic>) -> Option<String> {
    let Some(host) = host else {
        return Some(GITLAB_ISSUER.to_string());
    };
    let v = &host.value;
    if is_gitlab_host(v) {
        return Some(v.clone());
    }
    let problem = if v.contains("://") {
        "is a URL"
    } else if v.contains('/') {
        "has a path"
    } else if v.contains(':') {
        "has a port"
    } else if v.chars().any(|c| c.is_ascii_uppercase()) {
        "is not in lower case"
    } else {
        "is not a DNS host name"
    };
    sink.push(
        Diagnostic::error(
            Some(host.span.clone()),
            format!("the GitLab host `{v}` {problem}"),
        )
        .with_help(
            "write the instance's host name alone, in lower case, e.g. `host: gitlab.example.com`",
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::is_gitlab_host;

    #[test]
    fn hosts_are_lower_case_dns_names() {
        for good in [
            "gitlab.com",
            "gitlab.example.com",
            "git-lab.a1.example.co.uk",
        ] {
            assert!(is_gitlab_host(good), "{good}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        for bad in [
            "",
            "gitlab",
            "https://gitlab.example.com",
            "gitlab.example.com/group",
            "gitlab.example.com:8443",
            "GitLab.example.com",
            "-gitlab.example.com",
            "gitlab-.example.com",
            "gitlab..example.com",
            "gitlab.example.com.",
            "git_lab.example.com",
            "gitlab example.com",
            long_label.as_str(),
            long_name.as_str(),
        ] {
            assert!(!is_gitlab_host(bad), "{bad}");
        }
    }
}
