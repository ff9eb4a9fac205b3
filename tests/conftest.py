"""Shared fixtures: an in-process AWS (moto `mock_aws`), example projects copied into tmp_path,
and the engine's whole flow (load → validate → discover → build_plan → execute) as one helper."""

from __future__ import annotations

import shutil
import textwrap
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import boto3
import botocore.client
import botocore.session
import pytest

from grucloud.aws import calls, shapes, tagging
from grucloud.aws.clients import Target
from grucloud.aws.specs import REGISTRY
from grucloud.engine.diff import Action
from grucloud.engine.executor import execute
from grucloud.engine.inventory import Inventory, discover
from grucloud.engine.plan import Plan, build_plan
from grucloud.engine.scope import Scope, destroy_scope, plan_scope
from grucloud.engine.validate import validate
from grucloud.engine.walker import WalkResult
from grucloud.local import moto_extensions
from grucloud.problems import ProjectError
from grucloud.program.loader import Project, load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aws"
REGION = "us-east-1"


@pytest.fixture
def aws_env(monkeypatch):
    """Dummy credentials and a fixed region, so nothing can reach a real account."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    # no AMI catalogue: gc makes no instances, and loading it costs ~0.3 s per moto world
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SECURITY_TOKEN", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)


def _import_moto_backends() -> None:
    """Import moto's backend of every service gc calls, once per test process. moto imports them
    lazily, on a service's first request; gc's discovery sends its first requests from several
    threads at once, and two threads importing the same moto module can deadlock
    (importlib's _DeadlockError, seen in test_discovery under load)."""
    from moto.backends import get_backend

    extra = ("resourcegroupstaggingapi", "sts", "s3", "kinesis")
    for service in sorted({spec.service for spec in REGISTRY.values()} | set(extra)):
        get_backend(service)


_import_moto_backends()
moto_extensions.install()  # the in-process moto worlds answer as gc's emulator server does


def make_target() -> Target:
    """A Target on real-AWS code paths (no endpoint_url) whose session has dummy credentials.
    Unpaced: moto in-process has no rate limits (test_pacing.py paces on purpose)."""
    target = Target(region=REGION, endpoint_url=None, pacing={})
    target._session = botocore.session.Session()
    target._session.set_credentials("testing", "testing")
    target._session.set_config_variable("region", REGION)
    # the process's loader, as Target.session() shares it: parsing ~25 service models again for
    # each test's target cost ~0.4 s a test
    target._session.register_component("data_loader", shapes.data_loader())
    return target


@pytest.fixture
def target(aws_env):
    """An in-process moto world, fresh for each test."""
    from moto import mock_aws

    with mock_aws():
        yield make_target()


@pytest.fixture
def boto(target):
    """Plain boto3 clients on the same moto world, for arranging and checking from outside gc."""

    def client(service: str):
        return boto3.client(
            service, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
        )

    return client


@pytest.fixture
def copy_example(tmp_path):
    """copy_example("ApiGatewayV2/http-lambda") -> a private copy whose resources.py tests may edit."""

    def copy(name: str) -> Path:
        source = EXAMPLES / name
        assert source.is_dir(), f"no example {source}"
        destination = tmp_path / Path(name).name
        shutil.copytree(source, destination)
        return destination

    return copy


@pytest.fixture
def write_project(tmp_path):
    """write_project(resources_py, config_py=None, folders=()) -> a project folder in tmp_path."""
    counter = iter(range(1_000_000))

    def write(resources: str | None, config: str | None = None, folders=(), name: str | None = None) -> Path:
        directory = tmp_path / (name or f"project{next(counter)}")
        directory.mkdir()
        if resources is not None:
            (directory / "resources.py").write_text(textwrap.dedent(resources))
        if config is not None:
            (directory / "config.py").write_text(textwrap.dedent(config))
        for folder in folders:
            (directory / folder).mkdir(parents=True)
            (directory / folder / "index.js").write_text("exports.handler = async () => ({});\n")
        return directory

    return write


@dataclass
class Run:
    project: Project
    inventory: Inventory
    plan: Plan
    result: WalkResult | None


def load_checked(directory) -> Project:
    project = load(directory)
    validate(project)
    return project


def inventory_of(target: Target, project: Project, as_plan: bool = False, scope: Scope | None = None) -> Inventory:
    """Every type listed (what `gc plan --destroy`, `gc gencode` and `gc list --all` see), or with
    `as_plan`, what `gc plan` lists (scope.plan_scope: fewer types, found through the tagging API)."""
    scope = scope or (plan_scope(target, project) if as_plan else Scope(list(REGISTRY.values()), lambda spec: True))
    inventory = discover(target, scope.specs, project.name, project.stage, listed_if=scope.lists)
    assert not inventory.gaps, inventory.gaps  # the emulator lists every type gc has
    return inventory


def plan_of(directory, target: Target, destroy: bool = False, deleting: bool = False) -> Run:
    """load → validate → discover → build_plan, without executing. With `deleting`, the plan of
    `gc destroy` itself, whose children read at their parent's delete are not listed."""
    project = load_checked(directory)
    scope = destroy_scope(whole=True) if deleting else None
    inventory = inventory_of(target, project, as_plan=not destroy, scope=scope)
    plan = build_plan(project, inventory, destroy=destroy, read_at_delete=scope.read_at_delete if scope else ())
    return Run(project, inventory, plan, None)


def apply(directory, target: Target, destroy: bool = False, parallelism: int = 1) -> Run:
    """load → validate → discover → build_plan → execute; the returned plan is what ran; a
    destroy as `gc destroy` runs it.

    One at a time by default: moto's in-process backends are not thread-safe (IAM raised
    "dictionary changed size during iteration" under parallel role changes). Parallel execution
    is tested by test_walker and by the CLI tests against the emulator server."""
    run = plan_of(directory, target, destroy=destroy, deleting=destroy)
    run.result = execute(run.plan, run.project, target, parallelism=parallelism)
    return run


def actions(plan: Plan) -> dict[tuple[str, str], Action]:
    return {c.key: c.action for c in plan.changes}


def pending(plan: Plan) -> dict[tuple[str, str], Action]:
    """Every change that is not NOOP."""
    return {c.key: c.action for c in plan.actions}


def destroyed(run) -> dict[tuple[str, str], Action]:
    """What a destroy deleted: the plan's deletes, and the children their parent's delete read
    and AWS took with it (a function's permissions: spec.read_at_parent_delete)."""
    return {**pending(run.plan), **{key: Action.DELETE for key in run.result.taken}}


# Shared by the example lifecycle tests.
def assert_applied(run) -> None:
    assert run.result.ok, {"failed": {k: repr(v) for k, v in run.result.failed.items()}, "skipped": run.result.skipped}
    # each action, and each look-up of what AWS made with a parent made in this run
    assert set(run.result.done) == {c.key for c in run.plan.changes if c.action is not Action.NOOP or c.after_parent}


def assert_converged(directory, target) -> None:
    plan = plan_of(directory, target).plan
    assert pending(plan) == {}, [(c.key, c.changes) for c in plan.actions]
    assert [(c.key, c.problem) for c in plan.problems] == []


def made_calls() -> Counter:
    """The AWS calls gc made since calls.reset_counts(), by operation."""
    return Counter({operation: n for (_, operation), n in calls.CALLS.items()})


def assert_plan_finds_all_ours(directory: Path, target) -> None:
    """A plan lists fewer types than exist (scope.plan_scope skips services the tagging API says
    hold nothing of ours): with every declaration removed, it must still delete every resource
    of ours that an exhaustive listing finds, and the tagging API must know each service used."""
    every = ours(target, directory)
    project = load_checked(directory)
    bulk_types = {s.tagging.bulk_type for s in REGISTRY.values() if s.tagging and s.tagging.bulk_type}
    used = {r.spec.tagging.bulk_type for r in every.values() if r.spec.tagging and r.spec.tagging.bulk_type}
    assert tagging.types_with_ours(target, project.name, project.stage, bulk_types) == used
    emptied = directory.parent / f"{directory.name}-emptied"
    emptied.mkdir()
    shutil.copy(directory / "config.py", emptied / "config.py")
    (emptied / "resources.py").write_text("def create_resources(config):\n    return []\n")
    deletes = {c.key for c in plan_of(emptied, target).plan.changes if c.action is Action.DELETE}
    assert deletes == set(every), {"not deleted": set(every) - deletes, "not ours": deletes - set(every)}


def ours(target, directory) -> dict:
    """Every live resource of ours, every type listed (no shortcut through the tagging API)."""
    return {r.key: r for r in inventory_of(target, load_checked(directory)).resources if r.ours}


def edit(directory: Path, old: str, new: str) -> None:
    path = directory / "resources.py"
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="session")
def emulator_server(tmp_path_factory):
    """One emulator server (moto plus gc's data plane) shared by the tests that call deployed
    APIs; each test arranges its own APIs and functions, so they do not meet."""
    from dataplane_support import start_server

    server = start_server(tmp_path_factory.mktemp("emulator"))
    yield server
    server.process.terminate()
    server.process.wait(10)


# Bad input (test_bad_input*.py, test_unknown_properties.py): refused before any AWS call.


class AllCalls:
    """Counts every botocore API call in the process, whichever client makes it."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        self.original = botocore.client.BaseClient._make_api_call

    def __enter__(self):
        counter = self

        def counting(client, operation_name, api_params):
            with counter.lock:
                counter.count += 1
            return counter.original(client, operation_name, api_params)

        botocore.client.BaseClient._make_api_call = counting
        return self

    def __exit__(self, *exc):
        botocore.client.BaseClient._make_api_call = self.original


@pytest.fixture(scope="module")
def moto_target():
    """One moto world for the module, with a Target whose clients (with gc's counting hook)
    exist for every service a spec uses, before any project is loaded."""
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        with mock_aws():
            target = make_target()
            for service in sorted({s.service for s in REGISTRY.values()}):
                target.client(service)
            yield target


@pytest.fixture
def refused(moto_target, write_project):
    """refused(resources_py, config_py=None, folders=()) -> the ProjectError, after checking
    that no AWS call was made."""

    def check(resources: str | None, config: str | None = None, folders=("my-function",)) -> ProjectError:
        directory = write_project(resources, config, folders)
        calls.reset_counts()
        with AllCalls() as every:
            with pytest.raises(ProjectError) as caught:
                validate(load(directory))
        assert calls.total_calls() == 0, dict(calls.CALLS)
        assert every.count == 0
        return caught.value

    return check
