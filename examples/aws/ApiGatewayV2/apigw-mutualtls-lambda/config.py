"""Project settings for the apigw-mutualtls-lambda example.

domainName: a domain registered with Route 53 in your account (gc only looks it up).
"""


def create_config():
    return {"projectName": "apigw-mutualtls-lambda", "stage": "dev", "domainName": "grucloud.org"}
