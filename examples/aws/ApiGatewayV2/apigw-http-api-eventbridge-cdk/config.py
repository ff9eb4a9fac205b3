"""Project settings for the apigw-http-api-eventbridge-cdk example."""


def create_config():
    return {"projectName": "apigw-http-api-eventbridge-cdk", "stage": "dev"}
