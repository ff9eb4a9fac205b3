"""Project settings for the apigw-websocket-api-model example."""


def create_config():
    return {"projectName": "apigw-websocket-api-model", "stage": "dev"}
