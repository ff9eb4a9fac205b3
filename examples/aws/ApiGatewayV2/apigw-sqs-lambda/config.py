"""Project settings for the apigw-sqs-lambda example."""


def create_config():
    return {"projectName": "apigw-sqs-lambda", "stage": "dev"}
