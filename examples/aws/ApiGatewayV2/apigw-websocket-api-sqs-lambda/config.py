"""Project settings for the apigw-websocket-api-sqs-lambda example."""


def create_config():
    return {"projectName": "apigw-websocket-api-sqs-lambda", "stage": "dev"}
