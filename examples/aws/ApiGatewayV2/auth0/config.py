"""Project settings for the auth0 example.

domainName: a domain registered with Route 53 in your account (gc only looks it up).
issuer, audience: your Auth0 tenant's issuer URL and the API identifier its tokens are for.
"""


def create_config():
    return {
        "projectName": "example-aws-api-gateway-auth0-autorizer",
        "stage": "dev",
        "domainName": "grucloud.org",
        "issuer": "https://dev-zojrhsju.us.auth0.com/",
        "audience": "https://api.grucloud.org",
    }
