"""ECS::Cluster: where services run. ECS keeps deleted clusters listed as INACTIVE for a while:
those are gone for gc."""

from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec
from grucloud.aws.specs.ecs.common import ecs_tagging


def _read_more(target, item):
    found = call(target.client("ecs"), "DescribeClusters", clusters=[item["clusterArn"]], include=["TAGS", "SETTINGS"])
    clusters = [c for c in found.get("clusters", []) if c.get("status") != "INACTIVE"]
    return clusters[0] if clusters else None


SPEC = ResourceSpec(
    group="ECS",
    type="Cluster",
    service="ecs",
    listing=Listing("ListClusters", "clusterArns", item_key="clusterArn"),
    identity={"cluster": "clusterName"},
    name_path="clusterName",
    create="CreateCluster",
    created_key="cluster",
    update="UpdateCluster",
    delete="DeleteCluster",
    tagging=ecs_tagging("clusterArn", "ecs:cluster"),
    not_found=("ClusterNotFoundException",),
    read_more=_read_more,
    aws_fills={"settings": ([{"name": "containerInsights", "value": "disabled"}],)},  # AWS's own setting
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"capacityProviders", "clusterName", "defaultCapacityProviderStrategy"})
