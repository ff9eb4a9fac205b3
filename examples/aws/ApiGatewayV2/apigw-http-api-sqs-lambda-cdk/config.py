"""Project settings for the apigw-http-api-sqs-lambda-cdk example."""


def create_config():
    return {"projectName": "apigw-http-api-sqs-lambda-cdk", "stage": "dev"}
