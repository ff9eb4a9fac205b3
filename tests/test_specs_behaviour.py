"""What every registered type must do, checked on each one against in-process moto, so that a new
spec file cannot pass the model checks (test_specs_meta.py) and still misbehave:

- listing an empty account gives nothing (what AWS makes by itself aside: a default VPC);
- what gc made counts as ours: its tags, read back by the type's listing, are gc's (a type whose
  create call names its tags otherwise than its read, as SQS's CreateQueue `tags` and
  ListQueueTags `Tags`, would never be ours);
- deleting what is already gone succeeds (so a destroy can always be run again).

One moto world for the whole module: the listings of the empty account, then the examples that
between them use every type, each applied, listed, destroyed, and each of its resources deleted
a second time.
"""

from __future__ import annotations

import shutil

import boto3
import pytest

from arrangements import arrange_in_process
from conftest import (
    EXAMPLES,
    apply,
    inventory_of,
    load_checked,
    make_target,
)
from grucloud.aws import resources, tagging
from grucloud.aws.calls import EmulatorGap
from grucloud.aws.specs import REGISTRY
from grucloud.engine.inventory import discover, with_parents

SPECS = sorted(REGISTRY.values(), key=lambda s: s.key)
# Types no example declares, each with its reason; the meta test still checks their specs.
NOT_IN_ANY_EXAMPLE = {
    "ApiGatewayV2::Deployment": "the examples' stages deploy by themselves (AutoDeploy); test_terraform_apigatewayv2 makes deployments",
    "ApiGatewayV2::RoutingRule": "its action invokes a REST API's stage (API Gateway v1), which gc does not make; "
                                 "test_terraform_apigatewayv2 makes rules to a REST API made with boto3, and deletes one twice",
}


def covering_examples() -> list[str]:
    """Few examples that between them declare every type, largest first."""
    from grucloud.program.loader import load

    declared = {}
    for path in sorted(EXAMPLES.glob("*/*/resources.py")):
        name = str(path.parent.relative_to(EXAMPLES))
        declared[name] = {d.spec.key for d in load(path.parent).declarations}
    wanted, chosen = set().union(*declared.values()), []
    while wanted:
        best = max(declared, key=lambda n: (len(declared[n] & wanted), n))
        chosen.append(best)
        wanted -= declared.pop(best)
    return chosen


class World:
    """What the module's moto world showed, gathered once, read by each type's test."""

    def __init__(self):
        self.empty: dict[str, list] = {}  # type -> what a listing of the empty account found
        self.made: dict[str, list] = {}  # type -> [(example, declared name, LiveResource or None)]
        self.deleted_again: dict[str, list] = {}  # type -> [(name, error or None)]
        self.left: dict[str, list] = {}  # type -> resources of ours left after all that


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from moto import mock_aws

    def boto(service: str):
        return boto3.client(service, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")

    with pytest.MonkeyPatch.context() as monkeypatch:
        for variable, value in {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
                                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                                "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(variable, value)
        for variable in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            monkeypatch.delenv(variable, raising=False)
        with mock_aws():
            target = make_target()
            found = World()
            for spec in SPECS:
                try:
                    inventory = discover(target, with_parents([spec], naming=False), "nobody", "dev")
                except EmulatorGap as gap:
                    found.empty[spec.key] = [f"gap: {gap}"]
                    continue
                found.empty[spec.key] = [r.key for r in inventory.resources if r.spec is spec and not r.default]
            for name in covering_examples():
                arrange_in_process(name, boto, monkeypatch)
                directory = tmp_path_factory.mktemp("examples") / name.replace("/", "-")
                shutil.copytree(EXAMPLES / name, directory)
                _make_then_delete_twice(found, name, directory, target)
            yield found


def _make_then_delete_twice(found: World, name: str, directory, target) -> None:
    run = apply(directory, target)
    assert run.result.ok, (name, {k: str(v) for k, v in run.result.failed.items()})
    project = load_checked(directory)
    live = {r.key: r for r in inventory_of(target, project).resources if r.ours}
    for declaration in project.declarations:
        if not declaration.read_only:
            found.made.setdefault(declaration.spec.key, []).append((name, declaration.name, live.get(declaration.key)))
    assert apply(directory, target, destroy=True).result.ok
    for resource in live.values():
        try:
            resources.delete(resource.spec, target, resource.live)
            error = None
        except Exception as failure:  # noqa: BLE001 - reported per type by its own test
            error = f"{type(failure).__name__}: {failure}"
        found.deleted_again.setdefault(resource.spec.key, []).append((resource.name, error))
    for resource in inventory_of(target, project).resources:
        if resource.ours:
            found.left.setdefault(resource.spec.key, []).append(resource.name)


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_listing_an_empty_account_gives_nothing(spec, world):
    assert world.empty[spec.key] == [], world.empty[spec.key]


MADE = [s for s in SPECS if not s.read_only and s.key not in NOT_IN_ANY_EXAMPLE]


@pytest.mark.parametrize("spec", MADE, ids=[s.key for s in MADE])
def test_what_gc_made_is_ours_by_its_tags(spec, world):
    made = world.made.get(spec.key)
    assert made, f"no example declares {spec.key}: add one under examples/"
    for example, name, resource in made:
        assert resource is not None, f"{example}: {spec.key} {name!r} was made but is not listed as ours"
        if spec.tagging:
            tags = tagging.as_dict(resource.live.get(spec.tagging.member))
            gc_tags = {k: v for k, v in tagging.gc_tags("", "").items() if k in (tagging.MANAGED_BY, tagging.PROVIDER)}
            assert gc_tags.items() <= tags.items(), (
                f"{example}: {spec.key} {name!r} read back without gc's tags under {spec.tagging.member!r}: {tags}")


@pytest.mark.parametrize("spec", MADE, ids=[s.key for s in MADE])
def test_deleting_what_is_already_gone_succeeds(spec, world):
    deleted = world.deleted_again.get(spec.key)
    assert deleted, f"no {spec.key} was made to delete twice"
    assert [(name, error) for name, error in deleted if error] == []
    assert world.left.get(spec.key) is None, f"still there after destroy: {world.left[spec.key]}"


def test_types_left_out_are_real_types():
    assert set(NOT_IN_ANY_EXAMPLE) <= set(REGISTRY)
