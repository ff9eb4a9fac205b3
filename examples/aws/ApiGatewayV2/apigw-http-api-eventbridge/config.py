"""Project settings for the apigw-http-api-eventbridge example."""


def create_config():
    return {"projectName": "apigw-http-api-eventbridge", "stage": "dev"}
