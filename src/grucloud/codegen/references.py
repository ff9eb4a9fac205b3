"""ARNs and ids that point at other live resources, turned into references to them by name.

A live value such as a Lambda permission's SourceArn embeds an API's execute-api ARN; written
literally it would point at a resource that a destroy and an apply replace. Written as
`ctx.get_id("ApiGatewayV2::Api", "my-api", "ArnV2")` it follows the resource by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grucloud.aws.spec import get_path
from grucloud.codegen import pysource
from grucloud.engine.inventory import LiveResource

# Live fields that hold an ARN, an id or a host named after the id (ApiId, Arn, ArnV2,
# FunctionArn, logGroupArn, arn; an API's Endpoint).
_ID_FIELD = re.compile(r"(Arn|ARN|arn|Id|ID|Endpoint)(V\d+)?$")
_MIN_LENGTH = 6  # shorter values are too likely to match by chance
_SEPARATORS = ("/", ":")


@dataclass(frozen=True)
class Pointee:
    """A field of a live resource that identifies it."""

    resource: LiveResource
    path: str
    value: str


@dataclass(frozen=True)
class Reference:
    pointee: Pointee
    rest: str  # what follows the identifying value ("/*/*/my-function"), or ""

    def code(self) -> pysource.Call | pysource.Code | None:
        """`ctx.get_id(...)`, in an f-string when text follows; None when it cannot be written
        safely (quotes or backslashes in an f-string's expression)."""
        resource = self.pointee.resource
        args = [resource.spec.key, resource.name]
        if self.pointee.path != resource.spec.id_path:
            args.append(self.pointee.path)
        if not self.rest:
            return pysource.Call("ctx.get_id", tuple(args))
        if any(c in a for a in args for c in "'\"\\{}") or any(c in self.rest for c in "'\"\\"):
            return None
        call = f"ctx.get_id({', '.join(repr(a) for a in args)})"
        rest = self.rest.replace("{", "{{").replace("}", "}}")
        return pysource.Code(f'f"{{{call}}}{rest}"')



def _own_fields(resource: LiveResource):
    """(path, value) of the fields that identify the resource itself: its id, and ARN or id
    fields that contain it; never what a dependency fills (an Integration's ApiId, an internet
    gateway attachment's VpcId: they name another resource)."""
    own_id = str(resource.id)
    pointers = {d.fills for d in resource.spec.dependencies.values() if d.fills}
    root = resource.spec.properties_model[0]
    levels = [("", resource.live)]
    if root and isinstance(resource.live.get(root), dict):
        levels.append((f"{root}.", resource.live[root]))
    for prefix, data in levels:
        for key, value in data.items():
            path = prefix + key
            if not isinstance(value, str) or len(value) < _MIN_LENGTH or path in pointers:
                continue
            if path == resource.spec.id_path and _ID_FIELD.search(key):
                yield path, value
            elif _ID_FIELD.search(key) and len(own_id) >= 3 and own_id in value:
                yield path, value
            elif _ID_FIELD.search(key) and value.startswith("arn:") and value.endswith((f":{resource.name}", f"/{resource.name}")):
                yield path, value  # its own ARN, when its id is not in it (a queue's URL)


class Index:
    """Every identifying value of the resources that may be referenced by name."""

    def __init__(self, resources: list[LiveResource]):
        self._by_value: dict[str, Pointee] = {}
        for resource in sorted(resources, key=lambda r: r.key):
            for path, value in sorted(_own_fields(resource)):
                self._by_value.setdefault(value, Pointee(resource, path, value))
        # longest first, so "arn:...:log-group:x:*" wins over "arn:...:log-group:x"
        self._values = sorted(self._by_value, key=len, reverse=True)

    def find(self, value: str, referrer: LiveResource) -> Reference | None:
        """The resource `value` points at (exactly, or as the start of a longer path)."""
        exact = self._by_value.get(value)
        if exact is not None:
            return None if exact.resource is referrer else Reference(exact, "")
        for known in self._values:
            if value.startswith(known) and value[len(known)] in _SEPARATORS:
                pointee = self._by_value[known]
                if pointee.resource is not referrer:
                    return Reference(pointee, value[len(known):])
        return None


def live_value(pointee: Pointee) -> str:
    return get_path(pointee.resource.live, pointee.path)
