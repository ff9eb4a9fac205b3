"""The Resource Groups Tagging API reports, as AWS does and with AWS's ARNs, the types moto
leaves out (moto indexes only the backends that list their resources for it): EC2 elastic IPs,
Cognito user pools, API Gateway domain names and VPC links, EventBridge rules. A plan asks that
API which types hold anything of its own, and lists only those (engine/scope.py); its answer
carries TAGGING_API_MARK, so that gc tells its emulator from one without these additions."""

from __future__ import annotations

from collections.abc import Iterator

from moto.core.base_backend import BackendDict
from moto.core.resource_tagging import TaggableResourcesMixin, TaggedResource
from moto.resourcegroupstaggingapi import models as tagging_models
from moto.resourcegroupstaggingapi.responses import ResourceGroupsTaggingAPIResponse

from grucloud.local import TAGGING_API_MARK
from grucloud.local.moto_extensions.patching import wrap


def _made(service: str, account_id: str, region: str):
    """The region's backend of `service` if it was ever used; found as moto finds its own, so
    that no service's models are imported for it (EC2's take a second)."""
    for backends in list(BackendDict._instances):
        if backends.service_name == service and account_id in backends and region in backends[account_id].keys():
            return backends[account_id][region]  # keys(): `in` alone would make one
    return None


class _LeftOut(TaggableResourcesMixin):
    """What moto's index lacks, in one account and region. It owns no ARN: TagResources on
    these types is not extended."""

    SERVICE_NAMESPACE = "gc"

    def __init__(self, account_id: str, region: str):
        self.account_id, self.region = account_id, region

    def owns_arn(self, arn: str) -> bool:
        return False

    def iter_tagged_resources(self) -> Iterator[TaggedResource]:
        where = f"{self.region}:{self.account_id}"
        if ec2 := _made("ec2", self.account_id, self.region):
            for address in ec2.addresses:
                if address.allocation_id:  # an EC2-Classic address has none, and no ARN
                    yield TaggedResource(f"arn:{ec2.partition}:ec2:{where}:elastic-ip/{address.allocation_id}",
                                         dict(ec2.tags.get(address.allocation_id, {})), "ec2:elastic-ip")
        if cognito := _made("cognito-idp", self.account_id, self.region):
            for pool in cognito.user_pools.values():
                yield TaggedResource(pool.arn, dict(pool.extended_config.get("UserPoolTags") or {}), "cognito-idp:userpool")
        if apigw := _made("apigatewayv2", self.account_id, self.region):
            prefix = f"arn:{apigw.partition}:apigateway:{self.region}::"
            for domain in apigw.domain_names.values():
                yield TaggedResource(f"{prefix}/domainnames/{domain.domain_name}", dict(domain.tags or {}),
                                     "apigateway:domainnames")
            for link in apigw.vpc_links.values():
                yield TaggedResource(link.arn, apigw.get_tags(link.arn), "apigateway:vpclinks")
        if events := _made("events", self.account_id, self.region):
            for bus in events.event_buses.values():
                for rule in bus.rules.values():
                    yield TaggedResource(rule.arn, events.tagger.get_tag_dict_for_resource(rule.arn), "events:rule")


def _with_left_out(original, account_id: str, region_name: str):
    yield from original(account_id, region_name)
    yield _LeftOut(account_id, region_name)


def _marked(original, self: ResourceGroupsTaggingAPIResponse):
    self.response_headers[TAGGING_API_MARK] = "as-aws"
    return original(self)


def install() -> None:
    # the tagging backend calls the name it imported, so that is the one replaced
    original = tagging_models.iter_taggable_backends
    tagging_models.iter_taggable_backends = lambda account_id, region_name: _with_left_out(original, account_id, region_name)
    wrap(ResourceGroupsTaggingAPIResponse, "get_resources", _marked)
