//! [`Service::resource_fits`] for many actions against one resource pattern: actions of a
//! service share a few resource types, so each type is matched once.

use std::collections::HashMap;

use super::arn_template::placeholders_to_stars;
use super::{ActionInfo, Service};
use crate::policy::catalog::glob::globs_intersect;

/// [`ResourceFit`]s by resource pattern, kept while comparing many principals: most
/// patterns come from policies several principals share.
#[derive(Default)]
pub struct ResourceFits {
    by_pattern: HashMap<String, ResourceFit>,
}

impl ResourceFits {
    /// The fit of `resource`, with what earlier calls learned about it.
    pub fn of(&mut self, resource: &str) -> &mut ResourceFit {
        self.by_pattern
            .entry(resource.to_string())
            .or_insert_with(|| ResourceFit::new(resource))
    }
}

/// Which actions a policy's resource pattern can name a resource of.
pub struct ResourceFit {
    /// The pattern with `${…}` read as `*`; `None` for `*`, which fits every action.
    pattern: Option<String>,
    /// Answers by resource type (its address in the catalog, which lives for the run).
    by_type: HashMap<usize, bool>,
}

impl ResourceFit {
    /// For the policy resource pattern `resource`.
    pub fn new(resource: &str) -> ResourceFit {
        ResourceFit {
            pattern: (resource != "*").then(|| placeholders_to_stars(resource)),
            by_type: HashMap::new(),
        }
    }

    /// The same answer as `service.resource_fits(action, resource)`.
    pub fn fits(&mut self, service: &Service, action: &ActionInfo) -> bool {
        let Some(pattern) = &self.pattern else {
            return true;
        };
        action.resources.iter().any(|r| {
            let Some(t) = service.resources.get(&r.resource_type) else {
                return false;
            };
            *self
                .by_type
                .entry(t as *const _ as usize)
                .or_insert_with(|| globs_intersect(pattern, &t.arn_pattern))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::catalog::catalog;

    #[test]
    fn agrees_with_resource_fits() {
        let c = catalog();
        for resource in [
            "*",
            "arn:aws:s3:::logs",
            "arn:aws:s3:::logs/*",
            "arn:aws:iam::1:role/${aws:username}",
        ] {
            let mut fit = ResourceFit::new(resource);
            for name in ["s3", "iam", "ec2"] {
                let service = c.service(name).unwrap();
                for action in &service.actions {
                    assert_eq!(
                        fit.fits(service, action),
                        service.resource_fits(action, resource),
                        "{name}:{} {resource}",
                        action.name
                    );
                }
            }
        }
    }
}
