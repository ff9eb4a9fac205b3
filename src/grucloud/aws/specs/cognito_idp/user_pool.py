"""CognitoIdentityServiceProvider::UserPool: users and sign-in, the issuer of JWT authorizers.

ListUserPools gives summaries only, so each pool is described once per listing; its tags come
with the description (UserPoolTags). UpdateUserPool resets what it is not sent, so an update
sends every declared property, not only the changed ones.
"""

from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging


def _read_more(target, item):
    return call(target.client("cognito-idp"), "DescribeUserPool", UserPoolId=item["Id"])["UserPool"]


def _add_computed(target, live):
    # PoolName at create, Name when described; ProviderName is the JWT issuer without https://
    provider = f"cognito-idp.{target.region_name}.amazonaws.com/{live['Id']}"
    return {**live, "PoolName": live.get("PoolName", live.get("Name")), "ProviderName": provider}


SPEC = ResourceSpec(
    group="CognitoIdentityServiceProvider",
    type="UserPool",
    service="cognito-idp",
    listing=Listing("ListUserPools", "UserPools", params={"MaxResults": 60}),
    identity={"UserPoolId": "Id"},
    name_path="PoolName",
    create="CreateUserPool",
    created_key="UserPool",
    update="UpdateUserPool",
    delete="DeleteUserPool",
    tagging=Tagging(member="UserPoolTags", tag_operation="TagResource", untag_operation="UntagResource", arn=lambda t, live: live["Arn"],
                    bulk_type="cognito-idp:userpool"),
    read_more=_read_more,
    add_computed=_add_computed,
    # Cognito's own messages and settings for a pool that declares none
    aws_fills={
        "SmsVerificationMessage": None, "EmailVerificationMessage": None, "EmailVerificationSubject": None,
        "VerificationMessageTemplate": None, "MfaConfiguration": ("OFF",), "EmailConfiguration": None,
        "AdminCreateUserConfig": None, "SmsAuthenticationMessage": None, "UserPoolTier": ("ESSENTIALS",),
        "DeletionProtection": ("INACTIVE",), "AccountRecoverySetting": None, "Policies": None,
        "UsernameConfiguration": None, "Schema": None,
    },
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"AliasAttributes", "Schema", "UsernameAttributes", "UsernameConfiguration"})
