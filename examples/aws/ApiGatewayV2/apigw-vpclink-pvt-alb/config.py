"""Project settings for the apigw-vpclink-pvt-alb example.

The subnets' availability zones are named from "region" (us-east-1 when unset): set it to the
region you deploy to."""


def create_config():
    return {"projectName": "apigw-vpclink-pvt-alb", "stage": "dev"}
