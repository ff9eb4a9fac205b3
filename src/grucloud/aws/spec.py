"""ResourceSpec: everything gc knows about one resource type, declared as data.

A spec names AWS operations by their botocore names and says which request members come from
where. The generic behaviour in `aws/resources.py` reads these fields; a type with a quirk adds
at most a few small named hooks (e.g. a Lambda function zips its code folder before it is
compared).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Live = dict[str, Any]


@dataclass(frozen=True)
class Dependency:
    """A link to another resource, by name in resources.py.

    `fills` is the property path that the dependency provides (e.g. "ApiId"); `value` is the
    path in the dependency's live data (or a function of it) that provides it. The same pair is
    used backwards to find, from live data alone, which resource a live resource depends on.
    """

    type: str
    fills: str | None = None
    value: str | Callable[[Live], Any] | None = None
    parent: bool = False
    many: bool = False
    # for a dependency that fills nothing (its ARN is written in the properties with get_id):
    # where a live resource holds the dependency's `value` (a listener's DefaultActions name
    # target groups), so that dependencies, and the delete order, are known from live data too
    found_in: Callable[[Live], Any] | None = None
    # (live resource, candidate's live) -> bool, when the filled value alone does not say which
    # one it is (a stage name is unique only within its API)
    match: Callable[[Live, Live], bool] | None = None


@dataclass(frozen=True)
class Listing:
    """How to list every resource of a type (once per parent for children)."""

    operation: str | None  # None with `from_parent`
    items: str | Callable[[dict], list]  # response member, or a function of the response
    params: dict = field(default_factory=dict)
    # request member -> parent's live path, for types listed under a parent; each is also
    # copied into the child's live data (an Integration's ApiId), with `parent_fields`
    parent_params: dict[str, str] = field(default_factory=dict)
    parent_fields: dict[str, str] = field(default_factory=dict)
    # items AWS keeps for itself, never resources of their own (a hosted zone's SOA and NS)
    skip: Callable[[Live], bool] | None = None
    # the list holds bare names or ARNs (ListTables): each becomes {item_key: value}
    item_key: str | None = None
    # children that the parent's own listing already returns (a route table's routes, a
    # security group's rules): parent live -> items, with no call of their own
    from_parent: Callable[[Live], list] | None = None


@dataclass(frozen=True)
class Tagging:
    """Where a type keeps its tags and how they change after create."""

    member: str = "Tags"
    # "map": {k: v}; "list": [{"Key": k, "Value": v}]; "list_lowercase" (ECS); "list_tagkey":
    # [{"TagKey": k, "TagValue": v}] (KMS)
    form: str = "map"
    tag_operation: str | None = None
    untag_operation: str | None = None
    arn: Callable[..., str] | None = None  # (target, live) -> the handle the tag calls take
    arn_param: str = "ResourceArn"
    tags_param: str = "Tags"
    keys_param: str = "TagKeys"
    untag_form: str = "keys"  # what keys_param takes: "keys" [k, ...]; "list" [{"Key": k}] (ACM)
    params: dict = field(default_factory=dict)  # sent with both calls (Route53's ResourceType)
    at_create: bool = True  # False: the create call takes no tags; tagged right after (Route53)
    # EC2: the create call takes the tags in TagSpecifications, for this ResourceType ("vpc")
    specification: str | None = None
    # reading the tags of listed resources the list does not return: the per-resource read
    # (its request takes `arn_param`, its answer holds `member`)
    read_operation: str | None = None
    # the type's name in the Resource Groups Tagging API ("lambda:function"), set only where
    # that API reports the type on AWS and on the emulator alike: one paged call then has the
    # tags of all of them, and tells a plan whether there is any of ours to list at all
    bulk_type: str | None = None


@dataclass(frozen=True)
class ResourceSpec:
    group: str
    type: str
    service: str
    listing: Listing
    identity: dict[str, str]  # request member -> live path; for get, update, delete
    # an operation name, or a hook for types that take several calls (target, desired) -> live
    create: str | Callable
    delete: str | Callable  # or (target, live) -> None
    update: str | Callable | None = None  # or (target, desired, live, changed paths) -> None
    schema: str | None = None  # operation validating the create request; default: create
    # the property path holding the name (Api: "Name"), or a function inferring the name from
    # (properties, {dependency key: name}) for types without one (Integration, Route, Stage)
    name_path: str | None = None
    infer_name: Callable[[dict, dict], str] | None = None
    dependencies: dict[str, Dependency] = field(default_factory=dict)
    tagging: Tagging | None = None
    defaults: dict = field(default_factory=dict)  # what AWS fills in when a property is omitted
    create_only: tuple[str, ...] = ()  # beyond what the model shows (Create member, not Update)
    ignore: tuple[str, ...] = ()  # declared paths AWS does not return; never compared
    unordered: tuple[str, ...] = ()  # list paths compared as sets
    # lists of dicts compared item by item, on each item's declared keys only (AWS adds its own
    # members to each: a domain name's configurations)
    items_by_declared_keys: tuple[str, ...] = ()
    created_key: str | None = None  # response member holding the created resource, if nested
    retry_when: Callable | None = None  # eventual-consistency errors worth retrying
    # hooks, each optional and small
    prepare: Callable | None = None  # (desired, ctx): add what gc derives from the project
    decorate: Callable | None = None  # (target, live) -> live: per-resource reads a list lacks
    derive: Callable | None = None  # (target, live) -> live: computed fields, after list and create
    to_create_params: Callable | None = None  # (desired, ctx) -> create request
    to_update_params: Callable | None = None  # (desired, live) -> update request
    after_create: Callable | None = None  # (target, desired, live) -> live
    after_update: Callable | None = None  # (target, desired, live, changed paths) -> None
    before_delete: Callable | None = None  # (target, live) -> None
    rules: Callable | None = None  # (properties, context) -> [(path, message)]: cross-field checks
    # looked up, never created, changed or deleted by gc (a registered domain): declarations of
    # the type must say "readOnly": True, and destroy leaves them alone, even with --all
    read_only: bool = False
    # Resources AWS makes by itself (a default VPC, a VPC's main route table, the default event
    # bus): (live, ids of the defaults found so far) -> bool. They are never ours and never
    # deleted, and a declaration may depend on one by name without declaring it.
    is_default: Callable[[Live, set], bool] | None = None
    # the tag that holds the declared "name" (EC2's Name), for types whose API has no name
    name_tag: str | None = None
    not_found: tuple[str, ...] = ()  # error codes meaning "already gone", beyond the common ones
    # for `gc gencode`, which otherwise reads the create request's members from the model:
    # (properties path, create request path) where the same members sit, when the spec moves
    # them: Lambda ("Configuration", ""); an events target ("", "Targets[]"), one list entry
    properties_model: tuple[str, str] = ("", "")
    extra_properties: tuple[str, ...] = ()  # set by other calls (a log group's retentionInDays)
    # values AWS sets by itself that gencode leaves out; unlike `defaults`, never sent nor
    # compared (an HTTP API's RouteSelectionExpression, spelled two ways): path -> values
    server_values: dict[str, tuple] = field(default_factory=dict)
    # how a member removed from resources.py goes back to AWS's default, beyond what the model
    # says (a string is sent as "", a list as [], a map key is left out of its map): path
    # ("*" for any map key) -> the value the update sends, or (target, live, keys) -> None,
    # a call of its own (DeleteCorsConfiguration). A number or boolean is unset only here.
    unset: dict[str, Any] = field(default_factory=dict)
    # settable members AWS fills by itself when they are not declared: path ("*" for any map
    # key) -> the values it fills them with, or None for any (a stage's DeploymentId, under
    # AutoDeploy). Never a removal; unlike `server_values`, gencode still writes them (a
    # WebSocket integration's PayloadFormatVersion "1.0" is also a valid HTTP declaration)
    aws_fills: dict[str, tuple | None] = field(default_factory=dict)
    # path -> function: values compared as what it returns (two spellings of one thing: a
    # Lambda function's ARN and its invoke ARN)
    compare_as: dict[str, Callable] = field(default_factory=dict)
    # defaults that depend on the declaration (a WebSocket integration's timeout):
    # (properties, ctx) -> {path: value}, filled like `defaults`
    defaults_for: Callable | None = None
    local_files: Callable | None = None  # (target, live) -> {path: bytes}: a function's code
    # what a delete really does when AWS does not delete at once (a KMS key: its deletion is
    # scheduled), said by the plan and by the line that reports the delete done
    delete_note: str | None = None
    # (parent's desired properties, its own) -> bool: what AWS makes with its parent (a quick
    # create's $default stage), declared read-only: when the parent is made in the same apply,
    # it is looked up once the parent is made instead of being missing
    made_with_parent: Callable | None = None
    # AWS deletes it with its parent (DeleteApi takes an API's routes, integrations, stages...;
    # DeleteFunction its resource policy): when both go, only the parent's delete is sent
    deleted_with_parent: bool = False

    @property
    def key(self) -> str:
        return f"{self.group}::{self.type}"

    @property
    def id_path(self) -> str:
        """Where the live data holds the resource's own id (the last identity member): what
        ctx.get_id returns without a path, and what a listing shows as its id."""
        return list(self.identity.values())[-1]

    @property
    def schema_operation(self) -> str | None:
        return self.schema or (self.create if isinstance(self.create, str) else None)

    @property
    def parent(self) -> tuple[str, Dependency] | None:
        return next(((k, d) for k, d in self.dependencies.items() if d.parent), None)


def get_path(data: Any, path: str, default: Any = None) -> Any:
    """Value at a dotted path ("AccessLogSettings.DestinationArn") or `default`."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return default
        data = data[part]
    return data


def set_path(data: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def pointed_value(dep: Dependency, live: Live) -> Any:
    """What a live resource holds for `dep`, the other way round: the value it names its
    dependency by (`found_in`, or the `fills` path); None when it can hold none."""
    if dep.found_in:
        return dep.found_in(live)
    return get_path(live, dep.fills) if dep.fills else None


def dependency_value(dep: Dependency, live: Live) -> Any:
    """What `dep` provides from a dependency's live data; None when that data lacks it."""
    if callable(dep.value):
        try:
            return dep.value(live)
        except (KeyError, TypeError, AttributeError):
            return None
    return get_path(live, dep.value) if dep.value else None
