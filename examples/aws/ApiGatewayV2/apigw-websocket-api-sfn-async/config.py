"""Project settings for the apigw-websocket-api-sfn-async example."""


def create_config():
    return {"projectName": "apigw-websocket-api-sfn-async", "stage": "dev"}
