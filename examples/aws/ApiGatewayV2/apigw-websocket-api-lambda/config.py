"""Project settings for the apigw-websocket-api-lambda example."""


def create_config():
    return {
        "projectName": "example-aws-apigw-websocket-api-lambda",
        "stage": "dev",
    }
