"""What an API's children (integrations, routes, stages, deployments, authorizers) share."""

from grucloud.aws.spec import Dependency, Listing

# a child is listed under its API, and deleted with it
API_PARENT = Dependency("ApiGatewayV2::Api", fills="ApiId", value="ApiId", parent=True)


def api_child_listing(operation: str, api_tags: bool = True, **more) -> Listing:
    """`operation` once per API. Each child carries its API's id and name and, with `api_tags`,
    its tags (shown by `gc list` for children that have none of their own)."""
    fields = {"ApiName": "Name", "Tags": "Tags"} if api_tags else {"ApiName": "Name"}
    return Listing(operation, "Items", parent_params={"ApiId": "ApiId"}, parent_fields=fields, **more)
