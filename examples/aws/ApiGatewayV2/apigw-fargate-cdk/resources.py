"""HTTP API → VPC link → internal ALB → ECS Fargate service, in a VPC of its own with public and
private subnets in two zones, an internet gateway, and a NAT gateway (with its elastic IP) in
each public subnet for the private subnets' outbound traffic.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-fargate-cdk (a CDK pattern): the names are
the ones CDK gave.
"""

API = "ApigwFargate"
VPC = "CdkStack/MyVpc"
LOAD_BALANCER = "CdkSt-MyFar-OCHRAIQDW7A4"
TARGET_GROUP = "CdkSta-MyFar-PXR6LQDWSIIJ"
LISTENER = f"listener::{LOAD_BALANCER}::HTTP::80"
VPC_LINK = "V2 VPC Link"
CLUSTER = "CdkStack-MyCluster4C1BA579-Ca3ghlIXp91U"
TASK_DEFINITION = "CdkStackMyFargateServiceTaskDef846A07DE"
LOG_GROUP = "CdkStack-MyFargateServiceTaskDefwebLogGroup4A6C44E8-4poohb97upG7"
EXECUTION_ROLE = "CdkStack-MyFargateServiceTaskDefExecutionRoleD6305-1VI1B7HLSW8C4"
EXECUTION_POLICY = "MyFargateServiceTaskDefExecutionRoleDefaultPolicyEC22B20F"
TASK_ROLE = "CdkStack-MyFargateServiceTaskDefTaskRole62C7D397-1LT728SNSTMAI"
LB_SG = f"sg::{VPC}::CdkStack-MyFargateServiceLBSecurityGroup6FBF16F1-1XGGZRPK0REHQ"
SERVICE_SG = f"sg::{VPC}::CdkStack-MyFargateServiceSecurityGroup7016792A-FXWG4MFWT4IB"


def subnet(kind: str, number: int) -> str:
    return f"{VPC}/{kind}Subnet{number}"


def create_resources(config):
    region = config.get("region") or "us-east-1"
    zones = {1: f"{region}a", 2: f"{region}b"}
    private = [f"{VPC}::{subnet('Private', n)}" for n in zones]
    target_group_arn = lambda ctx: ctx.get_id("ElasticLoadBalancingV2::TargetGroup", TARGET_GROUP)  # noqa: E731

    network = [
        {"type": "Vpc", "group": "EC2", "name": VPC, "properties": {"CidrBlock": "10.0.0.0/16", "DnsHostnames": True}},
        # the VPC's /16 in four /18s: public 0 and 1, private 2 and 3
        *[
            {
                "type": "Subnet",
                "group": "EC2",
                "name": subnet(kind, n),
                "properties": {
                    "AvailabilityZone": zone,
                    "NewBits": 2,
                    "NetworkNumber": n - 1 + (0 if kind == "Public" else 2),
                    **({"MapPublicIpOnLaunch": True} if kind == "Public" else {}),
                },
                "dependencies": {"vpc": VPC},
            }
            for kind in ("Public", "Private")
            for n, zone in zones.items()
        ],
        *[
            item
            for kind in ("Public", "Private")
            for n in zones
            for item in (
                {"type": "RouteTable", "group": "EC2", "name": subnet(kind, n), "dependencies": {"vpc": VPC}},
                {
                    "type": "RouteTableAssociation",
                    "group": "EC2",
                    "dependencies": {"routeTable": f"{VPC}::{subnet(kind, n)}", "subnet": f"{VPC}::{subnet(kind, n)}"},
                },
            )
        ],
        {"type": "InternetGateway", "group": "EC2", "name": VPC},
        {"type": "InternetGatewayAttachment", "group": "EC2", "dependencies": {"vpc": VPC, "internetGateway": VPC}},
        *[
            item
            for n in zones
            for item in (
                # the public subnets go to the internet gateway
                {
                    "type": "Route",
                    "group": "EC2",
                    "properties": {"DestinationCidrBlock": "0.0.0.0/0"},
                    "dependencies": {"ig": VPC, "routeTable": f"{VPC}::{subnet('Public', n)}"},
                },
                # a NAT gateway with its own address in each public subnet, for its private twin
                {"type": "ElasticIpAddress", "group": "EC2", "name": subnet("Public", n)},
                {
                    "type": "NatGateway",
                    "group": "EC2",
                    "name": subnet("Public", n),
                    "dependencies": {"subnet": f"{VPC}::{subnet('Public', n)}", "eip": subnet("Public", n)},
                },
                {
                    "type": "Route",
                    "group": "EC2",
                    "properties": {"DestinationCidrBlock": "0.0.0.0/0"},
                    "dependencies": {"natGateway": subnet("Public", n), "routeTable": f"{VPC}::{subnet('Private', n)}"},
                },
            )
        ],
        {
            "type": "SecurityGroup",
            "group": "EC2",
            "properties": {
                "GroupName": "CdkStack-MyFargateServiceLBSecurityGroup6FBF16F1-1XGGZRPK0REHQ",
                "Description": "Automatically created Security Group for ELB CdkStackMyFargateServiceLBE7D87832",
            },
            "dependencies": {"vpc": VPC},
        },
        {
            "type": "SecurityGroup",
            "group": "EC2",
            "properties": {
                "GroupName": "CdkStack-MyFargateServiceSecurityGroup7016792A-FXWG4MFWT4IB",
                "Description": "CdkStack/MyFargateService/Service/SecurityGroup",
            },
            "dependencies": {"vpc": VPC},
        },
        {
            "type": "SecurityGroupRuleIngress",
            "group": "EC2",
            "properties": {
                "FromPort": 80,
                "IpProtocol": "tcp",
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "Allow from anyone on port 80"}],
                "ToPort": 80,
            },
            "dependencies": {"securityGroup": LB_SG},
        },
        {
            "type": "SecurityGroupRuleIngress",
            "group": "EC2",
            "properties": {"FromPort": 80, "IpProtocol": "tcp", "ToPort": 80},
            "dependencies": {"securityGroup": SERVICE_SG, "securityGroupFrom": [LB_SG]},
        },
        {
            "type": "SecurityGroupRuleEgress",
            "group": "EC2",
            "properties": {"FromPort": 80, "IpProtocol": "tcp", "ToPort": 80},
            "dependencies": {"securityGroup": LB_SG, "securityGroupFrom": [SERVICE_SG]},
        },
    ]

    load_balancing = [
        {
            "type": "LoadBalancer",
            "group": "ElasticLoadBalancingV2",
            "properties": {"Name": LOAD_BALANCER, "Scheme": "internal", "Type": "application", "IpAddressType": "ipv4"},
            "dependencies": {"subnets": private, "securityGroups": [LB_SG]},
        },
        {
            "type": "TargetGroup",
            "group": "ElasticLoadBalancingV2",
            "properties": {
                "Name": TARGET_GROUP,
                "HealthCheckPath": "/",
                "HealthCheckPort": "traffic-port",
                "HealthCheckProtocol": "HTTP",
                "Matcher": {"HttpCode": "200"},
                "Port": 80,
                "Protocol": "HTTP",
                "ProtocolVersion": "HTTP1",
                "TargetType": "ip",
            },
            "dependencies": {"vpc": VPC},
        },
        {
            "type": "Listener",
            "group": "ElasticLoadBalancingV2",
            "properties": lambda ctx: {
                "DefaultActions": [
                    {
                        "ForwardConfig": {
                            "TargetGroups": [{"TargetGroupArn": target_group_arn(ctx), "Weight": 1}],
                            "TargetGroupStickinessConfig": {"Enabled": False},
                        },
                        "TargetGroupArn": target_group_arn(ctx),
                        "Type": "forward",
                    }
                ],
                "Port": 80,
                "Protocol": "HTTP",
            },
            "dependencies": {"loadBalancer": LOAD_BALANCER, "targetGroups": [TARGET_GROUP]},
        },
    ]

    ecs_tasks = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    containers = [
        {"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": LOG_GROUP}},
        {"type": "Cluster", "group": "ECS", "properties": {"clusterName": CLUSTER}},
        {
            "type": "TaskDefinition",
            "group": "ECS",
            "properties": {
                "family": TASK_DEFINITION,
                "containerDefinitions": [
                    {
                        "cpu": 0,
                        "essential": True,
                        "image": "nginx",
                        "logConfiguration": {
                            "logDriver": "awslogs",
                            "options": {
                                "awslogs-group": LOG_GROUP,
                                "awslogs-region": region,
                                "awslogs-stream-prefix": "MyFargateService",
                            },
                        },
                        "name": "web",
                        "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
                    }
                ],
                "cpu": "512",
                "memory": "2048",
                "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"],
            },
            "dependencies": {"taskRole": TASK_ROLE, "executionRole": EXECUTION_ROLE},
        },
        {
            "type": "Service",
            "group": "ECS",
            "properties": lambda ctx: {
                "serviceName": "CdkStack-MyFargateServiceF490C034-lTQybhmxxdlq",
                "desiredCount": 1,
                "launchType": "FARGATE",
                "loadBalancers": [{"containerName": "web", "containerPort": 80, "targetGroupArn": target_group_arn(ctx)}],
                "networkConfiguration": {"awsvpcConfiguration": {"assignPublicIp": "DISABLED"}},
                "platformVersion": "LATEST",
                "schedulingStrategy": "REPLICA",
            },
            "dependencies": {
                "cluster": CLUSTER,
                "taskDefinition": TASK_DEFINITION,
                "subnets": private,
                "securityGroups": [SERVICE_SG],
                "targetGroups": [TARGET_GROUP],
            },
        },
        {
            # what the tasks need to start: pull the image, write their logs
            "type": "Policy",
            "group": "IAM",
            "properties": {
                "PolicyName": EXECUTION_POLICY,
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                            "Resource": "arn:aws:ecr:*:*:repository/*",
                            "Effect": "Allow",
                        },
                        {"Action": "ecr:GetAuthorizationToken", "Resource": "*", "Effect": "Allow"},
                        {
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": f"arn:aws:logs:*:*:log-group:{LOG_GROUP}:*",
                            "Effect": "Allow",
                        },
                    ],
                },
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {"RoleName": EXECUTION_ROLE, "AssumeRolePolicyDocument": ecs_tasks},
            "dependencies": {"policies": [EXECUTION_POLICY]},
        },
        {"type": "Role", "group": "IAM", "properties": {"RoleName": TASK_ROLE, "AssumeRolePolicyDocument": ecs_tasks}},
    ]

    api = [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "Description": "Integration between apigw and Application Load-Balanced Fargate Service"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"StageName": "$default", "AutoDeploy": True},
            "dependencies": {"api": API},
        },
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": VPC_LINK}, "dependencies": {"subnets": private}},
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "VPC_LINK",
                "Description": "API Integration with AWS Fargate Service",
                "IntegrationMethod": "GET",
                "IntegrationType": "HTTP_PROXY",
                "PayloadFormatVersion": "1.0",
            },
            "dependencies": {"api": API, "listener": LISTENER, "vpcLink": VPC_LINK},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "GET /"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{LISTENER}"},
        },
    ]
    return network + load_balancing + containers + api
