"""Starts moto's server (arguments as for `moto_server`) for the test suite, parsing
moto's AWS-managed policy data once instead of once per account.

Every test works in its own account, and moto builds each account's IAM backend by
parsing its 4.7 MB JSON of AWS-managed policies again: seconds per account on a slow CI
machine, paid inside the SDK's timeout of the test's first call. The parsed data is
only read (each account still gets its own policy objects), so one parse serves all.
"""

import json
import sys

import moto.iam.models as iam_models
from moto.server import main

_PARSED = json.loads(iam_models.aws_managed_policies_data)


def _init_aws_policies(self):
    if not iam_models.load_iam_aws_managed_policies():
        return []
    return [
        iam_models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data)
        for name, data in _PARSED.items()
    ]


if not hasattr(iam_models.IAMBackend, "_init_aws_policies"):
    sys.exit("scripts/moto_server.py: this moto has no IAMBackend._init_aws_policies; update the launcher")
iam_models.IAMBackend._init_aws_policies = _init_aws_policies

if __name__ == "__main__":
    sys.exit(main())
