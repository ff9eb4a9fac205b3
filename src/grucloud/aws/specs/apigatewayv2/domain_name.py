"""ApiGatewayV2::DomainName: a custom domain for APIs, served with an ACM certificate.

With `"dependencies": {"certificates": ["example.com"]}`, gc fills each configuration's
CertificateArn (CertificateArns is gc's list of them, read back from the configurations).
"""

from grucloud.aws.calls import call, wait
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging

_VALIDATION_TIMEOUT = 1800  # seconds: ACM validates by DNS within minutes, at most half an hour
# what AWS answers in a configuration about the endpoint it made, never sent
_ENDPOINT = ("ApiGatewayDomainName", "HostedZoneId", "DomainNameStatus", "DomainNameStatusMessage", "CertificateUploadDate")


def _arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/domainnames/{live['DomainName']}"


def _prepare_desired(desired, ctx) -> None:
    arns = desired.get("CertificateArns") or []
    configurations = desired.get("DomainNameConfigurations") or [{} for _ in arns]
    for configuration, arn in zip(configurations, arns):
        configuration.setdefault("CertificateArn", arn)
    if configurations:
        desired["DomainNameConfigurations"] = configurations


def _add_computed(target, live):
    """The endpoint AWS made (where DNS points: ApiGatewayDomainName, HostedZoneId) and its
    status, lifted from the configuration to the domain name: they are not configured."""
    configurations = live.get("DomainNameConfigurations", [])
    endpoint = {k: v for k, v in (configurations[0] if configurations else {}).items() if k in _ENDPOINT}
    kept = [{k: v for k, v in c.items() if k not in _ENDPOINT} for c in configurations]
    arns = [c["CertificateArn"] for c in kept if c.get("CertificateArn")]
    return {**live, **endpoint, "DomainNameConfigurations": kept, "CertificateArns": arns}


def _create(target, params):
    # API Gateway takes only an issued certificate: wait for ACM to validate it (through the
    # DNS validation record, made meanwhile by its own Route53::Record)
    acm = target.client("acm")
    for configuration in params.get("DomainNameConfigurations", []):
        arn = configuration.get("CertificateArn")
        if arn:
            wait(acm, "certificate_validated", f"certificate {arn} to be validated (is its DNS validation record in place?)",
                 timeout=_VALIDATION_TIMEOUT, delay=10, CertificateArn=arn)
    return call(target.client("apigatewayv2"), "CreateDomainName", **params)


def _covers(certificate_name: str, domain: str) -> bool:
    """Whether a certificate name covers a domain: equal, or a wildcard for one more label."""
    if certificate_name.startswith("*."):
        head, _, rest = domain.partition(".")
        return bool(head) and rest == certificate_name[2:]
    return certificate_name == domain


def _rules(properties, context):
    domain = properties.get("DomainName")
    if not isinstance(domain, str):
        return
    names = context.dependencies.get("certificates") or []
    domains = context.dependency_properties("certificates", "DomainName")
    alternatives = context.dependency_properties("certificates", "SubjectAlternativeNames")
    for name, main, others in zip(names, domains, alternatives):
        covered = list(dict.fromkeys(n for n in [main, *(others or [])] if isinstance(n, str)))
        if covered and not any(_covers(n, domain) for n in covered):
            yield "dependencies.certificates", (
                f"certificate {name!r} covers {', '.join(covered)}, not {domain!r}; add {domain!r} "
                "(or a wildcard for its parent) to its SubjectAlternativeNames"
            )
    if not names and not any((c or {}).get("CertificateArn") for c in properties.get("DomainNameConfigurations") or []):
        yield "DomainNameConfigurations", "needs a certificate: add \"dependencies\": {\"certificates\": [\"<ACM certificate>\"]}"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="DomainName",
    service="apigatewayv2",
    listing=Listing("GetDomainNames", "Items"),
    identity={"DomainName": "DomainName"},
    name_path="DomainName",
    create=_create,
    schema="CreateDomainName",
    update="UpdateDomainName",
    delete="DeleteDomainName",
    dependencies={
        "certificates": Dependency("ACM::Certificate", fills="CertificateArns", value="CertificateArn", many=True),
    },
    tagging=Tagging(tag_operation="TagResource", untag_operation="UntagResource", arn=_arn, bulk_type="apigateway:domainnames"),
    # AWS adds the endpoint's own names and status to each configuration
    items_by_declared_keys=("DomainNameConfigurations",),
    # AWS's: a new domain routes by its API mappings only, until told to use routing rules
    defaults={"RoutingMode": "API_MAPPING_ONLY"},
    # mutual TLS is turned off by removing the truststore
    unset={"MutualTlsAuthentication": {"TruststoreUri": ""}},
    to_create_params=lambda desired, ctx: {k: v for k, v in desired.items() if k != "CertificateArns"},
    to_update_params=lambda desired, live: {k: v for k, v in desired.items() if k in ("DomainNameConfigurations", "MutualTlsAuthentication", "RoutingMode")},
    prepare_desired=_prepare_desired,
    add_computed=_add_computed,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()
