//! Best-effort normalization of documents that do not parse, for [`super::equivalent`].
//!
//! A live document IAM accepted may still fail iamform's stricter grammar (or a desired
//! one may be mid-edit). Comparing it with `==` would report noise such as a string vs a
//! one-element list; this applies the normalization rules wherever the shape allows and
//! leaves everything else as written, so two broken documents compare sanely.

use serde_json::{Map, Value};

use super::principal::account_to_root_arn;

/// The document with every rule applied that its shape allows, bare account ids read as
/// accounts of `partition`.
pub(crate) fn lenient_normal_form(value: &Value, partition: &str) -> Value {
    let Value::Object(doc) = value else {
        return value.clone();
    };
    let mut out = doc.clone();
    out.remove("Id");
    out.entry("Version")
        .or_insert_with(|| Value::String("2008-10-17".into()));
    if let Some(statements) = out.get_mut("Statement") {
        let mut list: Vec<Value> = match statements {
            Value::Array(items) => items.iter().map(|s| statement(s, partition)).collect(),
            Value::Object(_) => vec![statement(statements, partition)],
            _ => return Value::Object(out),
        };
        list.sort_by_cached_key(Value::to_string);
        list.dedup();
        *statements = Value::Array(list);
    }
    Value::Object(out)
}

fn statement(value: &Value, partition: &str) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (key, v) in map {
        let normal = match key.as_str() {
            "Sid" => continue,
            "Action" | "NotAction" => string_list(v, |s| s.to_ascii_lowercase()),
            "Resource" | "NotResource" => string_list(v, str::to_string),
            "Principal" | "NotPrincipal" => principal(v, partition),
            "Condition" => condition(v),
            _ => v.clone(),
        };
        out.insert(key.clone(), normal);
    }
    Value::Object(out)
}

/// A string or list of strings as a sorted, de-duplicated list; other shapes unchanged.
fn string_list(value: &Value, map: impl Fn(&str) -> String) -> Value {
    let mut items: Vec<String> = match value {
        Value::String(s) => vec![map(s)],
        Value::Array(items) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(&map).collect()
        }
        _ => return value.clone(),
    };
    items.sort();
    items.dedup();
    Value::Array(items.into_iter().map(Value::String).collect())
}

fn principal(value: &Value, partition: &str) -> Value {
    match value {
        Value::String(s) if s == "*" => serde_json::json!({"AWS": ["*"]}),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let normal = if k == "AWS" {
                        string_list(v, |s| account_to_root_arn(s, partition))
                    } else {
                        string_list(v, str::to_string)
                    };
                    (k.clone(), normal)
                })
                .collect(),
        ),
        _ => value.clone(),
    }
}

fn condition(value: &Value) -> Value {
    let Value::Object(ops) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (op, keys) in ops {
        let normal = match keys {
            Value::Object(keys) => Value::Object(
                keys.iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), condition_values(v)))
                    .collect(),
            ),
            other => other.clone(),
        };
        out.insert(op.clone(), normal);
    }
    Value::Object(out)
}

fn condition_values(value: &Value) -> Value {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(_) | Value::Number(_) => Some(v.to_string()),
        _ => None,
    };
    let items: Option<Vec<String>> = match value {
        Value::Array(items) => items.iter().map(text).collect(),
        other => text(other).map(|s| vec![s]),
    };
    let Some(mut items) = items else {
        return value.clone();
    };
    items.sort();
    items.dedup();
    Value::Array(items.into_iter().map(Value::String).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn normalizes_what_it_can_and_keeps_the_rest() {
        let broken = json!({
            "Statement": {"Sid": "A", "Effect": "Permit", "Action": "S3:GetObject",
                          "Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": true}}}
        });
        assert_eq!(
            lenient_normal_form(&broken, "aws"),
            json!({
                "Version": "2008-10-17",
                "Statement": [{"Effect": "Permit", "Action": ["s3:getobject"], "Principal": {"AWS": ["*"]},
                               "Condition": {"Bool": {"aws:securetransport": ["true"]}}}]
            })
        );
        assert_eq!(lenient_normal_form(&json!([1]), "aws"), json!([1]));
        assert_eq!(
            lenient_normal_form(&json!({"Statement": 3}), "aws"),
            json!({"Version": "2008-10-17", "Statement": 3})
        );
    }
}
