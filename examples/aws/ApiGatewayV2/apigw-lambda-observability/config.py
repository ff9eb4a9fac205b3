"""Project settings for the apigw-lambda-observability example."""


def create_config():
    return {"projectName": "apigw-lambda-observability", "stage": "dev"}
