"""Project settings for the apigw-fargate-cdk example.

The subnets' availability zones and the task's log region are named from "region" (us-east-1
when unset): set it to the region you deploy to."""


def create_config():
    return {"projectName": "apigw-fargate-cdk", "stage": "dev"}
