"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: GET / needs a token of
the user pool with the "email" scope."""

USER_POOL, CLIENT = "UserPool-sam-app", "UserPoolClient-sam-app"  # as in resources.py

USER, PASSWORD = "alice@example.com", "correct-horse-battery"


def on_deployed(ctx):
    api = ctx.http("sam-app::$default")
    anonymous = api.get("/")
    assert anonymous.status == 401, f"GET / without a token: {anonymous}"
    assert anonymous.headers.get("www-authenticate", "").startswith("Bearer"), anonymous.headers
    if not ctx.local:
        return  # on AWS, a token comes from the hosted UI, which a hook cannot drive
    cognito = ctx.aws("cognito-idp")
    pool_id = ctx.get("CognitoIdentityServiceProvider::UserPool", USER_POOL, "Id")
    try:
        cognito.admin_get_user(UserPoolId=pool_id, Username=USER)
    except cognito.exceptions.UserNotFoundException:
        cognito.admin_create_user(UserPoolId=pool_id, Username=USER, MessageAction="SUPPRESS")
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=USER, Password=PASSWORD, Permanent=True)
    tokens = ctx.sign_in(USER_POOL, CLIENT, USER, PASSWORD, scopes=["email", "openid"])
    signed_in = api.get("/", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert signed_in.status == 200, f"GET / with a token: {signed_in}"
    assert signed_in.json()["claims"]["scope"] == "email openid", signed_in
    # the ID token has no scope: the route's AuthorizationScopes refuse it
    refused = api.get("/", headers={"Authorization": tokens["id_token"]})
    assert refused.status == 403, f"GET / with an ID token: {refused}"
