"""Every spec against botocore's model: the operations and request members it names exist.

A typo in a spec ("GetIntegration" for "GetIntegrations", "ApiID") would otherwise show up only
when that path of the code first talks to AWS. And a snapshot of the derived create-only paths,
so a botocore upgrade or a spec edit that changes what forces a replacement is noticed: each
spec file holds its own snapshot (CREATE_ONLY_SNAPSHOT), next to the spec it describes.
"""

from __future__ import annotations

import pytest

from grucloud.aws import shapes
from grucloud.aws.specs import MODULES, REGISTRY, by_type
from grucloud.engine.diff import create_only_paths

SPECS = sorted(REGISTRY.values(), key=lambda s: s.key)
IDS = [s.key for s in SPECS]


def operations(spec) -> dict[str, str]:
    """role -> botocore operation name, for every operation the spec names as a string."""
    found = {"listing": spec.listing.operation} if spec.listing.operation else {}
    for role in ("create", "update", "delete"):
        value = getattr(spec, role)
        if isinstance(value, str):
            found[role] = value
    if spec.schema:
        found["schema"] = spec.schema
    if spec.tagging:
        for role in ("tag_operation", "untag_operation"):
            value = getattr(spec.tagging, role)
            if value is not None:
                found[role] = value
    return found


def test_registry_keys_match_specs():
    assert len(SPECS) == len({s.key for s in SPECS})
    for key, spec in REGISTRY.items():
        assert key == f"{spec.group}::{spec.type}"
        assert by_type(spec.type, spec.group) == [spec]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_operations_exist_in_the_service_model(spec):
    model = shapes.service_model(spec.service)
    names = set(model.operation_names)
    missing = {role: op for role, op in operations(spec).items() if op not in names}
    assert not missing, f"{spec.key}: not operations of {spec.service}: {missing}"


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_identity_members_are_inputs_of_the_operations_that_take_them(spec):
    assert spec.identity, f"{spec.key} has no identity"
    for role in ("update", "delete"):
        operation = getattr(spec, role)
        if isinstance(operation, str):
            members = shapes.input_members(spec.service, operation)
            unknown = set(spec.identity) - members
            assert not unknown, f"{spec.key}.identity: {unknown} not in {operation} input ({sorted(members)})"


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_listing_params_are_inputs_of_the_listing_operation(spec):
    listing = spec.listing
    if listing.from_parent:
        assert listing.operation is None and not listing.params and not listing.parent_params, (
            f"{spec.key} is read from its parent's listing: it makes no call, so it takes no parameters")
        return
    members = shapes.input_members(spec.service, listing.operation)
    for kind in ("params", "parent_params"):
        unknown = set(getattr(listing, kind)) - members
        assert not unknown, f"{spec.key}.listing.{kind}: {unknown} not in {listing.operation} input ({sorted(members)})"


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_child_types_are_listed_under_their_parent(spec):
    if spec.parent is None:
        assert not spec.listing.parent_params, f"{spec.key} lists under a parent but declares none"
        return
    key, dependency = spec.parent
    assert dependency.type in REGISTRY
    assert spec.listing.parent_params or spec.listing.from_parent, (
        f"{spec.key} has parent {key!r} but no listing.parent_params nor listing.from_parent")


@pytest.mark.parametrize("spec", [s for s in SPECS if s.tagging], ids=[s.key for s in SPECS if s.tagging])
def test_tagging_params_are_inputs_of_the_tag_operations(spec):
    t = spec.tagging
    tag = shapes.input_members(spec.service, t.tag_operation)
    untag = shapes.input_members(spec.service, t.untag_operation)
    assert {t.arn_param, t.tags_param} <= tag, f"{spec.key}: {t.tag_operation} takes {sorted(tag)}"
    assert {t.arn_param, t.keys_param} <= untag, f"{spec.key}: {t.untag_operation} takes {sorted(untag)}"
    if spec.schema_operation and getattr(t, "at_create", True):
        # the tags are sent with the create call, under the member the spec names
        # (EC2's go in TagSpecifications, for the ResourceType the spec names)
        member = "TagSpecifications" if t.specification else t.member
        assert member in shapes.input_members(spec.service, spec.schema_operation)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_dependency_types_exist_and_fill_create_members(spec):
    schema = spec.schema_operation
    members = shapes.input_members(spec.service, schema) if schema else None
    for key, dependency in spec.dependencies.items():
        assert dependency.type in REGISTRY, f"{spec.key}.dependencies.{key}: unknown type {dependency.type}"
        if dependency.fills and members is not None and spec.to_create_params is None:
            top = dependency.fills.split(".")[0]
            assert top in members, f"{spec.key}.dependencies.{key} fills {top!r}, not in {schema}"


def test_a_late_dependency_fills_what_after_create_sends_not_the_create_call():
    # the create call is sent without what it fills (engine/executor.py late_inputs)
    for spec in SPECS:
        for key, dependency in spec.dependencies.items():
            if dependency.late:
                assert spec.after_create and dependency.fills, f"{spec.key}.dependencies.{key}: late, but nothing sends it after create"
                create = spec.schema_operation
                assert dependency.fills.split(".")[0] not in shapes.input_members(spec.service, create), \
                    f"{spec.key}.dependencies.{key}: late, but {create} takes {dependency.fills}"


def test_a_child_read_at_its_parents_delete_needs_nothing_else_known_before_it():
    # engine/inventory.children_under names it from its parent alone, and nothing else's delete
    # can wait for it, since the plan does not list it
    for spec in SPECS:
        if spec.read_at_parent_delete:
            assert spec.deleted_with_parent and spec.parent and not spec.tagging, spec.key
            linked = [k for k, d in spec.dependencies.items() if not d.parent and (d.fills or d.found_in)]
            assert not linked, f"{spec.key}: {linked} are read from live data, so its children must be listed before the plan"


def in_shape(shape, path: str) -> bool:
    """Whether a dotted property path names a member of `shape` (nested structures followed).
    A first segment that is not a member is a wrapper gc adds (Lambda's "Configuration")."""
    parts = path.split(".")
    if len(parts) > 1 and parts[0] not in shape.members:
        parts = parts[1:]
    for part in parts:
        if shape.type_name == "map" and (part in (shape.key.enum or []) or not shape.key.enum):
            # a map whose keys the model names (SQS's QueueAttributeName), or any key (SNS's)
            shape = shape.value
            continue
        if shape.type_name != "structure" or part not in shape.members:
            return False
        shape = shape.members[part]
    return True


@pytest.mark.parametrize("spec", [s for s in SPECS if s.schema_operation], ids=[s.key for s in SPECS if s.schema_operation])
def test_defaults_and_create_only_name_create_members(spec):
    shape = shapes.input_shape(spec.service, spec.schema_operation)
    # where the properties sit in the request, when the spec says so (one record of a batch)
    for part in filter(None, spec.properties_model[1].split(".")):
        shape = shape.members[part.removesuffix("[]")]
        shape = shape.member if part.endswith("[]") else shape
    for path in [*spec.defaults, *spec.create_only, *([spec.name_path] if spec.name_path else [])]:
        assert in_shape(shape, path), f"{spec.key}: {path!r} is not a {spec.schema_operation} member"


def snapshot(key: str) -> frozenset:
    """What the type's own spec file says forces a replacement (its CREATE_ONLY_SNAPSHOT)."""
    module = MODULES[key]
    assert hasattr(module, "CREATE_ONLY_SNAPSHOT"), (
        f"{module.__name__} has no CREATE_ONLY_SNAPSHOT: write what forces a replacement of {key}, "
        f"e.g. CREATE_ONLY_SNAPSHOT = frozenset({sorted(create_only_paths(REGISTRY[key]))})")
    value = module.CREATE_ONLY_SNAPSHOT
    return value[key] if isinstance(value, dict) else value


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_create_only_paths_match_the_spec_files_snapshot(spec):
    # a botocore upgrade or a spec edit that changes what forces a replacement is noticed
    assert create_only_paths(spec) == snapshot(spec.key)


def test_create_only_never_includes_identity_or_tags():
    for spec in SPECS:
        paths = create_only_paths(spec)
        assert not paths & set(spec.identity), spec.key
        if spec.tagging:
            assert spec.tagging.member not in paths, spec.key
