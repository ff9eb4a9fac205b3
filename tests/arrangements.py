"""What some examples need in the account before gc runs, as their READMEs say: the ones served
at http-lambda-domain's domain look grucloud.org up (read-only), so it is registered first."""

from __future__ import annotations

DOMAIN_NAME = "grucloud.org"
CONTACT = {"FirstName": "Ada", "LastName": "Lovelace", "ContactType": "PERSON", "AddressLine1": "1 Main St", "City": "London",
           "CountryCode": "GB", "ZipCode": "N1", "PhoneNumber": "+44.2000000000", "Email": "ada@example.com"}
AT_THE_REGISTERED_DOMAIN = {"http-lambda-domain", "auth0", "apigw-mutualtls-lambda"}


def register_domain(client) -> None:
    """The domain, registered as a user would (moto wants >= 2 years); `client(service)` gives a
    boto3 client of the account."""
    domains = client("route53domains")
    if not domains.list_domains()["Domains"]:
        domains.register_domain(DomainName=DOMAIN_NAME, DurationInYears=2, AdminContact=CONTACT,
                                RegistrantContact=CONTACT, TechContact=CONTACT)


def arrange(example: str, client) -> None:
    """Before `example` (its folder's name) is applied to the account `client` reaches."""
    if example in AT_THE_REGISTERED_DOMAIN:
        register_domain(client)


def arrange_in_process(example: str, boto, monkeypatch) -> None:
    """The same for tests on moto in-process (`example`: a folder's name or its path under
    examples/aws), whose certificates must be valid at once as on the emulator server (started
    with MOTO_ACM_VALIDATION_WAIT=0)."""
    if example.split("/")[-1] in AT_THE_REGISTERED_DOMAIN:
        monkeypatch.setattr("moto.settings.ACM_VALIDATION_WAIT", 0)
        register_domain(boto)
