"""IAM refuses to delete a managed policy that is still attached or has versions besides its
default one (DeleteConflict); moto deletes it anyway and leaves its attachments dangling. gc
deletes a policy first and cleans up only on that refusal (aws/specs/iam/policy.py), so the
emulator must refuse as AWS does."""

from __future__ import annotations

from grucloud.local.moto_extensions.patching import wrap


def _delete_policy(original, backend, policy_arn: str) -> None:
    from moto.iam.exceptions import DeleteConflictException

    policy = backend.get_policy(policy_arn)
    if policy.attachment_count:
        raise DeleteConflictException("Cannot delete a policy attached to entities.")
    if any(not version.is_default for version in policy.versions):
        raise DeleteConflictException("Cannot delete a policy with versions besides the default one.")
    original(backend, policy_arn)


def install() -> None:
    from moto.iam.models import IAMBackend

    wrap(IAMBackend, "delete_policy", _delete_policy)
