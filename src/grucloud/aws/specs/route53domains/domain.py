"""Route53Domains::Domain: a registered domain. gc looks it up and depends on it, but never
registers, changes or deletes one: declare it with "readOnly": True.

Route 53 Domains has one endpoint, in us-east-1 (see clients.py).
"""

from grucloud.aws.spec import Listing, ResourceSpec


class NotManaged(Exception):
    """gc was asked to register or delete a domain; it never does."""


def _refuse(target, *_):
    raise NotManaged("gc never registers or deletes a domain; declare Route53Domains::Domain with \"readOnly\": True")


SPEC = ResourceSpec(
    group="Route53Domains",
    type="Domain",
    service="route53domains",
    listing=Listing("ListDomains", "Domains"),
    identity={"DomainName": "DomainName"},
    name_path="DomainName",
    create=_refuse,
    delete=_refuse,
    read_only=True,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# read-only: never created nor changed
CREATE_ONLY_SNAPSHOT = frozenset()
