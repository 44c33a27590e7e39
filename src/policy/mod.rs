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
//! 5. Actions are lower-cased: IAM matches action names case-insensitively
//!    (`s3:GetObject` ≡ `S3:getobject`). A literal action that a wildcard pattern in the
//!    same list already matches is dropped (`["s3:*", "s3:GetObject"]` ≡ `["s3:*"]`).
//!    Resources keep their case: ARNs are case-sensitive.
//! 6. Principals: `"*"` ≡ `{"AWS": "*"}` (IAM documents them as the same), written as
//!    `{"AWS": ["*"]}`; a bare 12-digit account id becomes `arn:aws:iam::ID:root`, which
//!    is how IAM stores it (the `aws` partition is assumed). `Service`, `Federated` and
//!    `CanonicalUser` values keep their case.
//! 7. Conditions: operators keep their case (IAM operator names are case-sensitive);
//!    condition keys are lower-cased (IAM condition keys are case-insensitive); values
//!    are always lists of strings (IAM compares `true`/`10` as `"true"`/`"10"`), sorted
//!    and de-duplicated (values under one key are alternatives). Operators with no keys
//!    are dropped: they test nothing. Values keep their case: whether it matters depends
//!    on the operator (`StringEquals` vs `StringEqualsIgnoreCase`).
//! 8. `Action` statements that share Effect, Principal, Resource and Condition are merged
//!    into one with the union of their actions: a request matches one of them exactly
//!    when it matches the merged statement. `NotAction` statements are never merged.
//!
//! Documents that do not parse still compare sanely in [`equivalent`]: both sides get
//! the rules above wherever their shape allows, and everything else is compared as
//! written.

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
