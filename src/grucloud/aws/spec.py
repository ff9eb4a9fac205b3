"""ResourceSpec: everything gc knows about one resource type, declared as data.

A spec names AWS operations by their botocore names and says which request members come from
where. The generic behaviour in `aws/resources.py` reads these fields; a type with a quirk adds
at most a few small named hooks (e.g. a Lambda function zips its code folder before it is
compared). A spec file under aws/specs/ is found by itself (SPEC or SPECS).

Traps met so far, each cost someone a day:
- Tags: a create request and a list-tags answer may spell the member differently (SQS's
  CreateQueue takes `tags`, ListQueueTags answers `Tags`; ECS says `key`/`value`). If gc cannot
  read back the tags it wrote, nothing it made counts as ours: check with test_specs_behaviour.
- Numbers: the model may say double where a user writes an integer (8888 is read back 8888.0);
  the diff compares numbers as numbers, never write a hook for it.
- Members AWS fills by itself (a WebSocket stage's LoggingLevel) go in `aws_fills`, not in `ignore`:
  ignoring them hides real removals. Members that only go one way (write-only: in Create,
  absent from Get) come from the model; do not list them.
- A removal needs its own value or call on many APIs (`unset`): a removed string is not None.
- Listing answers may lack members a Get returns: `read_more` runs once per listed resource, so
  keep it for what the plan compares, or a plan of N resources costs N more calls.
- The emulator (moto) may answer what AWS does not, and the other way round: what moto lacks
  goes in local/moto_extensions, not in a fallback of the spec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

    from grucloud.aws.clients import Target

Live = dict[str, Any]
Context = Any  # program.context.Context, a layer above: the config, and values of other resources


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
    # what it fills is sent by after_create only, not by the create call (a role's managed
    # policies are attached after CreateRole): when both are made in one run, the create is sent
    # without waiting for it, and only after_create waits
    late: bool = False
    # AWS refuses to delete the dependency while this resource uses it (a role's attached
    # policy, a listener's target group), so a delete of both deletes this one first. False
    # where AWS keeps no such link (a function named in an integration's URI): both deletes go
    # at once, one round trip sooner for each such link on the longest chain
    blocks_delete: bool = True


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
    # the parents that can have such children (route responses exist on WebSocket APIs only):
    # parent live -> whether to list under it; no call under the others
    under: Callable[[Live], bool] | None = None
    # one call for the children of every parent, each matched to its parent by (child's path,
    # parent's path), instead of a call per parent (ListEventSourceMappings with no FunctionName)
    matched: tuple[str, str] | None = None


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
    # the type's name in the Resource Groups Tagging API ("lambda:function"; tagging.arn_type
    # reads it from an ARN), set only where that API reports the type on AWS and on gc's
    # emulator alike (moto's own index, or local/moto_extensions/tagging_api.py): one paged
    # call then has the tags of all of them, and tells a plan whether there is any of ours
    bulk_type: str | None = None


# -- Hooks, each optional and small; the name says when it runs --------------------------------


class InferName(Protocol):
    """The name of a resource whose API has none, from its properties (declared or live) and
    {dependency key: name}: an Integration is integration::<api>::<target>."""

    def __call__(self, properties: dict, dependency_names: dict) -> str: ...


class IsDefault(Protocol):
    """Whether a live resource is one AWS made by itself, given the defaults found so far."""

    def __call__(self, live: Live, default_ids: set) -> bool: ...


class RetryWhen(Protocol):
    """Whether an error is eventual consistency worth retrying (a role not yet assumable)."""

    def __call__(self, error: ClientError) -> bool: ...


class MadeWithParent(Protocol):
    """Whether AWS makes this resource with its parent, from the parent's desired properties
    and this resource's own."""

    def __call__(self, parent_properties: dict, properties: dict) -> bool: ...


class MadeAfter(Protocol):
    """Declared resources it must be made after without naming them as dependencies, from its
    desired state and {dependency key: name}: (type key, name) pairs, those not declared ignored."""

    def __call__(self, desired: dict, dependency_names: dict) -> list[tuple[str, str]]: ...


class Create(Protocol):
    """Instead of the create operation, for types that take several calls: the live data."""

    def __call__(self, target: Target, params: dict) -> Live: ...


class Update(Protocol):
    """Instead of the update operation: apply the changed property paths."""

    def __call__(self, target: Target, desired: dict, live: Live, changed: list) -> None: ...


class Delete(Protocol):
    def __call__(self, target: Target, live: Live) -> None: ...


class ToCreateParams(Protocol):
    """Before create: the create request, when it is not the desired state as it is."""

    def __call__(self, desired: dict, ctx: Context) -> dict: ...


class AfterCreate(Protocol):
    """Right after the create call: the calls a create takes besides (tags, policies); may
    return the live data completed."""

    def __call__(self, target: Target, desired: dict, live: Live) -> Live | None: ...


class ToUpdateParams(Protocol):
    """Before update: the update request, when it is not the desired state as it is."""

    def __call__(self, desired: dict, live: Live) -> dict: ...


class AfterUpdate(Protocol):
    """Right after the update call (or instead of it, with no update operation)."""

    def __call__(self, target: Target, desired: dict, live: Live, changed: list) -> None: ...


class BeforeDelete(Protocol):
    """Right before the delete call: what must go first (detach, empty)."""

    def __call__(self, target: Target, live: Live) -> None: ...


class DefaultsFor(Protocol):
    """While the desired state is resolved: defaults that depend on the declaration."""

    def __call__(self, properties: dict, ctx: Context) -> dict: ...


class PrepareDesired(Protocol):
    """Last step of resolving the desired state, before it is validated, compared or sent:
    adds what gc derives from the project (a function's zip and its hash), in place."""

    def __call__(self, desired: dict, ctx: Context) -> None: ...


class Rules(Protocol):
    """At validation, before any AWS call: cross-field checks, as (path, message) pairs."""

    def __call__(self, properties: dict, ctx: Context) -> list[tuple[str, str]]: ...


class ReadMore(Protocol):
    """After listing, once per listed resource: the reads a listing lacks (a function's policy).
    None drops the resource (gone meanwhile)."""

    def __call__(self, target: Target, live: Live) -> Live | None: ...


class AddComputed(Protocol):
    """After listing (and read_more) and after create: fields computed from the live data
    (a stage's InvokeUrl), never read from AWS."""

    def __call__(self, target: Target, live: Live) -> Live: ...


class LocalFiles(Protocol):
    """For `gc gencode`: the files a resource's declaration needs beside it (a function's code)."""

    def __call__(self, target: Target, live: Live) -> dict[str, bytes]: ...


@dataclass(frozen=True, kw_only=True)  # keywords only: the fields go by section, not by default
class ResourceSpec:
    """One resource type, in sections: what it is, how gc finds it, how it is made, changed and
    deleted, what a declaration asks for, how the desired state is compared with the live one,
    how live data is read, and what `gc gencode` needs. Each hook is a Protocol above, named
    for when it runs. The traps are in the module's docstring."""

    # -- What it is ------------------------------------------------------------------------
    group: str
    type: str
    service: str  # botocore's service name: its model is the schema of every call below

    # -- How gc finds it ---------------------------------------------------------------------
    listing: Listing
    identity: dict[str, str]  # request member -> live path; for get, update, delete
    tagging: Tagging | None = None  # how tags say what is ours; None: the type has no tags
    # the property path holding the name (Api: "Name"), or a function inferring the name from
    # (properties, {dependency key: name}) for types without one (Integration, Route, Stage)
    name_path: str | None = None
    infer_name: InferName | None = None
    name_tag: str | None = None  # the tag holding the declared "name" (EC2's Name), for types whose API has no name
    # Resources AWS makes by itself (a default VPC, a VPC's main route table, the default event
    # bus). They are never ours and never deleted, and a declaration may depend on one by name
    # without declaring it.
    is_default: IsDefault | None = None
    # looked up, never created, changed or deleted by gc (a registered domain): declarations of
    # the type must say "readOnly": True, and destroy leaves them alone, even with --all
    read_only: bool = False
    # what AWS makes with its parent (a quick create's $default stage), declared read-only: when
    # the parent is made in the same apply, it is looked up once the parent is made instead of
    # being missing
    made_with_parent: MadeWithParent | None = None
    not_found: tuple[str, ...] = ()  # error codes meaning "already gone", beyond the common ones

    # -- How it is made, changed and deleted (in that order of hooks) ---------------------------
    create: str | Create  # an operation name, or a hook for types that take several calls
    delete: str | Delete
    update: str | Update | None = None  # None: every change replaces the resource
    schema: str | None = None  # operation validating the create request; default: create
    created_key: str | None = None  # response member holding the created resource, if nested
    retry_when: RetryWhen | None = None  # eventual-consistency errors worth retrying
    to_create_params: ToCreateParams | None = None
    after_create: AfterCreate | None = None
    to_update_params: ToUpdateParams | None = None
    after_update: AfterUpdate | None = None
    before_delete: BeforeDelete | None = None
    # right before the delete call too, and ends what AWS refuses to delete while this resource
    # holds it (a role detaches its policies): in a run, what waits for this resource's delete
    # (those policies' deletes) starts once it is done, beside the delete call
    unlink: BeforeDelete | None = None
    # AWS deletes it with its parent (DeleteApi takes an API's routes, integrations, stages...;
    # DeleteFunction its resource policy): when both go, only the parent's delete is sent
    deleted_with_parent: bool = False
    # with deleted_with_parent, and read one call per parent on a tight quota (a function's
    # GetPolicy, 15/s on AWS): in a whole destroy, read by the parent's delete just before it
    # instead of before the plan, so those reads overlap the parents' deletes (another quota)
    # instead of all coming first
    read_at_parent_delete: bool = False
    # what a delete really does when AWS does not delete at once (a KMS key: its deletion is
    # scheduled), said by the plan and by the line that reports the delete done
    delete_note: str | None = None

    # -- What a declaration asks for -------------------------------------------------------
    dependencies: dict[str, Dependency] = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)  # what AWS fills in when a property is omitted
    defaults_for: DefaultsFor | None = None  # defaults that depend on the declaration (a WebSocket integration's timeout)
    prepare_desired: PrepareDesired | None = None
    rules: Rules | None = None
    # what its properties name and AWS wants made first (a stage's RouteSettings name routes)
    made_after: MadeAfter | None = None

    # -- How the desired state is compared with the live one ---------------------------------
    create_only: tuple[str, ...] = ()  # beyond what the model shows (Create member, not Update)
    ignore: tuple[str, ...] = ()  # declared paths AWS does not return; never compared
    unordered: tuple[str, ...] = ()  # list paths compared as sets
    # lists of dicts compared item by item, on each item's declared keys only (AWS adds its own
    # members to each: a domain name's configurations)
    items_by_declared_keys: tuple[str, ...] = ()
    # how a member removed from resources.py goes back to AWS's default, beyond what the model
    # says (a string is sent as "", a list as [], a map key is left out of its map): path
    # ("*" for any map key) -> the value the update sends, or (target, live, keys) -> None,
    # a call of its own (DeleteCorsConfiguration). A number or boolean is unset only here.
    unset: dict[str, Any] = field(default_factory=dict)
    # settable members AWS fills by itself when they are not declared: path ("*" for any map
    # key) -> the values it fills them with, or None for any value.
    # Never a removal; unlike `server_values`, gencode still writes them (a
    # WebSocket integration's PayloadFormatVersion "1.0" is also a valid HTTP declaration)
    aws_fills: dict[str, tuple | None] = field(default_factory=dict)
    # path -> function: values compared as what it returns (two spellings of one thing: a
    # Lambda function's ARN and its invoke ARN)
    compare_as: dict[str, Callable] = field(default_factory=dict)
    # values AWS sets by itself that gencode leaves out; unlike `defaults`, never sent nor
    # compared (an HTTP API's RouteSelectionExpression, spelled two ways): path -> values, or
    # None for any value (a stage's DeploymentId: an id that names nothing in a new account)
    server_values: dict[str, tuple | None] = field(default_factory=dict)

    # -- How live data is read (after each listing, and after create) --------------------------
    read_more: ReadMore | None = None
    add_computed: AddComputed | None = None

    # -- What `gc gencode` needs ------------------------------------------------------------
    # (properties path, create request path) where the same members sit, when the spec moves
    # them: Lambda ("Configuration", ""); an events target ("", "Targets[]"), one list entry
    properties_model: tuple[str, str] = ("", "")
    extra_properties: tuple[str, ...] = ()  # set by other calls (a log group's retentionInDays)
    local_files: LocalFiles | None = None

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
