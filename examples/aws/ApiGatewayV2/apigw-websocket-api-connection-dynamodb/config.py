"""Project settings for the apigw-websocket-api-connection-dynamodb example."""


def create_config():
    return {"projectName": "apigw-websocket-api-connection-dynamodb", "stage": "dev"}
