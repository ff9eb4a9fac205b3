"""ACM::Certificate: a public certificate, validated by DNS (see Route53::Record, which writes
the validation record from the certificate's DomainValidationOptions)."""

import time

from grucloud.aws import calls
from grucloud.aws.calls import WaitTimeout, call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging

_RECORDS_TIMEOUT = 120  # seconds for ACM to publish the DNS validation records of a new request


def _describe(target, arn: str) -> dict:
    client = target.client("acm")
    certificate = call(client, "DescribeCertificate", CertificateArn=arn)["Certificate"]
    tags = call(client, "ListTagsForCertificate", CertificateArn=arn).get("Tags", [])
    return {**certificate, "Tags": tags}


def _read_more(target, item):
    return _describe(target, item["CertificateArn"])


def _add_computed(target, live):
    # the method is said per validated name; the request took one for all
    methods = [o.get("ValidationMethod") for o in live.get("DomainValidationOptions", [])]
    live = {**live, "ValidationMethod": methods[0] if methods else None}
    # AWS lists the names the domain name first; the emulator in a set's order, which changes
    # from run to run: one order, so that what gencode writes and compares does not depend on it
    first = live.get("DomainName")

    def rank(name):
        return (name != first, name or "")

    if isinstance(live.get("SubjectAlternativeNames"), list):
        live["SubjectAlternativeNames"] = sorted(live["SubjectAlternativeNames"], key=rank)
    if isinstance(live.get("DomainValidationOptions"), list):
        live["DomainValidationOptions"] = sorted(live["DomainValidationOptions"], key=lambda o: rank(o.get("DomainName")))
    return live


def _prepare_desired(desired, ctx) -> None:
    # AWS lists the domain name among the alternative names; declared without it, it would differ
    names = desired.get("SubjectAlternativeNames") or []
    domain = desired.get("DomainName")
    if isinstance(names, list) and isinstance(domain, str) and domain not in names:
        desired["SubjectAlternativeNames"] = [domain, *names]


def _validation_records_ready(live) -> bool:
    options = live.get("DomainValidationOptions", [])
    return bool(options) and all(o.get("ResourceRecord") for o in options if o.get("ValidationMethod") == "DNS")


def _after_create(target, desired, live):
    # The DNS validation records appear a few seconds after the request; the validation record
    # (Route53::Record) is built from them, so wait here, not there.
    deadline = time.monotonic() + _RECORDS_TIMEOUT
    while True:
        described = _describe(target, live["CertificateArn"])
        if desired.get("ValidationMethod") != "DNS" or _validation_records_ready(described):
            return described
        if time.monotonic() > deadline:
            raise WaitTimeout(f"gave up after {_RECORDS_TIMEOUT} s waiting for ACM to publish the DNS validation records of {desired['DomainName']}")
        calls.sleep(2)


def _rules(properties, context):
    for i, name in enumerate(properties.get("SubjectAlternativeNames") or []):
        if isinstance(name, str) and "*" in name and not name.startswith("*."):
            yield f"SubjectAlternativeNames[{i}]", f"{name!r}: a wildcard must be the whole first label, e.g. '*.example.com'"


SPEC = ResourceSpec(
    group="ACM",
    type="Certificate",
    service="acm",
    listing=Listing("ListCertificates", "CertificateSummaryList"),
    identity={"CertificateArn": "CertificateArn"},
    name_path="DomainName",
    create="RequestCertificate",
    update="UpdateCertificateOptions",
    delete="DeleteCertificate",
    tagging=Tagging(
        form="list",
        tag_operation="AddTagsToCertificate",
        untag_operation="RemoveTagsFromCertificate",
        arn=lambda t, live: live["CertificateArn"],
        arn_param="CertificateArn",
        keys_param="Tags",
        untag_form="list",
        bulk_type="acm:certificate",
    ),
    defaults={"ValidationMethod": "DNS"},
    unordered=("SubjectAlternativeNames",),
    # each name's validation: AWS adds its status and record to what was asked
    items_by_declared_keys=("DomainValidationOptions",),
    # one per name, by the name itself, unless declared otherwise
    aws_fills={"DomainValidationOptions": None},
    server_values={
        "KeyAlgorithm": ("RSA_2048",),
        "Options.CertificateTransparencyLoggingPreference": ("ENABLED",),
        "Options.Export": ("DISABLED",),
    },
    prepare_desired=_prepare_desired,
    read_more=_read_more,
    add_computed=_add_computed,
    after_create=_after_create,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# a certificate's names and how it is issued are its identity; only its Options change
CREATE_ONLY_SNAPSHOT = frozenset({
    "CertificateAuthorityArn",
    "DomainName",
    "DomainValidationOptions",
    "IdempotencyToken",
    "KeyAlgorithm",
    "ManagedBy",
    "SubjectAlternativeNames",
    "ValidationMethod",
})
