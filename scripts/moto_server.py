"""Starts moto's server (arguments as for `moto_server`) for the test suite, building
moto's AWS-managed policies once instead of once per account.

Every test works in its own account, and moto builds each account's IAM backend by
parsing its 4.7 MB JSON of AWS-managed policies and creating 1,582 policy objects again:
seconds per account on a slow CI machine (over 20 s was seen under CPU contention), paid
inside the SDK's timeout of the test's first call. Here each partition's objects are
built once and each account gets shallow copies: its own attachment counts, the same
read-only documents (AWS-managed policies cannot be changed through the API).

It also adds the ssoadmin calls moto 5.2.5 lacks (tags, permissions boundaries and
provisioning status of permission sets; see below).
"""

import copy
import inspect
import io
import json
import sys
import threading
import time

import moto.iam.models as iam_models
import moto.ssoadmin.models as sso_models
import moto.ssoadmin.responses as sso_responses
from moto.ssoadmin.exceptions import ResourceNotFoundException as _SsoNotFound
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.server import main

_PARSED = json.loads(iam_models.aws_managed_policies_data)
_PROTOTYPES = {}
_PROTOTYPES_LOCK = threading.Lock()


def _prototypes(region_name):
    with _PROTOTYPES_LOCK:
        if region_name not in _PROTOTYPES:
            _PROTOTYPES[region_name] = [
                iam_models.AWSManagedPolicy.from_data(name, "aws", region_name, data)
                for name, data in _PARSED.items()
            ]
        return _PROTOTYPES[region_name]


def _init_aws_policies(self):
    if not iam_models.load_iam_aws_managed_policies():
        return []
    policies = []
    for prototype in _prototypes(self.region_name):
        policy = copy.copy(prototype)
        policy.account_id = self.account_id
        policies.append(policy)
    return policies


if not hasattr(iam_models.IAMBackend, "_init_aws_policies"):
    sys.exit("scripts/moto_server.py: this moto has no IAMBackend._init_aws_policies; update the launcher")
iam_models.IAMBackend._init_aws_policies = _init_aws_policies

# moto 5.2.5 lacks these ssoadmin calls: ListTagsForResource, TagResource,
# UntagResource, Get/Put/DeletePermissionsBoundary(For|To|From)PermissionSet and
# DescribePermissionSetProvisioningStatus. Minimal versions follow the AWS API reference
# (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_Operations.html):
# tags are kept in the permission set's own `tags` list (the one CreatePermissionSet
# fills), the boundary on the permission set object, and provisioning statuses as
# ProvisionPermissionSet answered them.
_SSO_MISSING = (
    "list_tags_for_resource",
    "tag_resource",
    "untag_resource",
    "get_permissions_boundary_for_permission_set",
    "put_permissions_boundary_to_permission_set",
    "delete_permissions_boundary_from_permission_set",
    "describe_permission_set_provisioning_status",
)
_SSO = sso_responses.SSOAdminResponse
if (
    any(hasattr(_SSO, name) for name in _SSO_MISSING)
    or not hasattr(_SSO, "provision_permission_set")
    or not hasattr(sso_models.SSOAdminBackend, "_find_permission_set")
    or "tags" not in inspect.signature(sso_models.PermissionSet.__init__).parameters
):
    sys.exit("scripts/moto_server.py: this moto's ssoadmin is not 5.2.5's; update the launcher")


def _sso_permission_set(self, arn_param):
    return self.ssoadmin_backend._find_permission_set(
        self._get_param("InstanceArn"), self._get_param(arn_param)
    )


def _sso_list_tags_for_resource(self):
    permission_set = _sso_permission_set(self, "ResourceArn")
    return json.dumps({"Tags": list(permission_set.tags or [])})


def _sso_tag_resource(self):
    permission_set = _sso_permission_set(self, "ResourceArn")
    tags = {t["Key"]: t["Value"] for t in permission_set.tags or []}
    tags.update({t["Key"]: t["Value"] for t in self._get_param("Tags", [])})
    permission_set.tags = [{"Key": k, "Value": v} for k, v in tags.items()]
    return "{}"


def _sso_untag_resource(self):
    permission_set = _sso_permission_set(self, "ResourceArn")
    keys = set(self._get_param("TagKeys", []))
    permission_set.tags = [t for t in permission_set.tags or [] if t["Key"] not in keys]
    return "{}"


def _sso_get_permissions_boundary(self):
    permission_set = _sso_permission_set(self, "PermissionSetArn")
    boundary = getattr(permission_set, "permissions_boundary", None)
    if boundary is None:
        raise _SsoNotFound("The permission set has no permissions boundary")
    return json.dumps({"PermissionsBoundary": boundary})


def _sso_put_permissions_boundary(self):
    permission_set = _sso_permission_set(self, "PermissionSetArn")
    permission_set.permissions_boundary = self._get_param("PermissionsBoundary")
    return "{}"


def _sso_delete_permissions_boundary(self):
    permission_set = _sso_permission_set(self, "PermissionSetArn")
    if getattr(permission_set, "permissions_boundary", None) is None:
        raise _SsoNotFound("The permission set has no permissions boundary")
    permission_set.permissions_boundary = None
    return "{}"


_SSO_PROVISIONING = {}
_provision = _SSO.provision_permission_set


def _sso_provision_permission_set(self):
    body = _provision(self)
    status = json.loads(body)["PermissionSetProvisioningStatus"]
    _SSO_PROVISIONING[status["RequestId"]] = status
    return body


def _sso_describe_provisioning_status(self):
    status = _SSO_PROVISIONING.get(self._get_param("ProvisionPermissionSetRequestId"))
    if status is None:
        raise _SsoNotFound("No provisioning request with this id")
    return json.dumps({"PermissionSetProvisioningStatus": status})


_SSO.list_tags_for_resource = _sso_list_tags_for_resource
_SSO.tag_resource = _sso_tag_resource
_SSO.untag_resource = _sso_untag_resource
_SSO.get_permissions_boundary_for_permission_set = _sso_get_permissions_boundary
_SSO.put_permissions_boundary_to_permission_set = _sso_put_permissions_boundary
_SSO.delete_permissions_boundary_from_permission_set = _sso_delete_permissions_boundary
_SSO.provision_permission_set = _sso_provision_permission_set
_SSO.describe_permission_set_provisioning_status = _sso_describe_provisioning_status

# Logs each request that took over a second (the log is shown when moto is not usable
# and kept in target/moto.log), so a test that timed out can be traced to a moto call.
_SLOW_SECONDS = 1.0
_dispatch = DomainDispatcherApplication.__call__


def _action(environ):
    """The request's Action (query protocol) or X-Amz-Target, reading and restoring the body."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    for pair in body.split(b"&"):
        if pair.startswith(b"Action="):
            return pair[7:].decode(errors="replace")
    return environ.get("PATH_INFO", "?")


def _timed_call(self, environ, start_response):
    action = _action(environ)
    started = time.monotonic()
    try:
        return _dispatch(self, environ, start_response)
    finally:
        took = time.monotonic() - started
        if took > _SLOW_SECONDS:
            print(
                f"slow request: {took:.1f} s {action} "
                f"thread={threading.get_ident()} active={threading.active_count()}",
                file=sys.stderr,
                flush=True,
            )


DomainDispatcherApplication.__call__ = _timed_call

if __name__ == "__main__":
    sys.exit(main())
