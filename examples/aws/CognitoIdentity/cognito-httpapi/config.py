"""Project settings for the cognito-httpapi example."""


def create_config():
    return {
        "projectName": "example-aws-cognito-httpapi",
        "stage": "dev",
    }
