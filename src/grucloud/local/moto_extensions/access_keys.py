"""moto finds the account of a request's access key by looking in every account's IAM backend
of every partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b), and looking creates the
backends it does not have yet: five IAM backends, each loading AWS's ~1,500 managed policies,
about 0.8 s on the first request of a fresh world (each in-process test pays it). A backend
that does not exist holds no access key, so look only in those that do: the same answer,
without the cost."""

from __future__ import annotations

from moto.core import DEFAULT_ACCOUNT_ID


def _account_of(access_key: str) -> str:
    from moto.iam.models import iam_backends

    for account_id, account in list(iam_backends.items()):
        for partition in list(account.keys()):  # keys(): what exists; account[p] would create it
            if access_key in account[partition].access_keys:
                return account_id
    return DEFAULT_ACCOUNT_ID


def install() -> None:
    import moto.iam.models

    moto.iam.models.get_account_id_from = _account_of  # moto.core.responses imports it per request
