"""Project settings for the apigw-websocket-api-sfn-sync example."""


def create_config():
    return {"projectName": "apigw-websocket-api-sfn-sync", "stage": "dev"}
