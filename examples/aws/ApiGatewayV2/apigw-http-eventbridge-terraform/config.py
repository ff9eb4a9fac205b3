"""Project settings for the apigw-http-eventbridge-terraform example."""


def create_config():
    return {"projectName": "apigw-http-eventbridge-terraform", "stage": "dev"}
