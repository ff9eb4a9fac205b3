"""Lambda::Function: code from the folder named after the function, next to resources.py.

Properties follow GruCloud: {"Configuration": {"FunctionName", "Handler", "Runtime", ...}}.
The folder, with its installed dependencies, is zipped deterministically (aws/packaging), so its
CodeSha256 tells whether the code changed.
"""

import io
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from grucloud.aws import packaging, shapes
from grucloud.aws.calls import call, error_code, error_message, wait
from grucloud.aws.packaging import code_bucket
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging


def code_folder(ctx, function_name: str) -> Path:
    return Path(ctx.project_dir) / function_name


def _prepare_desired(desired, ctx) -> None:
    config = desired.setdefault("Configuration", {})
    folder = code_folder(ctx, config.get("FunctionName", ""))
    if not folder.is_dir() or config.get("PackageType") == "Image":
        return  # validation reports the missing folder
    built = packaging.package(ctx.project_dir, folder, config["FunctionName"], config.get("Runtime") or "",
                              (config.get("Architectures") or ["x86_64"])[0])
    config["CodeSha256"] = built.sha256
    # never compared (see ignore): what create and update send; the bucket is used only for a
    # zip over Lambda's inline limit (see _code)
    desired["Code"] = {"ZipFile": built.zip}
    if ctx.config.get("codeBucket"):
        desired["Code"]["S3Bucket"] = ctx.config["codeBucket"]


def _rules(properties, context):
    name = (properties.get("Configuration") or {}).get("FunctionName")
    if not name:
        yield "Configuration.FunctionName", "is required"
    elif not code_folder(context, name).is_dir():
        yield "Configuration", f"no code folder: create {code_folder(context, name)} with the function's code"


def _create_params(desired, ctx):
    config = {k: v for k, v in desired.get("Configuration", {}).items() if k != "CodeSha256"}
    params = {**config, "Code": desired.get("Code", {"ZipFile": b""})}
    if desired.get("Tags"):
        params["Tags"] = desired["Tags"]
    return params


def _code(target, code: dict, function_name: str, tags: dict) -> dict:
    """The Code member to send: the zip itself, or where it was put in S3 when it is too big to
    go inline."""
    zipped = code.get("ZipFile", b"")
    if len(zipped) <= packaging.INLINE_LIMIT:
        return {"ZipFile": zipped}
    ours = {k: v for k, v in (tags or {}).items() if k.startswith("gc-")}
    return code_bucket.upload(target, zipped, function_name, code.get("S3Bucket"), ours)


def _create(target, params):
    # sent once, as every create (see resources.create)
    params = {**params, "Code": _code(target, params["Code"], params["FunctionName"], params.get("Tags"))}
    return call(target.client("lambda", resend=False), "CreateFunction", retry_when=_role_not_ready, **params)


def _read_more(target, item):
    # GruCloud's shape; the tags are read in bulk (see Tagging.bulk_type)
    return {"Configuration": item}


def _wait_ready(target, name: str, created: bool = False) -> None:
    """Until the function can be invoked and changed: Active after a create (AWS refuses Invoke
    and updates while it is Pending), its last update Successful after an update. Polled soon,
    then at most a second apart: AWS takes 1 to 5 s (aws-timing-facts.md §2), and GetFunction has
    its own quota."""
    waiter = "function_active_v2" if created else "function_updated_v2"
    wait(target.client("lambda"), waiter, f"Lambda function {name} to be ready", delay=1, FunctionName=name)


def _ready(live) -> bool:
    return live.get("State") == "Active" and live.get("LastUpdateStatus", "Successful") == "Successful"


def _after_create(target, desired, live):
    if not _ready(live):  # no polling when the create answer already says so
        _wait_ready(target, live["FunctionName"], created=live.get("State") != "Active")
    return {"Configuration": live, "Tags": desired.get("Tags", {})}


def _update(target, desired, live, changed) -> None:
    client = target.client("lambda")
    name = live["Configuration"]["FunctionName"]
    allowed = shapes.input_members("lambda", "UpdateFunctionConfiguration")
    config = {k: v for k, v in desired["Configuration"].items() if k in allowed}
    if any(p.startswith("Configuration.") and p != "Configuration.CodeSha256" for p in changed):
        call(client, "UpdateFunctionConfiguration", retry_when=_role_not_ready, **config)
        _wait_ready(target, name)
    if "Configuration.CodeSha256" in changed:
        code = _code(target, desired["Code"], name, desired.get("Tags"))
        call(client, "UpdateFunctionCode", FunctionName=name, **code)
        _wait_ready(target, name)


def _code_files(target, live) -> dict[str, bytes]:
    """The function's code as the folder gc zips it from, for gc gencode."""
    name = live["Configuration"]["FunctionName"]
    try:
        with zipfile.ZipFile(io.BytesIO(_code_zip(target, name))) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            files = {}
            for info in members:
                path = PurePosixPath(info.filename)
                if path.is_absolute() or ".." in path.parts:
                    raise LookupError(f"its zip holds a path outside its folder: {info.filename!r}")
                files[f"{name}/{path}"] = archive.read(info)
    except zipfile.BadZipFile as error:
        raise LookupError(f"its code is not a zip file: {error}") from error
    return files


def _code_zip(target, name: str) -> bytes:
    if target.local:
        from grucloud.local import emulator

        return emulator.lambda_code(target.endpoint_url, target.region_name, name)
    response = call(target.client("lambda"), "GetFunction", FunctionName=name)
    location = response.get("Code", {}).get("Location")
    if not location:
        raise LookupError("AWS gives no location to download its code from (a container image?)")
    return download(location)


def download(url: str) -> bytes:
    """The code zip from the pre-signed URL that GetFunction answers with."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def _role_not_ready(error) -> bool:
    # A role made seconds ago is not yet assumable by Lambda (IAM is eventually consistent); a
    # function Pending or being updated refuses changes for seconds. A function that exists
    # already is refused with the same code ("Function already exist"): that is not retried.
    return "cannot be assumed by Lambda" in error_message(error) or (
        error_code(error) == "ResourceConflictException" and "already exist" not in error_message(error).lower())


SPEC = ResourceSpec(
    group="Lambda",
    type="Function",
    service="lambda",
    listing=Listing("ListFunctions", "Functions"),
    identity={"FunctionName": "Configuration.FunctionName"},
    name_path="Configuration.FunctionName",
    create=_create,
    schema="CreateFunction",
    update=_update,
    delete="DeleteFunction",
    dependencies={
        "role": Dependency("IAM::Role", fills="Configuration.Role", value="Arn", blocks_delete=False),
    },
    tagging=Tagging(tag_operation="TagResource", untag_operation="UntagResource", arn=lambda t, live: live["Configuration"]["FunctionArn"], arn_param="Resource",
                    read_operation="ListTags", bulk_type="lambda:function"),
    # what AWS sets when they are omitted
    defaults={
        "Configuration.Architectures": ["x86_64"],
        "Configuration.EphemeralStorage.Size": 512,
        "Configuration.MemorySize": 128,
        "Configuration.PackageType": "Zip",
        "Configuration.Timeout": 3,
        "Configuration.TracingConfig.Mode": "PassThrough",
    },
    create_only=("Configuration.PackageType",),
    ignore=("Code",),
    properties_model=("Configuration", ""),
    server_values={"Configuration.SnapStart.ApplyOn": ("None",)},
    local_files=_code_files,
    retry_when=_role_not_ready,
    prepare_desired=_prepare_desired,
    to_create_params=_create_params,
    read_more=_read_more,
    after_create=_after_create,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Configuration.PackageType"})
