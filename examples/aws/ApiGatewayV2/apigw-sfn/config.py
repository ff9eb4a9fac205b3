"""Project settings for the apigw-sfn example."""


def create_config():
    return {"projectName": "apigw-sfn", "stage": "dev"}
