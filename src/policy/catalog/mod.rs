//! The AWS service authorization reference shipped with the binary: services, their
//! actions (with access level, resource types and condition keys), resource ARN shapes
//! and condition keys. Generated into `data/aws-service-catalog.json` (see
//! `docs/aws-data.md`), embedded at build time and parsed once, on first use.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;

use glob::{glob_matches, globs_intersect};

mod action_set;
mod arn_template;
pub(crate) mod glob;
mod resource_fit;
mod source;
pub mod undocumented;
pub use action_set::{ActionId, ActionSet, ActionSetCache, StatementSets};
use arn_template::{placeholders_to_stars, template_to_pattern};
pub use resource_fit::{ResourceFit, ResourceFits};

const CATALOG_JSON: &str = include_str!("../../../data/aws-service-catalog.json");

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // The file is generated and checked by tests; a broken one is a build defect.
    Catalog::from_json(CATALOG_JSON).expect("data/aws-service-catalog.json is valid")
});

/// The embedded catalog, parsed on first use.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// How much an action does, as the IAM documentation classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads resources or their data.
    Read,
    /// Creates, changes or deletes resources.
    Write,
    /// Changes who may do what (policies, grants).
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
    /// Changes tags.
    Tagging,
}

impl AccessLevel {
    /// The level as the IAM documentation writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    fn from_name(s: &str) -> Option<AccessLevel> {
        Some(match s {
            "List" => AccessLevel::List,
            "Read" => AccessLevel::Read,
            "Write" => AccessLevel::Write,
            "Permissions management" => AccessLevel::PermissionsManagement,
            "Tagging" => AccessLevel::Tagging,
            _ => return None,
        })
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// All services, sorted by lower-cased prefix. Every action also has a dense
/// [`ActionId`], so sets of actions can be bit sets ([`ActionSet`]).
#[derive(Debug)]
pub struct Catalog {
    /// Which data this is (package and date), from the file's `source`.
    pub source: String,
    services: Vec<Service>,
    by_prefix: HashMap<String, usize>,
    action_count: usize,
}

/// One AWS service (`s3`, `iam`, …).
#[derive(Debug)]
pub struct Service {
    /// The prefix used in actions, as AWS spells it.
    pub prefix: String,
    /// The full name.
    pub name: String,
    /// Actions sorted by name.
    pub actions: Vec<ActionInfo>,
    /// Resource types by name.
    pub resources: BTreeMap<String, ResourceType>,
    /// The id of `actions[0]`; the others follow in order.
    first_id: usize,
    /// Lower-cased condition keys; a template such as `aws:RequestTag/${TagKey}` is kept
    /// as its fixed prefix with `template` set.
    condition_keys: Vec<ConditionKeyShape>,
    by_name: HashMap<String, usize>,
}

/// One action of a service.
#[derive(Debug)]
pub struct ActionInfo {
    /// Its dense id in the catalog.
    pub id: ActionId,
    /// The name as AWS spells it (`GetObject`).
    pub name: String,
    /// Its access level.
    pub access: AccessLevel,
    /// Resource types it can be scoped to; empty: it needs `"Resource": "*"`.
    pub resources: Vec<ResourceUse>,
}

/// A resource type an action works on.
#[derive(Debug)]
pub struct ResourceUse {
    /// Key into [`Service::resources`].
    pub resource_type: String,
    /// True when the action always needs a resource of this type.
    pub required: bool,
}

/// A resource type: the shape of its ARNs.
#[derive(Debug)]
pub struct ResourceType {
    /// The ARN template, e.g. `arn:${Partition}:s3:::${BucketName}`.
    pub arn: String,
    /// The template with each `${…}` placeholder turned into `*`, for matching.
    pub arn_pattern: String,
}

#[derive(Debug)]
struct ConditionKeyShape {
    key: String,
    template: bool,
    /// The documented type is an array (`ArrayOfString`…): a request may carry several
    /// values.
    multivalued: bool,
}

#[derive(Deserialize)]
struct RawCatalog {
    source: String,
    services: BTreeMap<String, RawService>,
}

#[derive(Deserialize)]
struct RawService {
    name: String,
    actions: BTreeMap<String, RawAction>,
    #[serde(default)]
    resources: BTreeMap<String, RawResource>,
    #[serde(default)]
    conditions: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawAction {
    access: String,
    #[serde(default)]
    resources: Vec<String>,
}

#[derive(Deserialize)]
struct RawResource {
    arn: String,
}

/// Why catalog data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Not the documented JSON shape.
    #[error("catalog JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An access level outside the documented five.
    #[error("action {0}: unknown access level `{1}`")]
    AccessLevel(String, String),
}

impl Catalog {
    /// Reads catalog JSON in the format of `data/aws-service-catalog.json`.
    pub fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = serde_json::from_str(text)?;
        let mut services = Vec::with_capacity(raw.services.len());
        let mut next_id = 0;
        // Lower-cased keys in a BTreeMap give the sorted order the ids follow.
        let raw_services: BTreeMap<String, (String, RawService)> = raw
            .services
            .into_iter()
            .map(|(prefix, rs)| (prefix.to_ascii_lowercase(), (prefix, rs)))
            .collect();
        for (prefix, rs) in raw_services.into_values() {
            let first_id = next_id;
            let mut actions = Vec::with_capacity(rs.actions.len());
            for (name, ra) in rs.actions {
                let access = AccessLevel::from_name(&ra.access).ok_or_else(|| {
                    CatalogError::AccessLevel(format!("{prefix}:{name}"), ra.access)
                })?;
                let resources = ra
                    .resources
                    .into_iter()
                    .map(|r| match r.strip_suffix('*') {
                        Some(t) => ResourceUse {
                            resource_type: t.to_string(),
                            required: true,
                        },
                        None => ResourceUse {
                            resource_type: r,
                            required: false,
                        },
                    })
                    .collect();
                actions.push(ActionInfo {
                    id: ActionId(next_id),
                    name,
                    access,
                    resources,
                });
                next_id += 1;
            }
            let by_name = actions
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name.to_ascii_lowercase(), i))
                .collect();
            let resources = rs
                .resources
                .into_iter()
                .map(|(k, r)| {
                    let arn_pattern = template_to_pattern(&r.arn);
                    (
                        k,
                        ResourceType {
                            arn: r.arn,
                            arn_pattern,
                        },
                    )
                })
                .collect();
            let condition_keys = rs
                .conditions
                .iter()
                .map(|(k, ty)| condition_key_shape(k, ty))
                .collect();
            services.push(Service {
                prefix,
                name: rs.name,
                actions,
                resources,
                first_id,
                condition_keys,
                by_name,
            });
        }
        let by_prefix = services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.prefix.to_ascii_lowercase(), i))
            .collect();
        Ok(Catalog {
            source: raw.source,
            services,
            by_prefix,
            action_count: next_id,
        })
    }

    /// The service with this action prefix (case-insensitive).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.by_prefix
            .get(&prefix.to_ascii_lowercase())
            .map(|&i| &self.services[i])
    }

    /// Every service, by prefix.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.iter()
    }

    /// The action named `service:Action` (case-insensitive, no wildcards).
    pub fn action(&self, full_name: &str) -> Option<(&Service, &ActionInfo)> {
        let (prefix, name) = full_name.split_once(':')?;
        let service = self.service(prefix)?;
        service.action(name).map(|a| (service, a))
    }

    /// Every action an action pattern matches (`s3:Get*`, `*`, `iam:?ist*`).
    pub fn matching_actions<'a>(
        &'a self,
        pattern: &'a str,
    ) -> Box<dyn Iterator<Item = (&'a Service, &'a ActionInfo)> + 'a> {
        if pattern == "*" {
            return Box::new(
                self.services()
                    .flat_map(|s| s.actions.iter().map(move |a| (s, a))),
            );
        }
        let Some((prefix, name)) = pattern.split_once(':') else {
            return Box::new(std::iter::empty());
        };
        let services: Vec<&Service> = if prefix.contains(['*', '?']) {
            self.services()
                .filter(|s| glob_matches(prefix, &s.prefix, true))
                .collect()
        } else {
            self.service(prefix).into_iter().collect()
        };
        Box::new(
            services
                .into_iter()
                .flat_map(move |s| s.matching(name).map(move |a| (s, a))),
        )
    }

    /// How many actions the catalog holds.
    pub fn action_count(&self) -> usize {
        self.action_count
    }

    /// The service and action with this id.
    pub fn action_by_id(&self, id: ActionId) -> (&Service, &ActionInfo) {
        let i = self.services.partition_point(|s| s.first_id <= id.0) - 1;
        let service = &self.services[i];
        (service, &service.actions[id.0 - service.first_id])
    }
}

impl Service {
    /// The action with this name (case-insensitive).
    pub fn action(&self, name: &str) -> Option<&ActionInfo> {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .map(|&i| &self.actions[i])
    }

    /// Actions whose name matches `pattern` (case-insensitive wildcards).
    pub fn matching<'a>(
        &'a self,
        pattern: &'a str,
    ) -> Box<dyn Iterator<Item = &'a ActionInfo> + 'a> {
        if !pattern.contains(['*', '?']) {
            return Box::new(self.action(pattern).into_iter());
        }
        Box::new(
            self.actions
                .iter()
                .filter(move |a| glob_matches(pattern, &a.name, true)),
        )
    }

    /// True when this service documents condition key `key` (case-insensitive;
    /// templates such as `aws:ResourceTag/${TagKey}` accept any tag key).
    pub fn knows_condition_key(&self, key: &str) -> bool {
        self.condition_key(key).is_some()
    }

    /// Whether the documented condition key `key` may carry several values per request
    /// (its type is an array); `None` when the service does not document it.
    pub fn condition_key_multivalued(&self, key: &str) -> Option<bool> {
        self.condition_key(key).map(|shape| shape.multivalued)
    }

    fn condition_key(&self, key: &str) -> Option<&ConditionKeyShape> {
        let key = key.to_ascii_lowercase();
        self.condition_keys.iter().find(|shape| {
            if shape.template {
                key.starts_with(&shape.key) && key.len() > shape.key.len()
            } else {
                key == shape.key
            }
        })
    }

    /// True when `resource` (a policy's ARN pattern) can name a resource of a type that
    /// `action` works on. Actions without resource types take only `*`.
    pub fn resource_fits(&self, action: &ActionInfo, resource: &str) -> bool {
        if resource == "*" {
            return true;
        }
        let resource = placeholders_to_stars(resource);
        action.resources.iter().any(|r| {
            self.resources
                .get(&r.resource_type)
                .is_some_and(|t| globs_intersect(&resource, &t.arn_pattern))
        })
    }
}

fn condition_key_shape(key: &str, ty: &str) -> ConditionKeyShape {
    let lower = key.to_ascii_lowercase();
    let multivalued = ty.starts_with("ArrayOf");
    match lower.find(['$', '<']) {
        Some(i) => ConditionKeyShape {
            key: lower[..i].to_string(),
            template: true,
            multivalued,
        },
        None => ConditionKeyShape {
            key: lower,
            template: false,
            multivalued,
        },
    }
}

#[cfg(test)]
mod tests;
