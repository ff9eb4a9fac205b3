"""Project settings for the apigw-http-api-eventbridge-custom-bus example."""


def create_config():
    return {"projectName": "apigw-http-api-eventbridge-custom-bus", "stage": "dev"}
