"""Generic list / create / update / delete of any resource type, driven by its ResourceSpec."""

from __future__ import annotations

import copy

from grucloud.aws import shapes, tagging
from grucloud.aws.calls import CallFailed, call, is_not_found, paginate
from grucloud.aws.clients import Target
from grucloud.aws.declarable import LEFT_OUT, NO_WAY, OWN_CALL, unset_rule
from grucloud.aws.spec import Listing, Live, ResourceSpec, get_path


def identity_params(spec: ResourceSpec, live: Live) -> dict:
    return {member: get_path(live, path) for member, path in spec.identity.items()}


def list_live(spec: ResourceSpec, target: Target, parent: Live | None = None, mapper=map) -> list[Live]:
    """Every live resource of the type (under `parent` for child types), decorated.

    `mapper(function, items)` runs the per-resource reads; the engine passes a parallel one."""
    listing = spec.listing
    naming, carried = _inherited(listing, parent)
    params = {**listing.params, **naming}
    if any(params[member] is None for member in listing.parent_params):
        return []  # the parent lacks the field that names its child (a user pool without a domain)
    if listing.under and not listing.under(parent):
        return []  # this parent cannot have such children (an HTTP API's route: no route responses)
    try:
        if listing.from_parent:
            items = listing.from_parent(parent)
        else:
            items = _list_items(target.client(spec.service), listing, params)
    except CallFailed as error:
        if parent is not None and is_not_found(error):
            return []  # e.g. a function without a resource policy has no permissions
        raise
    return _completed(spec, target, [{**item, **carried} for item in items], mapper)


def list_matched(spec: ResourceSpec, target: Target, parents: list[Live], mapper=map) -> list[list[Live]]:
    """The children of each of `parents` (a Listing's `matched`), from one listing of them all."""
    found: list[list[Live]] = [[] for _ in parents]
    if not parents:
        return found
    child_path, parent_path = spec.listing.matched
    index = {get_path(parent, parent_path): i for i, parent in enumerate(parents)}
    carried = [_inherited(spec.listing, parent)[1] for parent in parents]
    for item in _list_items(target.client(spec.service), spec.listing, dict(spec.listing.params)):
        i = index.get(get_path(item, child_path))
        if i is not None:  # a child of a parent not listed here (another project's) is not
            found[i].append({**item, **carried[i]})
    return [_completed(spec, target, items, mapper) for items in found]


def _inherited(listing: Listing, parent: Live | None) -> tuple[dict, dict]:
    """(request members naming the parent, what each child carries from it)."""
    params = {member: get_path(parent, path) for member, path in listing.parent_params.items()}
    carried = dict(params)
    for member, path in listing.parent_fields.items():
        value = get_path(parent, path)
        if value is not None:  # what the parent lacks, its child does not carry
            carried[member] = value
    return params, carried


def _completed(spec: ResourceSpec, target: Target, items: list[Live], mapper) -> list[Live]:
    """Listed items without what AWS keeps for itself, with their per-resource reads and tags."""
    listing = spec.listing
    if listing.skip:
        items = [item for item in items if not listing.skip(item)]
    if spec.read_more:
        # None: the per-resource read found it gone or on its way out (an INACTIVE ECS service)
        items = [i for i in mapper(lambda item: spec.read_more(target, item), items) if i is not None]
    if spec.tagging and spec.tagging.read_operation:
        items = tagging.read_tags(target, spec.service, spec.tagging, items, mapper)
    if spec.add_computed:
        items = [spec.add_computed(target, item) for item in items]
    return items


def _list_items(client, listing: Listing, params: dict) -> list[Live]:
    if callable(listing.items):
        return listing.items(call(client, listing.operation, **params))
    items = paginate(client, listing.operation, listing.items, **params)
    return [{listing.item_key: item} for item in items] if listing.item_key else list(items)


def create_params(spec: ResourceSpec, desired: dict, ctx) -> dict:
    if spec.to_create_params:
        params = spec.to_create_params(desired, ctx)
    else:
        params = {k: v for k, v in desired.items() if k not in spec.ignore}
    t = spec.tagging
    if t and t.specification and t.member in params:
        tags = tagging.in_form(tagging.as_dict(params.pop(t.member)), t)
        params["TagSpecifications"] = [{"ResourceType": t.specification, "Tags": tags}]
    return params


def create(spec: ResourceSpec, target: Target, desired: dict, ctx) -> Live:
    return complete_create(spec, target, desired, send_create(spec, target, desired, ctx))


def send_create(spec: ResourceSpec, target: Target, desired: dict, ctx) -> Live:
    """The create call alone (or the spec's create hook): the live data it answers."""
    params = create_params(spec, desired, ctx)
    if callable(spec.create):
        live = spec.create(target, params)
    else:
        # sent once: if the answer is lost, the engine looks for the resource before sending again
        response = call(target.client(spec.service, resend=False), spec.create, retry_when=spec.retry_when, **params)
        live = response[spec.created_key] if spec.created_key else response
    # a listed child carries its parent's id (an Integration's ApiId); so does a created one
    return {**{m: params[m] for m in spec.listing.parent_params if m in params}, **live}


def complete_create(spec: ResourceSpec, target: Target, desired: dict, live: Live) -> Live:
    """What a create takes after its call (after_create, tags set apart): the live data completed."""
    if spec.after_create:
        live = spec.after_create(target, desired, live) or live
    if spec.add_computed:
        live = spec.add_computed(target, live)
    if spec.tagging and not spec.tagging.at_create:
        tags = tagging.as_dict(desired.get(spec.tagging.member))
        _tag(spec, target, live, tags)
        live = {**live, spec.tagging.member: desired.get(spec.tagging.member)}
    return live


def update(spec: ResourceSpec, target: Target, desired: dict, live: Live, changed: list[str], removed=()) -> None:
    """Apply the changed paths: the update call for properties, tag calls for tags.

    `removed`: the PathChanges of members no longer declared; each goes back to AWS's default
    by the value it carries (sent in the update) or by the spec's own call."""
    tag_member = spec.tagging.member if spec.tagging else None
    desired = _with_resets(spec, target, desired, live, removed)
    own_calls = {c.path for c in removed if c.new is OWN_CALL}
    changed = [p for p in changed if p not in own_calls]
    property_changes = [p for p in changed if p.split(".")[0] != tag_member]
    client = target.client(spec.service)
    if property_changes and callable(spec.update):
        spec.update(target, desired, live, property_changes)
    elif property_changes and spec.update:
        if spec.to_update_params:
            params = spec.to_update_params(desired, live)
        else:
            allowed = shapes.input_members(spec.service, spec.update)
            params = {k: v for k, v in desired.items() if k in allowed and k != tag_member}
        if params is not None:
            params.update(identity_params(spec, live))
            call(client, spec.update, retry_when=spec.retry_when, **params)
    if len(property_changes) < len(changed):
        _update_tags(spec, target, desired, live)
    if spec.after_update:
        spec.after_update(target, desired, live, changed)


def _with_resets(spec: ResourceSpec, target: Target, desired: dict, live: Live, removed) -> dict:
    """The desired state plus what puts each removed member back; the removals that take a
    call of their own are made here."""
    request = copy.deepcopy(desired)
    for change in removed:
        if change.new is OWN_CALL:
            rule = unset_rule(spec, change.keys) or spec.unset.get(".".join(change.keys) + ".*")
            for keys in [change.keys] if unset_rule(spec, change.keys) else [(*change.keys, k) for k in change.old]:
                rule(target, live, keys)
        elif change.new not in (LEFT_OUT, NO_WAY):
            holder = request
            for key in change.keys[:-1]:
                holder = holder.setdefault(key, {})
            holder[change.keys[-1]] = copy.deepcopy(change.new)
    return request


def _update_tags(spec: ResourceSpec, target: Target, desired: dict, live: Live) -> None:
    t = spec.tagging
    want = tagging.as_dict(desired.get(t.member))
    have = tagging.as_dict(live.get(t.member))
    removed = [k for k in have if k not in want]
    if removed:
        keys = [{"Key": k} for k in removed] if t.untag_form == "list" else removed
        call(target.client(spec.service), t.untag_operation, **t.params, **{t.arn_param: t.arn(target, live), t.keys_param: keys})
    _tag(spec, target, live, {k: v for k, v in want.items() if have.get(k) != v})


def _tag(spec: ResourceSpec, target: Target, live: Live, tags: dict[str, str]) -> None:
    t = spec.tagging
    if tags:
        params = {**t.params, t.arn_param: t.arn(target, live), t.tags_param: tagging.in_form(tags, t)}
        call(target.client(spec.service), t.tag_operation, **params)


def delete(spec: ResourceSpec, target: Target, live: Live, unlinked: bool = False) -> None:
    """Delete; already gone counts as done, so a destroy can always be run again. `unlinked`:
    spec.unlink has run already (the executor runs it first, see walker.Released)."""
    try:
        if spec.unlink and not unlinked:
            spec.unlink(target, live)
        if spec.before_delete:
            spec.before_delete(target, live)
        if callable(spec.delete):
            spec.delete(target, live)
        else:
            params = identity_params(spec, live)
            call(target.client(spec.service), spec.delete, retry_when=spec.retry_when, **params)
    except CallFailed as error:
        if not is_not_found(error, spec.not_found):
            raise
