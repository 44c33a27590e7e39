"""Starts moto's server (arguments as for `moto_server`) for the test suite, building
moto's AWS-managed policies once instead of once per account.

Every test works in its own account, and moto builds each account's IAM backend by
parsing its 4.7 MB JSON of AWS-managed policies and creating 1,582 policy objects again:
seconds per account on a slow CI machine (over 20 s was seen under CPU contention), paid
inside the SDK's timeout of the test's first call. Here each partition's objects are
built once and each account gets shallow copies: its own attachment counts, the same
read-only documents (AWS-managed policies cannot be changed through the API).
"""

import copy
import io
import json
import sys
import threading
import time

import moto.iam.models as iam_models
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
