//! Pure policy-document library: parse, normalize, compare, validate and measure IAM
//! policy documents. No I/O; callers hand in `serde_json::Value`s.
//!
//! - [`parse`] reads a document into the typed grammar ([`Policy`], [`Statement`], …),
//!   reporting every problem with its JSON path and a hint ([`PolicyError`]);
//!   [`parse_for`] also checks the shape a [`PolicyKind`] needs.
//! - [`normalize`] gives the comparison form and [`equivalent`] compares two documents.
//! - [`canonical_text`] gives stable, readable JSON for human diffs.
//! - [`size`] measures documents the way IAM does and checks IAM's size quotas.
//! - [`lint`] checks a document of a [`PolicyKind`]; [`DataVersions`] names the bundled
//!   AWS data it checks against.
//!
//! # Normalization rules (the comparison form), each with the AWS reason
//!
//! 1. `Version` is explicit; a missing one becomes `2008-10-17`, because that is what IAM
//!    assumes. `2008-10-17` and `2012-10-17` stay different: under 2008-10-17 policy
//!    variables such as `${aws:username}` are literal text, so the same statements can
//!    grant different access.
//! 2. `Id` and every `Sid` are dropped: they label a document and its statements and
//!    never take part in evaluation.
//! 3. `Statement` is always a list; IAM accepts a single statement object as a one-element
//!    list. Statements are sorted and de-duplicated: IAM evaluates all of them and
//!    combines the results (any explicit Deny wins, else any Allow), so order and
//!    repetition do not matter.
//! 4. `Action`/`NotAction`, `Resource`/`NotResource` and each principal type's values are
//!    always lists (IAM reads a string as a one-element list), sorted and de-duplicated
//!    (an element matches when any value matches, so order and repetition do not matter).
//!    A value another value of the same list covers is dropped (`["s3:*", "s3:Get*"]` ≡
//!    `["s3:*"]`, `["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]` ≡ `["arn:aws:s3:::b/*"]`):
//!    exact for "any of" lists and for "none of" lists alike. Resource patterns with policy
//!    variables only cover themselves.
//! 5. Actions are lower-cased: IAM matches action names case-insensitively
//!    (`s3:GetObject` ≡ `S3:getobject`). Resources keep their case: ARNs are
//!    case-sensitive.
//! 6. Principals: `"*"` ≡ `{"AWS": "*"}` (IAM documents them as the same), written as
//!    `{"AWS": ["*"]}`, and `*` among other AWS values stands for them all. A bare
//!    12-digit account id is the account's root ARN, which IAM writes in the partition
//!    holding the policy: [`equivalent`] reads the ids of both documents in `aws` and in
//!    each partition their principal ARNs name (a document's ids in its own partition),
//!    so `{"AWS": "123456789012"}` ≡ `arn:aws-us-gov:iam::123456789012:root`, while root
//!    ARNs of two partitions stay two accounts. [`normalize`] uses the partition the
//!    document's ARNs name, else `aws`. `Service`, `Federated` and `CanonicalUser` values
//!    keep their case.
//! 7. Conditions: operators keep their case (IAM operator names are case-sensitive);
//!    condition keys are lower-cased (IAM condition keys are case-insensitive); values
//!    are always lists of strings (IAM compares `true`/`10` as `"true"`/`"10"`), sorted
//!    and de-duplicated (values under one key are alternatives). Operators with no keys
//!    are dropped: they test nothing. Values keep their case: whether it matters depends
//!    on the operator (`StringEquals` vs `StringEqualsIgnoreCase`).
//! 8. Equivalence means the same decision for every request. Statements with `Principal`
//!    (or none), `Action` and `Resource` (or none) are taken apart into what they match,
//!    one principal, action and resource at a time with the statement's effect and
//!    conditions; a part that another part covers (broader principal, action and resource,
//!    same effect, a subset of its conditions) is dropped, as it changes no decision; the
//!    rest is written back in one fixed grouping (module `atoms`). So statements split or
//!    joined along their lists, and statements another one already covers, compare
//!    equal. `NotPrincipal`, `NotAction` and `NotResource` statements are kept whole.
//!    Documents far beyond IAM's size quotas skip this step and only merge statements
//!    that differ in their actions. The test of coverage is sound but not complete: it
//!    never calls different access the same, and may miss exotic equal pairs.
//!
//! Documents that do not parse still compare sanely in [`equivalent`]: both sides get
//! the rules above wherever their shape allows, and everything else is compared as
//! written.

mod account_partition;
mod atoms;
pub mod aws_managed;
mod canonical_text;
pub mod catalog;
mod condition;
mod data_versions;
mod document;
mod equivalence;
mod error;
mod lenient;
pub mod lint;
mod merge;
mod normalize;
mod ordered_json;
mod parse;
mod path;
mod pattern_cover;
mod policy_kind;
mod principal;
pub mod simulate;
pub mod size;
mod value_list;

pub use canonical_text::canonical_text;
pub use catalog::glob::{glob_matches, globs_intersect};
pub use condition::{ConditionBlock, ConditionOperator, OperatorKind, SetQualifier};
pub use data_versions::DataVersions;
pub use document::{
    ActionList, Effect, Policy, PolicyVersion, PrincipalElement, ResourceList, Statement,
};
pub use equivalence::equivalent;
pub use error::{PolicyError, PolicyProblem};
pub use normalize::normalize;
pub use parse::parse;
pub use path::{JsonPath, PathSegment};
pub use policy_kind::{PolicyKind, parse_for};
pub use principal::{Principal, PrincipalType};
