"""Project settings for the apigw-http-api-lambda example."""


def create_config():
    return {"projectName": "apigw-http-api-lambda", "stage": "dev"}
