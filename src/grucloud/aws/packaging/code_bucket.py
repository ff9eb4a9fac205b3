"""Code over Lambda's 50 MB inline limit goes through S3, as Terraform's s3_bucket/s3_key do:
into the bucket config.py names (`codeBucket`), or into one gc makes for the project on first
need, tagged like every resource gc makes. The key holds the zip's hash, so the same code is
uploaded once."""

from __future__ import annotations

import base64
import hashlib

from grucloud.aws.calls import CallFailed, call, error_code


def managed_bucket_name(account: str, region: str, project: str) -> str:
    # bucket names are global and at most 63 characters: the project enters as a short hash
    return f"gc-code-{account}-{region}-{hashlib.sha256(project.encode()).hexdigest()[:8]}"


def upload(target, zipped: bytes, function_name: str, bucket: str | None, tags: dict) -> dict:
    """Put the zip in S3; returns the Code member of CreateFunction (UpdateFunctionCode takes
    the same two keys)."""
    client = target.client("s3")
    if not bucket:
        bucket = managed_bucket_name(target.account_id(), target.region_name, tags.get("gc-project-name", ""))
        _ensure_bucket(target, client, bucket, tags)
    digest = hashlib.sha256(zipped).digest()
    key = f"{function_name}/{digest.hex()}.zip"
    # S3 checks the zip against its hash (and botocore then streams no checksum of its own)
    call(client, "PutObject", Bucket=bucket, Key=key, Body=zipped, ChecksumSHA256=base64.b64encode(digest).decode())
    return {"S3Bucket": bucket, "S3Key": key}


def _ensure_bucket(target, client, bucket: str, tags: dict) -> None:
    params = {"Bucket": bucket}
    if target.region_name != "us-east-1":  # the one region that takes no location constraint
        params["CreateBucketConfiguration"] = {"LocationConstraint": target.region_name}
    try:
        call(client, "CreateBucket", **params)
    except CallFailed as error:
        if error_code(error.error) != "BucketAlreadyOwnedByYou":
            raise
        return
    if tags:
        call(client, "PutBucketTagging", Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]})
