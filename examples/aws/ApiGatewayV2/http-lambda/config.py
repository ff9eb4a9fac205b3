"""Project settings for the http-lambda example."""


def create_config():
    return {
        "projectName": "example-aws-api-gateway-lambda",
        "stage": "dev",
    }
