"""HTTP API → VPC link → private (internal) application load balancer → ECS Fargate service.

Every route (`ANY /{proxy+}`) is proxied, through a VPC link into two private subnets, to the
listener of an internal ALB, which forwards to the nginx tasks of a Fargate service. Mirrors
GruCloud's examples/aws/ApiGatewayV2/apigw-vpclink-pvt-alb (a SAM pattern).
"""

API = "serverlessland-pvt-endpoint"
VPC = "vpclink-ex-vpc"
VPC_LINK = "APIGWVpcLinkToPrivateHTTPEndpoint"
LOAD_BALANCER = "sam-a-LoadB-EC9ZTKNG2RSH"
TARGET_GROUP = "sam-a-LoadB-29TIQLVPQQY9"
LISTENER = f"listener::{LOAD_BALANCER}::HTTP::80"
CLUSTER = "sam-app-ECSFargateCluster-iqHkBgW4h6Go"
TASK_DEFINITION = "sam-app-ECSServiceTaskDefinition-7P836RFsrg3O"
EXECUTION_ROLE = "sam-app-ECSTaskExecutionRole-PMX4OZKH4A2P"
TASK_ROLE = "sam-app-ECSTaskRole-1PCVBVKCZRWS2"
ECS_SG = f"sg::{VPC}::sam-app-ECSSecurityGroup-1FYEJS4ML4TYJ"
LB_SG = f"sg::{VPC}::sam-app-LoadBalancerSG-10GJVKU6RNTZ4"


def create_resources(config):
    region = config.get("region") or "us-east-1"
    # (name, availability zone, network number of the VPC's /16 split in /20s)
    private = [(f"vpclink-ex-subnet-private1-{region}a", f"{region}a", 8), (f"vpclink-ex-subnet-private2-{region}b", f"{region}b", 9)]
    subnets = [f"{VPC}::{name}" for name, _, _ in private]
    route_tables = [f"vpclink-ex-rtb-private1-{region}a", f"vpclink-ex-rtb-private2-{region}b"]
    target_group_arn = lambda ctx: ctx.get_id("ElasticLoadBalancingV2::TargetGroup", TARGET_GROUP)  # noqa: E731

    network = [
        {"type": "Vpc", "group": "EC2", "name": VPC, "properties": {"CidrBlock": "10.0.0.0/16"}},
        *[
            {
                "type": "Subnet",
                "group": "EC2",
                "name": name,
                "properties": {"AvailabilityZone": zone, "NewBits": 4, "NetworkNumber": number},
                "dependencies": {"vpc": VPC},
            }
            for name, zone, number in private
        ],
        *[{"type": "RouteTable", "group": "EC2", "name": name, "dependencies": {"vpc": VPC}} for name in route_tables],
        *[
            {
                "type": "RouteTableAssociation",
                "group": "EC2",
                "dependencies": {"routeTable": f"{VPC}::{table}", "subnet": subnet},
            }
            for table, subnet in zip(route_tables, subnets)
        ],
        {
            "type": "SecurityGroup",
            "group": "EC2",
            "properties": {"GroupName": "sam-app-ECSSecurityGroup-1FYEJS4ML4TYJ", "Description": "ECS Security Group"},
            "dependencies": {"vpc": VPC},
        },
        {
            "type": "SecurityGroup",
            "group": "EC2",
            "properties": {"GroupName": "sam-app-LoadBalancerSG-10GJVKU6RNTZ4", "Description": "LoadBalancer Security Group"},
            "dependencies": {"vpc": VPC},
        },
        {
            # the tasks take port 80 from the load balancer only
            "type": "SecurityGroupRuleIngress",
            "group": "EC2",
            "properties": {"FromPort": 80, "IpProtocol": "tcp", "ToPort": 80},
            "dependencies": {"securityGroup": ECS_SG, "securityGroupFrom": [LB_SG]},
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
            "type": "SecurityGroupRuleEgress",
            "group": "EC2",
            "properties": {"FromPort": 80, "IpProtocol": "tcp", "ToPort": 80},
            "dependencies": {"securityGroup": LB_SG, "securityGroupFrom": [ECS_SG]},
        },
    ]

    load_balancing = [
        {
            "type": "LoadBalancer",
            "group": "ElasticLoadBalancingV2",
            "properties": {"Name": LOAD_BALANCER, "Scheme": "internal", "Type": "application", "IpAddressType": "ipv4"},
            "dependencies": {"subnets": subnets, "securityGroups": [LB_SG]},
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

    containers = [
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
                        "name": "web",
                        "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
                    }
                ],
                "cpu": "512",
                "memory": "1024",
                "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"],
            },
            "dependencies": {"taskRole": TASK_ROLE, "executionRole": EXECUTION_ROLE},
        },
        {
            "type": "Service",
            "group": "ECS",
            "properties": lambda ctx: {
                "serviceName": "sam-app-ECSService-dVx4w3SfxVcU",
                "desiredCount": 2,
                "launchType": "FARGATE",
                "loadBalancers": [{"containerName": "web", "containerPort": 80, "targetGroupArn": target_group_arn(ctx)}],
                "networkConfiguration": {"awsvpcConfiguration": {"assignPublicIp": "DISABLED"}},
                "platformVersion": "LATEST",
                "schedulingStrategy": "REPLICA",
            },
            "dependencies": {
                "cluster": CLUSTER,
                "taskDefinition": TASK_DEFINITION,
                "subnets": subnets,
                "securityGroups": [ECS_SG],
                "targetGroups": [TARGET_GROUP],
            },
        },
        *[
            {
                "type": "Role",
                "group": "IAM",
                "properties": {
                    "RoleName": role,
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}
                        ],
                    },
                },
            }
            for role in (EXECUTION_ROLE, TASK_ROLE)
        ],
    ]

    api = [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": API}},
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"StageName": "$default", "AutoDeploy": True},
            "dependencies": {"api": API},
        },
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": VPC_LINK}, "dependencies": {"subnets": subnets}},
        {
            # the listener fills IntegrationUri, the VPC link ConnectionId
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "VPC_LINK",
                "IntegrationMethod": "ANY",
                "IntegrationType": "HTTP_PROXY",
                "PayloadFormatVersion": "1.0",
            },
            "dependencies": {"api": API, "listener": LISTENER, "vpcLink": VPC_LINK},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "ANY /{proxy+}"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{LISTENER}"},
        },
    ]
    return network + load_balancing + containers + api
