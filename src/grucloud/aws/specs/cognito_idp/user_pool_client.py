"""CognitoIdentityServiceProvider::UserPoolClient: an app allowed to sign users in; its ClientId
is the audience of a JWT authorizer."""

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec


def _read_more(target, item):
    client = target.client("cognito-idp")
    return call(client, "DescribeUserPoolClient", UserPoolId=item["UserPoolId"], ClientId=item["ClientId"])["UserPoolClient"]


def _add_computed(target, live):
    # AWS returns the secret it generated, never the GenerateSecret flag that asked for it
    return {**live, "GenerateSecret": "ClientSecret" in live}


SPEC = ResourceSpec(
    group="CognitoIdentityServiceProvider",
    type="UserPoolClient",
    service="cognito-idp",
    listing=Listing("ListUserPoolClients", "UserPoolClients", params={"MaxResults": 60}, parent_params={"UserPoolId": "Id"}),
    identity={"UserPoolId": "UserPoolId", "ClientId": "ClientId"},
    name_path="ClientName",
    create="CreateUserPoolClient",
    created_key="UserPoolClient",
    update="UpdateUserPoolClient",
    delete="DeleteUserPoolClient",
    dependencies={
        "userPool": Dependency("CognitoIdentityServiceProvider::UserPool", fills="UserPoolId", value="Id", parent=True),
    },
    defaults={"GenerateSecret": False},
    read_more=_read_more,
    add_computed=_add_computed,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"ClientSecret", "GenerateSecret"})
