"""The one retry policy: 409 and named eventual-consistency errors are retried with a cap;
anything else fails at once with a message that says which call failed and after how many tries."""

from __future__ import annotations

import types

import boto3
import pytest
from botocore.stub import Stubber

from grucloud.aws import calls
from grucloud.aws.calls import CallFailed, call, is_not_found


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    slept = []
    monkeypatch.setattr(calls, "sleep", slept.append)
    return slept


@pytest.fixture
def apigw():
    client = boto3.client("apigatewayv2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        yield client, stubber


def _conflict(stubber):
    stubber.add_client_error("update_integration", "ConflictException", "Concurrent modification", 409)


def test_conflict_is_retried_with_jittered_backoff_until_it_succeeds(apigw, no_sleep):
    client, stubber = apigw
    _conflict(stubber)
    _conflict(stubber)
    stubber.add_response("update_integration", {"IntegrationId": "abc", "TimeoutInMillis": 1000})
    response = call(client, "UpdateIntegration", ApiId="a", IntegrationId="abc", TimeoutInMillis=1000)
    assert response["IntegrationId"] == "abc"
    assert len(no_sleep) == 2
    assert all(0 <= delay <= calls.MAX_DELAY for delay in no_sleep)


def test_retries_are_capped_and_the_error_says_how_many_tries(apigw, no_sleep):
    client, stubber = apigw
    for _ in range(calls.MAX_ATTEMPTS):
        _conflict(stubber)
    with pytest.raises(CallFailed) as failure:
        call(client, "UpdateIntegration", ApiId="a", IntegrationId="abc")
    message = str(failure.value)
    assert f"apigatewayv2.UpdateIntegration failed after {calls.MAX_ATTEMPTS} tries" in message
    assert "ConflictException: Concurrent modification" in message
    assert len(no_sleep) == calls.MAX_ATTEMPTS - 1


def test_iams_concurrent_modification_is_retried(no_sleep):
    client = boto3.client("iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        stubber.add_client_error("detach_role_policy", "ConcurrentModification", "Rate exceeded", 409)
        stubber.add_response("detach_role_policy", {})
        call(client, "DetachRolePolicy", RoleName="r", PolicyArn="arn:aws:iam::123456789012:policy/p")
    assert len(no_sleep) == 1


def test_already_exists_conflict_is_not_retried(apigw, no_sleep):
    client, stubber = apigw
    stubber.add_client_error("create_api", "ConflictException", "Api already exists", 409)
    with pytest.raises(CallFailed):
        call(client, "CreateApi", Name="a", ProtocolType="HTTP")
    assert no_sleep == []


def test_other_errors_fail_at_once_and_not_found_is_recognised(apigw, no_sleep):
    client, stubber = apigw
    stubber.add_client_error("delete_integration", "NotFoundException", "Invalid Integration identifier", 404)
    with pytest.raises(CallFailed) as failure:
        call(client, "DeleteIntegration", ApiId="a", IntegrationId="gone")
    assert is_not_found(failure.value)
    assert no_sleep == []


def test_a_spec_can_retry_its_eventual_consistency_error(no_sleep):
    client = boto3.client("lambda", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        stubber.add_client_error(
            "create_function", "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.", 400
        )
        stubber.add_response("create_function", {"FunctionName": "f"})
        from grucloud.aws.specs.lambda_.function import SPEC

        response = call(client, "CreateFunction", retry_when=SPEC.retry_when, FunctionName="f", Role="arn:aws:iam::123456789012:role/r", Code={"ZipFile": b"x"})
    assert response["FunctionName"] == "f"
    assert len(no_sleep) == 1


def test_an_eventual_consistency_error_is_asked_again_soon_then_less_often_for_two_minutes(no_sleep):
    from grucloud.aws.specs.lambda_.function import SPEC

    client = boto3.client("lambda", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        for _ in range(300):
            stubber.add_client_error("create_function", "InvalidParameterValueException",
                                     "The role defined for the function cannot be assumed by Lambda.", 400)
        with pytest.raises(CallFailed) as failure:
            call(client, "CreateFunction", retry_when=SPEC.retry_when, FunctionName="f",
                 Role="arn:aws:iam::123456789012:role/r", Code={"ZipFile": b"x"})
    # no backoff: AWS is not busy, it has not caught up yet; asked again within a quarter of a
    # second at first, within EVENTUAL_CAP once it has taken long, for the whole window
    assert no_sleep[0] <= calls.SOON and max(no_sleep) <= calls.EVENTUAL_CAP
    assert calls.EVENTUAL_WINDOW <= sum(no_sleep) <= calls.EVENTUAL_WINDOW + calls.EVENTUAL_CAP
    assert len(no_sleep) < 60  # two minutes, not hundreds of calls
    assert "cannot be assumed by Lambda" in str(failure.value)


def test_a_role_lambda_can_assume_after_three_seconds_is_used_within_a_fifth_of_that(no_sleep):
    """AWS's usual wait for a new role (aws-timing-facts.md §2): the create that succeeds is sent
    soon after, not up to a second later, and without a call every few milliseconds."""
    from botocore.exceptions import ClientError

    from grucloud.aws.specs.lambda_.function import SPEC

    sent = []

    def create_function(**_):
        sent.append(sum(no_sleep))
        if sum(no_sleep) < 3:
            raise ClientError({"Error": {"Code": "InvalidParameterValueException",
                                         "Message": "The role defined for the function cannot be assumed by Lambda."},
                               "ResponseMetadata": {"HTTPStatusCode": 400}}, "CreateFunction")
        return {"FunctionName": "f", "ResponseMetadata": {}}

    lambda_ = types.SimpleNamespace(create_function=create_function, meta=types.SimpleNamespace(
        service_model=types.SimpleNamespace(service_name="lambda"), config=types.SimpleNamespace(retries={"total_max_attempts": 1})))
    assert call(lambda_, "CreateFunction", retry_when=SPEC.retry_when, FunctionName="f")["FunctionName"] == "f"
    assert 3 <= sent[-1] <= 3 * 1.2
    assert len(sent) <= 15


def test_a_function_that_exists_already_is_not_asked_again_as_if_aws_had_not_caught_up(no_sleep):
    # the same code as a function Pending or being updated, which is retried
    from grucloud.aws.specs.lambda_.function import SPEC

    client = boto3.client("lambda", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        stubber.add_client_error("create_function", "ResourceConflictException", "Function already exist: f", 409)
        with pytest.raises(CallFailed) as failure:
            call(client, "CreateFunction", retry_when=SPEC.retry_when, FunctionName="f",
                 Role="arn:aws:iam::123456789012:role/r", Code={"ZipFile": b"x"})
    assert failure.value.already_exists
    assert no_sleep == []
