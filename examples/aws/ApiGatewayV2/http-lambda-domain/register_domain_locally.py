"""Register this example's domain (config.py's domainName) on the local emulator, so that
`gc --local` finds the registered domain the example looks up. Never touches AWS: it only talks
to the emulator gc starts on loopback (GC_STATE_DIR says which one, as for gc).

    .venv/bin/python examples/aws/ApiGatewayV2/http-lambda-domain/register_domain_locally.py
"""

from pathlib import Path

from grucloud.aws.calls import call
from grucloud.aws.clients import Target
from grucloud.local import emulator
from grucloud.program.loader import load_config

# a registrant made up for the emulator, which wants one; AWS would want yours
CONTACT = {
    "FirstName": "Local", "LastName": "Emulator", "ContactType": "PERSON", "AddressLine1": "127 Loopback Street",
    "City": "Localhost", "CountryCode": "US", "ZipCode": "12700", "PhoneNumber": "+1.5550100000", "Email": "gc@example.com",
}


def main() -> None:
    domain = load_config(Path(__file__).parent)["domainName"]
    running = emulator.ensure_running()
    client = Target(region="us-east-1", endpoint_url=running.url).client("route53domains")
    if any(d["DomainName"] == domain for d in call(client, "ListDomains").get("Domains", [])):
        print(f"{domain} is already registered on the emulator at {running.url}")
        return
    # the emulator refuses one year (it computes the expiry a moment too early)
    call(client, "RegisterDomain", DomainName=domain, DurationInYears=2,
         AdminContact=CONTACT, RegistrantContact=CONTACT, TechContact=CONTACT)
    print(f"registered {domain} on the emulator at {running.url}")


if __name__ == "__main__":
    main()
