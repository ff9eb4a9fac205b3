"""What an apply or a destroy costs in calls: each resource created once, no read of what the
create answer already says, no read again of what discovery listed."""

from __future__ import annotations

from conftest import apply, plan_of
from grucloud.aws import calls
from grucloud.aws.specs.lambda_ import function
from grucloud.engine.executor import execute


def test_a_new_function_that_is_already_active_is_not_polled(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    calls.reset_counts()
    assert apply(folder, target).result.ok
    creates = {op: n for (service, op), n in calls.CALLS.items() if op.startswith(("Create", "AddPermission"))}
    assert creates == {"CreateApi": 1, "CreateStage": 1, "CreateIntegration": 1, "CreateRoute": 1, "CreateLogGroup": 1,
                       "CreatePolicy": 1, "CreateRole": 1, "CreateFunction": 1, "AddPermission": 1}, creates
    assert calls.CALLS[("lambda", "GetFunction")] == 0


def test_a_function_still_pending_or_updating_is_waited_for():
    assert function._ready({"State": "Active", "LastUpdateStatus": "Successful"})
    assert function._ready({"State": "Active"})
    assert not function._ready({"State": "Pending"})
    assert not function._ready({"State": "Active", "LastUpdateStatus": "InProgress"})


def test_a_destroy_deletes_a_role_with_what_it_was_listed_with_and_reads_nothing_again(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    calls.reset_counts()
    assert apply(folder, target, destroy=True).result.ok
    assert calls.CALLS[("iam", "DetachRolePolicy")] == calls.CALLS[("iam", "DeleteRole")] == 1
    assert calls.CALLS[("iam", "ListInstanceProfilesForRole")] == 0


def test_a_role_given_more_since_it_was_listed_is_still_deleted(target, boto, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    run = plan_of(folder, target, destroy=True)  # the role is listed with its one policy
    iam = boto("iam")
    iam.create_instance_profile(InstanceProfileName="added-later")
    iam.add_role_to_instance_profile(InstanceProfileName="added-later", RoleName="lambda-role")
    iam.put_role_policy(RoleName="lambda-role", PolicyName="added-later", PolicyDocument='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}')
    assert execute(run.plan, run.project, target, parallelism=1).ok
    assert "lambda-role" not in [r["RoleName"] for r in iam.list_roles()["Roles"]]
    assert iam.get_instance_profile(InstanceProfileName="added-later")["InstanceProfile"]["Roles"] == []


def test_a_destroy_deletes_a_detached_policy_with_one_call(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    calls.reset_counts()
    assert apply(folder, target, destroy=True).result.ok
    assert calls.CALLS[("iam", "DeletePolicy")] == 1
    assert calls.CALLS[("iam", "ListEntitiesForPolicy")] == calls.CALLS[("iam", "ListPolicyVersions")] == 0


def test_a_policy_attached_elsewhere_and_with_more_versions_is_still_deleted(target, boto, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    iam = boto("iam")
    policy = next(p for p in iam.list_policies(Scope="Local")["Policies"])
    iam.create_role(RoleName="someone-elses", AssumeRolePolicyDocument='{"Version": "2012-10-17", "Statement": []}')
    iam.attach_role_policy(RoleName="someone-elses", PolicyArn=policy["Arn"])
    iam.create_policy_version(PolicyArn=policy["Arn"], SetAsDefault=False, PolicyDocument=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}'))
    assert apply(folder, target, destroy=True).result.ok  # DeleteConflict: detached, versions deleted, deleted
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert iam.list_attached_role_policies(RoleName="someone-elses")["AttachedPolicies"] == []
