"""ElasticLoadBalancingV2::Listener: a load balancer's port and what it does with requests,
named listener::<loadBalancer>::<Protocol>::<Port>. A VPC link integration sends to its ARN."""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.elbv2.common import elb_tagging, first_created, with_tags

SPEC = ResourceSpec(
    group="ElasticLoadBalancingV2",
    type="Listener",
    service="elbv2",
    deleted_with_parent=True,  # DeleteLoadBalancer removes its listeners (aws-timing-facts §4; API_DeleteLoadBalancer)
    listing=Listing("DescribeListeners", "Listeners", parent_params={"LoadBalancerArn": "LoadBalancerArn"}),
    identity={"ListenerArn": "ListenerArn"},
    infer_name=lambda properties, deps: f"listener::{deps.get('loadBalancer')}::{properties.get('Protocol')}::{properties.get('Port')}",
    create="CreateListener",
    update="ModifyListener",
    delete="DeleteListener",
    dependencies={
        "loadBalancer": Dependency("ElasticLoadBalancingV2::LoadBalancer", fills="LoadBalancerArn", value="LoadBalancerArn", parent=True),
        # DefaultActions name the groups by ARN (ctx.get_id): the dependency orders, fills nothing
        "targetGroups": Dependency(
            "ElasticLoadBalancingV2::TargetGroup", value="TargetGroupArn", many=True,
            found_in=lambda live: [action.get("TargetGroupArn") for action in live.get("DefaultActions", [])],
        ),
    },
    tagging=elb_tagging("ListenerArn"),  # no bulk_type: the emulator's tagging API lacks listeners
    not_found=("ListenerNotFound",),
    read_more=with_tags("ListenerArn"),
    after_create=first_created("Listeners"),
    aws_fills={"SslPolicy": None},  # AWS picks the listener's TLS policy when none is declared
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"LoadBalancerArn"})
