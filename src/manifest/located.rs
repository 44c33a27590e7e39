//! Decoded manifest values that remember where they were written.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::Span;

/// A value and the place in a manifest it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The decoded value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Located<T> {
    /// Pairs `value` with `span`.
    pub fn new(value: T, span: Span) -> Located<T> {
        Located { value, span }
    }
}

// The schema of a located value is the schema of the value: locations are not syntax.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A YAML map keyed by names (entities, tags, inline policies), in source order, each
/// key located. Duplicate keys are reported while decoding and only the first is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<T>(pub Vec<(Located<String>, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Entries<T> {
        Entries(Vec::new())
    }
}

impl<T> Entries<T> {
    /// Iterates over keys and values.
    pub fn iter(&self) -> impl Iterator<Item = (&Located<String>, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Iterates over keys and values, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Located<String>, &mut T)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: JsonSchema> JsonSchema for Entries<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Entries_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let values = generator.subschema_for::<T>();
        json_schema!({
            "type": "object",
            "additionalProperties": values
        })
    }
}

/// A value that is written in the manifest, decoded or not. Required and mutually
/// exclusive keys use it so that a bad value is not also reported as missing.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked<T> {
    /// Decoded.
    Valid(T),
    /// Present but invalid; the problem is already reported.
    Invalid,
}

impl<T> Checked<T> {
    /// The value, when it decoded.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Checked::Valid(v) => Some(v),
            Checked::Invalid => None,
        }
    }
}

impl<T: JsonSchema> JsonSchema for Checked<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
