"""gc gencode: live resources -> resources.py, for every example and every resource type.

The acceptance test is the round trip, run in-process against moto for each folder under
examples/: apply; delete resources.py and the code folders; gencode (a file ruff format leaves
as it is); plan reports no change; gencode again gives the same bytes; destroy; apply the
generated file; the live resources are the same as before (ids aside).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from arrangements import arrange_in_process
from conftest import (
    ROOT,
    apply,
    assert_plan_finds_all_ours,
    inventory_of,
    load_checked,
    pending,
    plan_of,
)
from grucloud.aws.specs import REGISTRY
from grucloud.aws.specs.lambda_ import function
from grucloud.cli.render import resource_json
from grucloud.codegen.generate import Conflict, Selection, generate, write
from grucloud.engine.diff import Action
from grucloud.engine.executor import execute
from grucloud.engine.plan import build_plan
from test_specs_behaviour import NOT_IN_ANY_EXAMPLE

EXAMPLE_DIRS = sorted(p.parent for p in (ROOT / "examples").rglob("resources.py"))
# Types no example can show on moto; each needs a reason.
@pytest.fixture
def lambda_code(monkeypatch):
    """Function code from moto's memory. In-process moto answers GetFunction with a location
    on AWS's S3 host that nothing serves (the emulator server has its own route instead);
    gencode must never reach the internet, so that download is replaced."""
    from moto.awslambda.models import lambda_backends
    from moto.core import DEFAULT_ACCOUNT_ID

    def from_moto(url: str) -> bytes:
        key = url.rsplit("/", 1)[-1]
        for backend in lambda_backends[DEFAULT_ACCOUNT_ID].values():
            for found in backend.list_functions():
                if found.code.get("S3Key") == key:
                    return found.code_bytes
        raise LookupError(f"no function has code {key}")

    monkeypatch.setattr(function, "download", from_moto)


def copied(example: Path, tmp_path: Path) -> Path:
    destination = tmp_path / example.name
    shutil.copytree(example, destination)
    return destination


def run_gencode(target, directory: Path, selection: Selection | None = None, force: bool = False, inventory=None):
    selection = selection or Selection()
    project = project_config(directory)
    inventory = inventory or inventory_of(target, project)
    generated = generate(inventory, target, project.config, directory / "resources.py", selection)
    write(generated.files, force)
    return generated


def project_config(directory: Path):
    """The project's name and stage, from config.py, whether or not resources.py exists."""
    from grucloud.program.loader import Project, load_config

    return Project(directory, load_config(directory), [])


def assert_formatted(path: Path) -> None:
    """ruff format (black's style) leaves the file as it is, with the project's settings and
    with ruff's own."""
    for isolated in ([], ["--isolated"]):
        checked = subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--check", "--diff", *isolated, str(path)],
            capture_output=True, text=True,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr


def export_secrets(generated, monkeypatch) -> None:
    """What a user does after gencode: set each sensitive value it left out."""
    from grucloud.aws.spec import get_path

    for variable, (resource, path) in generated.secrets.items():
        value = get_path(resource.live, path)
        monkeypatch.setenv(variable, value if isinstance(value, str) else json.dumps(value))


_VOLATILE = re.compile(r"(Date|Time|time|Timestamp|Modified|RevisionId|edAt|NotBefore|NotAfter)$")  # when, not what
_ID_FIELD = re.compile(r"(Arn|ARN|arn|Id|ID)(V\d+)?$")
_RANDOM = re.compile(r"[0-9a-f]{12,}")  # a generated name part (a Cognito domain's CloudFront host)
_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b(?!/)")  # an IP address AWS picks (not a CIDR block)


def live_without_ids(inventory) -> list[dict]:
    """`gc list --json` of ours, with ids, ARNs and timestamps replaced by stable tokens."""
    ours = sorted((r for r in inventory.resources if r.ours), key=lambda r: r.key)
    tokens: dict[str, str] = {}

    def collect(data, where):
        if isinstance(data, dict):
            for key, value in data.items():
                if isinstance(value, str) and _ID_FIELD.search(key) and len(value) >= 6:
                    tokens.setdefault(value, f"<{where} {key}>")
                collect(value, where)
        elif isinstance(data, list):
            for item in data:
                collect(item, where)

    for resource in ours:
        collect(resource.live, f"{resource.spec.key} {resource.name}")
        if len(resource.id) >= 6:
            tokens.setdefault(resource.id, f"<{resource.spec.key} {resource.name} id>")
    ordered = sorted(tokens, key=len, reverse=True)

    def scrub(data):
        if isinstance(data, dict):
            return {k: scrub(v) for k, v in data.items() if not _VOLATILE.search(k)}
        if isinstance(data, list):
            items = [scrub(v) for v in data]
            # tags in list form come back in another order; their order means nothing
            is_tags = all(isinstance(i, dict) and set(i) == {"Key", "Value"} for i in items)
            return sorted(items, key=lambda i: i["Key"]) if items and is_tags else items
        if isinstance(data, str):
            for value in ordered:
                data = data.replace(value, tokens[value])
            return _ADDRESS.sub("<address>", _RANDOM.sub("<random>", data))
        return data

    return [scrub({k: v for k, v in resource_json(r).items() if k != "id"}) for r in ours]


def differences(before: list[dict], after: list[dict]) -> list[str]:
    """'Group::Type name: path before -> after' for each leaf that differs."""
    found: list[str] = []

    def walk(a, b, path):
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b)):
                walk(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}[{i}]")
        elif a != b:
            found.append(f"{path}: {a!r} -> {b!r}")

    def keyed(items):
        return {f"{r['group']}::{r['type']} {r['name']}": r for r in items}

    walk(keyed(before), keyed(after), "")
    return found


def function_folders(directory: Path, inventory) -> list[Path]:
    names = [r.name for r in inventory.resources if r.spec.key == "Lambda::Function" and r.ours]
    return [directory / name for name in names if (directory / name).is_dir()]


def test_every_type_is_in_an_example():
    """Each type in the registry goes through the round trip in at least one example."""
    from grucloud.program.loader import load

    used = set()
    for example in EXAMPLE_DIRS:
        used |= {d.spec.key for d in load(example).declarations}
    missing = sorted(set(REGISTRY) - used - set(NOT_IN_ANY_EXAMPLE))
    assert not missing, f"no example uses {', '.join(missing)}: add one under examples/, so that gencode's round trip covers it"


@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_round_trip(example, tmp_path, target, lambda_code, monkeypatch, boto):
    arrange_in_process(str(example.relative_to(ROOT / "examples" / "aws")), boto, monkeypatch)
    directory = copied(example, tmp_path)
    original_code = {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}
    applied = apply(directory, target)
    assert applied.result.ok, applied.result.failed
    assert_plan_finds_all_ours(directory, target)
    live = inventory_of(target, applied.project)
    before = live_without_ids(live)

    for folder in function_folders(directory, live):
        shutil.rmtree(folder)
    (directory / "resources.py").unlink()
    generated = run_gencode(target, directory, inventory=live)
    export_secrets(generated, monkeypatch)
    source = (directory / "resources.py").read_text()
    assert "gc-managed-by" not in source
    assert_formatted(directory / "resources.py")

    # the code folders come back as they were
    for path, content in generated.files.items():
        relative = path.relative_to(directory)
        if relative != Path("resources.py"):
            assert original_code.get(relative) == content, f"{relative} differs from the example's"

    planned = plan_of(directory, target)
    assert not planned.plan.problems, [(c.key, c.problem) for c in planned.plan.problems]
    assert pending(planned.plan) == {}, [(c.key, [x.path for x in c.changes]) for c in planned.plan.actions]

    again = generate(planned.inventory, target, planned.project.config, directory / "resources.py", Selection())
    assert again.files == generated.files, "a second gencode wrote different bytes"

    destroyed = apply(directory, target, destroy=True)
    assert destroyed.result.ok, destroyed.result.failed
    reapplied = apply(directory, target)
    assert reapplied.result.ok, reapplied.result.failed
    # everything was made again from the generated file, not found still there (what is only
    # looked up, written as readOnly, was found as before, or made by AWS with its parent)
    assert {c.action for c in reapplied.plan.changes if not c.declaration.read_only} == {Action.CREATE}
    lost = differences(before, live_without_ids(inventory_of(target, applied.project)))
    assert not lost, (
        "made again from the generated file, these differ (before -> after):\n  " + "\n  ".join(lost)
        + "\nA value set by another call than create belongs in the spec's extra_properties; "
        "one AWS picks by itself (an id, an address) belongs in live_without_ids."
    )


def test_http_lambda_is_written_as_a_person_would(tmp_path, target, lambda_code):
    directory = copied(ROOT / "examples/aws/ApiGatewayV2/http-lambda", tmp_path)
    assert apply(directory, target).result.ok
    shutil.rmtree(directory / "my-function")
    (directory / "resources.py").unlink()
    run_gencode(target, directory)
    source = (directory / "resources.py").read_text()
    # dependencies by name instead of ids, and the permission's ARN follows the API by name
    assert '"dependencies": {"api": "my-api", "lambdaFunction": "my-function"}' in source
    assert "f\"{ctx.get_id('ApiGatewayV2::Api', 'my-api', 'ArnV2')}/*/*/my-function\"" in source
    # nor the deployment id of an AutoDeploy stage: CreateStage in a new account would not find it
    for left_out in ("ApiId", "IntegrationUri", "arn:aws:", "TimeoutInMillis", "CreatedDate", "CodeSha256", '"name"', "DeploymentId"):
        assert left_out not in source, left_out
    assert (directory / "my-function" / "my-function.js").read_text().startswith("// Answers every request")


def test_sensitive_values_are_never_written(tmp_path, target, lambda_code, write_project, monkeypatch):
    directory = write_project(
        """
        def create_resources(config):
            return [
                {"type": "Role", "group": "IAM", "properties": {
                    "RoleName": "r", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}},
                {"type": "Function", "group": "Lambda", "properties": {"Configuration": {
                    "FunctionName": "f", "Handler": "index.handler", "Runtime": "nodejs20.x",
                    "Environment": {"Variables": {"DB_PASSWORD": "hunter2-secret"}}}},
                 "dependencies": {"role": "r"}},
            ]
        """,
        folders=["f"],
    )
    assert apply(directory, target).result.ok
    (directory / "resources.py").unlink()
    generated = run_gencode(target, directory)
    source = (directory / "resources.py").read_text()
    assert "hunter2-secret" not in source and "DB_PASSWORD" not in source
    assert '"Variables": secret_json("GC_SECRET_F_VARIABLES")' in source
    assert "# sensitive: gc gencode does not write it; export GC_SECRET_F_VARIABLES as JSON before gc apply" in source
    assert any("GC_SECRET_F_VARIABLES" in note for note in generated.notes)

    monkeypatch.setenv("GC_SECRET_F_VARIABLES", '{"DB_PASSWORD": "hunter2-secret"}')
    assert pending(plan_of(directory, target).plan) == {}
    monkeypatch.delenv("GC_SECRET_F_VARIABLES")
    from grucloud.problems import ProjectError

    with pytest.raises(ProjectError, match="GC_SECRET_F_VARIABLES"):
        plan_of(directory, target)


def test_existing_files_with_other_contents_are_kept_unless_forced(tmp_path, target, lambda_code):
    directory = copied(ROOT / "examples/aws/ApiGatewayV2/http-lambda", tmp_path)
    assert apply(directory, target).result.ok
    hand_written = (directory / "resources.py").read_text()
    with pytest.raises(Conflict, match="resources.py"):
        run_gencode(target, directory)
    assert (directory / "resources.py").read_text() == hand_written
    run_gencode(target, directory, force=True)
    assert (directory / "resources.py").read_text() != hand_written
    assert pending(plan_of(directory, target).plan) == {}


def test_types_and_groups_select_what_is_written(tmp_path, target, lambda_code):
    directory = copied(ROOT / "examples/aws/ApiGatewayV2/http-lambda", tmp_path)
    assert apply(directory, target).result.ok
    (directory / "resources.py").unlink()
    run_gencode(target, directory, Selection(include_groups=frozenset({"IAM", "CloudWatchLogs"}), exclude_groups=frozenset({"CloudWatchLogs"})))
    source = (directory / "resources.py").read_text()
    assert source.count('"type"') == 2 and '"group": "IAM"' in source
    run_gencode(target, directory, Selection(types=frozenset({"ApiGatewayV2::Route"})), force=True)
    source = (directory / "resources.py").read_text()
    # still named by name: the route's API and integration are ours, just not written here
    assert source.count('"type"') == 1
    assert '"integration": "integration::my-api::my-function"' in source


def _boto3_stack(boto, terraform: bool = False) -> dict:
    """An API with a Lambda integration, made directly with boto3: no gc tags at all. With
    `terraform`, in Terraform's shapes: the integration names the function by its invoke ARN,
    defaults are sent explicitly, and a $default stage deploys automatically."""
    import io
    import zipfile

    iam, lam, apigw, logs = boto("iam"), boto("lambda"), boto("apigatewayv2"), boto("logs")
    logs.create_log_group(logGroupName="console-logs", tags={"team": "web"})
    document = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="console-role", AssumeRolePolicyDocument=document)["Role"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("index.js", "exports.handler = async () => ({statusCode: 200});\n")
    fn = lam.create_function(FunctionName="console-fn", Runtime="nodejs20.x", Role=role["Arn"], Handler="index.handler", Code={"ZipFile": archive.getvalue()})
    api = apigw.create_api(Name="console-api", ProtocolType="HTTP")
    if terraform:
        invoke_arn = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{fn['FunctionArn']}/invocations"
        integration = apigw.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY", IntegrationMethod="POST", PayloadFormatVersion="2.0",
                                               IntegrationUri=invoke_arn, ConnectionType="INTERNET", TimeoutInMillis=30000)
        apigw.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)
    else:
        integration = apigw.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY", IntegrationMethod="POST", PayloadFormatVersion="2.0", IntegrationUri=fn["FunctionArn"])
    route = apigw.create_route(ApiId=api["ApiId"], RouteKey="GET /hello", Target=f"integrations/{integration['IntegrationId']}")
    arn = f"arn:aws:execute-api:us-east-1:123456789012:{api['ApiId']}/*/*/hello"
    lam.add_permission(FunctionName="console-fn", StatementId="console-invoke", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com", SourceArn=arn)
    return {"ApiId": api["ApiId"], "IntegrationId": integration["IntegrationId"], "RouteId": route["RouteId"], "RoleId": role["RoleId"], "FunctionArn": fn["FunctionArn"]}


def test_all_then_adopt_takes_over_a_stack_made_outside_gc(tmp_path, target, boto, lambda_code):
    ids = _boto3_stack(boto)
    directory = tmp_path / "adopted"
    directory.mkdir()
    (directory / "config.py").write_text('def create_config():\n    return {"projectName": "adopted"}\n')

    ours_only = run_gencode(target, directory)
    assert ours_only.resources == []  # nothing of ours yet
    generated = run_gencode(target, directory, Selection(include_foreign=True), force=True)
    assert {r.name for r in generated.resources} >= {"console-api", "console-fn", "console-role", "console-logs"}
    assert "`gc apply --adopt`" in (directory / "resources.py").read_text()

    # without the explicit flag, gc refuses to touch them
    refused = plan_of(directory, target)
    assert refused.plan.problems and all("gc apply --adopt" in c.problem for c in refused.plan.problems)
    assert not refused.plan.actions

    project, inventory = refused.project, refused.inventory
    adoption = build_plan(project, inventory, adopt=True)
    assert not adoption.problems
    kinds = {c.action for c in adoption.actions}
    assert kinds == {Action.UPDATE}, [(c.key, c.action) for c in adoption.actions]
    assert execute(adoption, project, target).ok

    after = inventory_of(target, project)
    adopted = {r.key for r in generated.resources}
    assert not [r.key for r in after.resources if r.key in adopted and not r.ours]
    live = {r.spec.key: r.live for r in after.resources}
    assert live["ApiGatewayV2::Api"]["ApiId"] == ids["ApiId"]
    assert live["ApiGatewayV2::Integration"]["IntegrationId"] == ids["IntegrationId"]
    assert live["ApiGatewayV2::Route"]["RouteId"] == ids["RouteId"]
    assert live["IAM::Role"]["RoleId"] == ids["RoleId"]
    assert live["Lambda::Function"]["Configuration"]["FunctionArn"] == ids["FunctionArn"]
    assert pending(plan_of(directory, target).plan) == {}


def test_a_stack_made_the_terraform_way_is_taken_over(tmp_path, target, boto, lambda_code):
    ids = _boto3_stack(boto, terraform=True)
    directory = tmp_path / "terraformed"
    directory.mkdir()
    (directory / "config.py").write_text('def create_config():\n    return {"projectName": "terraformed"}\n')
    generated = run_gencode(target, directory, Selection(include_foreign=True), force=True)
    text = (directory / "resources.py").read_text()
    # the invoke ARN is seen as the function: a dependency, and the integration named after it
    assert '"lambdaFunction": "console-fn"' in text and "invocations" not in text
    assert "integration::console-api::console-fn" in {r.name for r in generated.resources}
    project = load_checked(directory)  # what gencode writes validates
    adoption = build_plan(project, inventory_of(target, project, as_plan=True), adopt=True)
    assert not adoption.problems and {c.action for c in adoption.actions} == {Action.UPDATE}
    assert execute(adoption, project, target).ok
    assert pending(plan_of(directory, target).plan) == {}
    live = {r.spec.key: r.live for r in inventory_of(target, project).resources if r.ours}
    assert live["ApiGatewayV2::Integration"]["IntegrationId"] == ids["IntegrationId"]
    assert live["ApiGatewayV2::Integration"]["IntegrationUri"].endswith("/invocations")  # left as Terraform wrote it
    assert apply(directory, target, destroy=True).result.ok
    assert not [r.key for r in inventory_of(target, project).resources if r.ours or not r.default and r.spec.group == "ApiGatewayV2"]


def test_adopt_never_replaces_nor_takes_another_projects_resource(target, boto, write_project):
    boto("iam").create_role(RoleName="elsewhere", Path="/team/", AssumeRolePolicyDocument="{}")
    boto("logs").create_log_group(logGroupName="theirs", tags={"gc-managed-by": "grucloud", "gc-project-name": "other", "gc-stage": "dev"})
    directory = write_project(
        """
        def create_resources(config):
            return [
                {"type": "Role", "group": "IAM", "properties": {"RoleName": "elsewhere", "AssumeRolePolicyDocument": {}}},
                {"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "theirs"}},
            ]
        """
    )
    run = plan_of(directory, target)
    adoption = build_plan(run.project, run.inventory, adopt=True)
    problems = {c.name: c.problem for c in adoption.problems}
    assert "cannot be adopted: Path" in problems["elsewhere"]
    assert "managed by gc for another project or stage" in problems["theirs"]
    assert not adoption.actions


def test_code_that_would_land_outside_its_folder_is_not_written(tmp_path, target, boto, lambda_code):
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("index.js", "exports.handler = async () => ({});\n")
        z.writestr("../../outside.js", "// would overwrite a file next to the project\n")
    role = boto("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    boto("lambda").create_function(FunctionName="f", Runtime="nodejs20.x", Role=role, Handler="index.handler", Code={"ZipFile": archive.getvalue()})
    directory = tmp_path / "project"
    directory.mkdir()
    generated = run_gencode(target, directory, Selection(include_foreign=True))
    assert not (directory / "f").exists() and not (tmp_path / "outside.js").exists()
    assert any("Lambda::Function f: its files were not written" in note and "outside its folder" in note for note in generated.notes)



def test_what_is_only_looked_up_is_written_as_read_only(tmp_path, target, lambda_code, monkeypatch, boto):
    arrange_in_process("ApiGatewayV2/http-lambda-domain", boto, monkeypatch)
    directory = copied(ROOT / "examples/aws/ApiGatewayV2/http-lambda-domain", tmp_path)
    assert apply(directory, target).result.ok
    shutil.rmtree(directory / "my-function")
    (directory / "resources.py").unlink()
    run_gencode(target, directory)
    source = (directory / "resources.py").read_text()
    # the registered domain the zone serves: named, never made, and the zone depends on it
    entry = re.search(r'\{\s*"type": "Domain",\s*"group": "Route53Domains",\s*"name": "grucloud.org",\s*"readOnly": True,\s*\}', source)
    assert entry, source
    assert "gc apply --adopt" not in source  # looked up is not made outside gc
    assert '"dependencies": {"domain": "grucloud.org"}' in source
    assert 'ctx.get_id("Route53Domains::Domain"' not in source


def test_an_arn_without_the_resources_id_is_still_written_as_a_reference(tmp_path, target, lambda_code):
    # a queue is known by its URL, which its ARN does not contain: the role's inline policy
    # still names the queue, not the account and region it was made in
    directory = copied(ROOT / "examples/aws/ApiGatewayV2/apigw-sqs-lambda", tmp_path)
    assert apply(directory, target).result.ok
    shutil.rmtree(directory / "MyLambdaFunction")
    (directory / "resources.py").unlink()
    run_gencode(target, directory)
    source = (directory / "resources.py").read_text()
    assert "arn:aws:sqs:" not in source
    assert re.search(r'ctx\.get_id\(\s*"SQS::Queue",\s*"MySqsQueue",\s*"QueueArn"\s*\)', source), source
    assert '"sqsQueues": ["MySqsQueue"]' in source


def test_an_on_demand_table_is_written_without_capacity():
    # DescribeTable gives a PAY_PER_REQUEST table zero capacity units; written back, they would be
    # refused (below the minimum of 1, and not for PAY_PER_REQUEST)
    from grucloud.codegen.properties import declare
    from grucloud.codegen.references import Index
    from grucloud.engine.inventory import LiveResource

    live = {"TableName": "t", "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}, "Tags": []}
    resource = LiveResource(REGISTRY["DynamoDB::Table"], live, name="t", ours=True)
    declared = declare(resource, {resource.key: resource}, Index([resource]))
    assert "ProvisionedThroughput" not in declared.properties
    assert declared.properties["BillingMode"] == "PAY_PER_REQUEST"
