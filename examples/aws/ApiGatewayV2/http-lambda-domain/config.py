"""Project settings for the http-lambda-domain example.

domainName: a domain registered with Route 53 in your account (gc only looks it up).
"""


def create_config():
    return {
        "projectName": "example-aws-api-gateway-lambda-domain",
        "stage": "dev",
        "domainName": "grucloud.org",
    }
