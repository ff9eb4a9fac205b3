"""Route53::Record: one record set of a hosted zone.

Two kinds are written from what they point at, as GruCloud does: with a `certificate`
dependency, the certificate's DNS validation CNAME; with `apiGatewayV2DomainName`, an alias
(A) to the API's custom domain. Records have no id: they are changed by ChangeResourceRecordSets,
and deleted by sending back exactly what is live.
"""

from grucloud.aws import shapes
from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec

CERTIFICATE = "ACM::Certificate"
API_DOMAIN = "ApiGatewayV2::DomainName"
# dependency key -> (type, record type) of the records written from it
_INFERRED = {"certificate": (CERTIFICATE, "CNAME"), "apiGatewayV2DomainName": (API_DOMAIN, "A")}
_VALIDATION_TTL = 300


def _record_set(data: dict) -> dict:
    """Only the members of a ResourceRecordSet (live data also holds its zone's id and name)."""
    members = shapes.service_model("route53").shape_for("ResourceRecordSet").members
    return {k: v for k, v in data.items() if k in members}


def _request(action: str, record: dict, zone_id) -> dict:
    return {"HostedZoneId": zone_id, "ChangeBatch": {"Changes": [{"Action": action, "ResourceRecordSet": _record_set(record)}]}}


def _change(target, action: str, record: dict, zone_id: str) -> None:
    call(target.client("route53"), "ChangeResourceRecordSets", **_request(action, record, zone_id))


# What a record takes from what it points at (named: gc's messages name them).
def validation_record_name(certificate: dict) -> str:
    # a certificate for example.com and *.example.com is validated by one and the same record
    return certificate["DomainValidationOptions"][0]["ResourceRecord"]["Name"]


def validation_record_value(certificate: dict) -> str:
    return certificate["DomainValidationOptions"][0]["ResourceRecord"]["Value"]


def api_domain_name(domain: dict) -> str:
    return f"{domain['DomainName']}."


def api_domain_endpoint(domain: dict) -> str:
    return f"{domain['ApiGatewayDomainName']}."


def api_domain_hosted_zone(domain: dict) -> str:
    return domain["HostedZoneId"]


def _name(properties, dependencies) -> str:
    for key, (type_key, record_type) in _INFERRED.items():
        if dependencies.get(key):
            return f"record::{type_key}::{properties.get('Type') or record_type}::{dependencies[key]}"
    return f"record::{properties.get('Type')}::{properties.get('Name')}"


def _prepare_desired(desired, ctx) -> None:
    """Complete a record from what it points at; declared properties win."""
    certificate = ctx.dependencies.get("certificate")
    if certificate:
        desired.setdefault("Type", "CNAME")
        desired.setdefault("TTL", _VALIDATION_TTL)
        value = ctx.get_id(CERTIFICATE, certificate, validation_record_value)
        desired.setdefault("ResourceRecords", [{"Value": value}])
    domain = ctx.dependencies.get("apiGatewayV2DomainName")
    if domain:
        desired.setdefault("Type", "A")
        desired.setdefault("Name", ctx.get_id(API_DOMAIN, domain, api_domain_name))
        alias = desired.setdefault("AliasTarget", {})
        alias.setdefault("HostedZoneId", ctx.get_id(API_DOMAIN, domain, api_domain_hosted_zone))
        alias.setdefault("EvaluateTargetHealth", False)
    name = desired.get("Name")
    if isinstance(name, str) and not name.endswith("."):
        desired["Name"] = f"{name}."  # AWS lists names fully qualified


def _add_computed(target, live):
    # AWS escapes a wildcard's "*" as \052
    return {**live, "Name": live["Name"].replace("\\052", "*")}


def _create_request(desired, ctx) -> dict:
    return _request("CREATE", desired, desired.get("HostedZoneId"))


def _create(target, params):
    call(target.client("route53"), "ChangeResourceRecordSets", **params)
    return {**params["ChangeBatch"]["Changes"][0]["ResourceRecordSet"], "HostedZoneId": params["HostedZoneId"]}


def _update(target, desired, live, changed) -> None:
    _change(target, "UPSERT", desired, live["HostedZoneId"])


def _delete(target, live) -> None:
    _change(target, "DELETE", live, live["HostedZoneId"])


def _rules(properties, context):
    zone = context.dependency_property("hostedZone", "Name")
    name = properties.get("Name")
    declared_name = not any(context.dependencies.get(key) for key in _INFERRED)
    if declared_name and isinstance(zone, str) and isinstance(name, str) and not (name == zone or name.endswith(f".{zone}")):
        yield "Name", f"{name!r} is not in the zone {zone!r}; use a name ending with {zone!r}"


SPEC = ResourceSpec(
    group="Route53",
    type="Record",
    service="route53",
    listing=Listing(
        "ListResourceRecordSets",
        "ResourceRecordSets",
        parent_params={"HostedZoneId": "Id"},
        parent_fields={"HostedZoneName": "Name"},
        # the zone's own SOA and NS, made and kept by AWS
        skip=lambda record: record["Type"] in ("SOA", "NS") and record["Name"] == record["HostedZoneName"],
    ),
    identity={"HostedZoneId": "HostedZoneId"},
    infer_name=_name,
    create=_create,
    schema="ChangeResourceRecordSets",
    update=_update,
    delete=_delete,
    dependencies={
        "hostedZone": Dependency("Route53::HostedZone", fills="HostedZoneId", value="Id", parent=True),
        "certificate": Dependency(CERTIFICATE, fills="Name", value=validation_record_name),
        "apiGatewayV2DomainName": Dependency(API_DOMAIN, fills="AliasTarget.DNSName", value=api_domain_endpoint),
    },
    create_only=("Name", "Type", "SetIdentifier"),
    to_create_params=_create_request,
    properties_model=("", "ChangeBatch.Changes[].ResourceRecordSet"),  # for gencode: one record set
    prepare_desired=_prepare_desired,
    add_computed=_add_computed,
    rules=_rules,
    not_found=("NoSuchHostedZone",),  # a record goes with its zone
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# a record set is known by its name and type
CREATE_ONLY_SNAPSHOT = frozenset({"Name", "SetIdentifier", "Type"})
