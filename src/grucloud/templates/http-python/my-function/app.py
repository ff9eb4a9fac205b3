"""GET /hello -> {"message": "hello"}. Add a requirements.txt beside this file: gc installs it."""

import json


def handler(event, context):
    name = (event.get("queryStringParameters") or {}).get("name", "world")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": f"hello {name}"}),
    }
