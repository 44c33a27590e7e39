//! The committed `docs/lint-rules.md` must match what the rule definitions generate.
//! Refresh it with `IAMFORM_UPDATE_DOCS=1 cargo test --test lint_rules_doc`.

use iamform::policy::lint::{Rule, rules_markdown};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/lint-rules.md");

#[test]
fn committed_lint_rules_doc_is_fresh() {
    let generated = rules_markdown();
    if std::env::var_os("IAMFORM_UPDATE_DOCS").is_some() {
        std::fs::write(PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/lint-rules.md is stale: run `IAMFORM_UPDATE_DOCS=1 cargo test --test lint_rules_doc` and commit it"
    );
}

#[test]
fn every_rule_has_a_why_and_an_example() {
    for rule in Rule::ALL {
        assert!(rule.why().len() > 80, "{}: why is too short", rule.code());
        assert!(!rule.example().is_empty(), "{}", rule.code());
        assert!(rules_markdown().contains(&format!("## {}", rule.code())));
    }
}
