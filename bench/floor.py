"""The floor: a plain boto3 script that makes the fewest calls for the benchmark stack.

    python -m bench.floor {apply,plan,destroy} --stack http-lambda|scaled --n N --code DIR

apply creates each resource once, in dependency order, 10 at a time; plan lists each type once
(children once per parent: a function's permissions are its GetPolicy) and exits 2 if anything
declared is missing, 0 otherwise; destroy lists the same way and deletes each resource once,
dependents first, 10 at a time. It keeps no state and checks nothing else: what any tool must
at least do.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from botocore.config import Config

from bench import stacks

THREADS = 10
REGION = "us-east-1"


class Floor:
    def __init__(self, stack: stacks.Stack, code: Path):
        self.stack, self.code = stack, code
        config = Config(max_pool_connections=THREADS)
        self.apigw = boto3.client("apigatewayv2", region_name=REGION, config=config)
        self.lambda_ = boto3.client("lambda", region_name=REGION, config=config)
        self.iam = boto3.client("iam", region_name=REGION, config=config)
        self.logs = boto3.client("logs", region_name=REGION, config=config)
        self.account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]

    # --- apply -----------------------------------------------------------------------------

    def apply(self) -> int:
        s = self.stack
        with ThreadPoolExecutor(THREADS) as pool:
            policy = pool.submit(self.iam.create_policy, PolicyName=s.policy, Path="/", Description=s.policy_description,
                                 PolicyDocument=json.dumps(stacks.POLICY))
            log_group = pool.submit(self.logs.create_log_group, logGroupName=s.log_group)
            api = pool.submit(self.apigw.create_api, Name=s.api, ProtocolType="HTTP", Tags=s.tags)
            role = pool.submit(self.iam.create_role, RoleName=s.role, AssumeRolePolicyDocument=json.dumps(stacks.ASSUME_ROLE))
            role_arn = role.result()["Role"]["Arn"]
            attach = pool.submit(self.iam.attach_role_policy, RoleName=s.role, PolicyArn=policy.result()["Policy"]["Arn"])
            api_id = api.result()["ApiId"]
            log_group.result()
            arn = f"arn:aws:logs:{REGION}:{self.account}:log-group:{s.log_group}"
            stage = pool.submit(self.apigw.create_stage, ApiId=api_id, StageName=s.stage, AutoDeploy=True, Tags=s.tags,
                                AccessLogSettings={"DestinationArn": arn, "Format": stacks.ACCESS_LOG_FORMAT})
            chains = [pool.submit(self._function_chain, f, role_arn, api_id) for f in s.functions]
            for future in [attach, stage, *chains]:
                future.result()
        return 0

    def _function_chain(self, function: str, role_arn: str, api_id: str) -> None:
        """One function and what hangs off it, each created once, in order."""
        created = self.lambda_.create_function(
            FunctionName=function, Role=role_arn, Handler=f"{function}.handler", Runtime=stacks.RUNTIME,
            Code={"ZipFile": (self.code / f"{function}.zip").read_bytes()})
        integration = self.apigw.create_integration(
            ApiId=api_id, ConnectionType="INTERNET", IntegrationType="AWS_PROXY", IntegrationMethod="POST",
            IntegrationUri=created["FunctionArn"], PayloadFormatVersion="2.0")
        self.apigw.create_route(ApiId=api_id, RouteKey=self.stack.route_key(function),
                                Target=f"integrations/{integration['IntegrationId']}")
        self.lambda_.add_permission(
            FunctionName=function, StatementId=self.stack.statement_id, Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=f"arn:aws:execute-api:{REGION}:{self.account}:{api_id}/*/*/{function}")

    # --- discovery -------------------------------------------------------------------------

    def discover(self) -> dict:
        """Each type listed once; children once per parent."""
        s = self.stack
        with ThreadPoolExecutor(THREADS) as pool:
            apis = pool.submit(lambda: [a for a in self.apigw.get_apis()["Items"] if a["Name"] == s.api])
            functions = pool.submit(self._functions)
            roles = pool.submit(lambda: [r for r in self._all(self.iam, "list_roles", "Roles") if r["RoleName"] == s.role])
            policies = pool.submit(lambda: [p for p in self._all(self.iam, "list_policies", "Policies", Scope="Local") if p["PolicyName"] == s.policy])
            groups = pool.submit(lambda: self.logs.describe_log_groups(logGroupNamePrefix=s.log_group)["logGroups"])
            api = next(iter(apis.result()), None)
            children = {}
            if api:
                for kind in ("stages", "integrations", "routes"):
                    method = getattr(self.apigw, f"get_{kind}")
                    children[kind] = pool.submit(lambda m=method: m(ApiId=api["ApiId"])["Items"])
            found = functions.result()
            policies_of = dict(zip(found, pool.map(self._policy, found)))
            return {
                "api": api, "functions": found, "permissions": policies_of, "roles": roles.result(),
                "policies": policies.result(), "log_groups": groups.result(),
                **{kind: future.result() for kind, future in children.items()},
            }

    def _functions(self) -> dict:
        wanted = set(self.stack.functions)
        return {f["FunctionName"]: f for f in self._all(self.lambda_, "list_functions", "Functions") if f["FunctionName"] in wanted}

    def _policy(self, function: str) -> list:
        try:
            return json.loads(self.lambda_.get_policy(FunctionName=function)["Policy"])["Statement"]
        except self.lambda_.exceptions.ResourceNotFoundException:
            return []

    @staticmethod
    def _all(client, method: str, key: str, **params) -> list:
        return [item for page in client.get_paginator(method).paginate(**params) for item in page[key]]

    # --- plan ------------------------------------------------------------------------------

    def plan(self) -> int:
        live = self.discover()
        missing = self._missing(live)
        for what in missing:
            print(f"+ {what}")
        print(f"{len(missing)} to create" if missing else "No changes.")
        return 2 if missing else 0

    def _missing(self, live: dict) -> list[str]:
        s = self.stack
        missing = [what for what, found in (("api", live["api"]), ("role", live["roles"]), ("policy", live["policies"]),
                                            ("log group", live["log_groups"])) if not found]
        if not any(st["StageName"] == s.stage for st in live.get("stages", [])):
            missing.append("stage")
        uris = {i["IntegrationUri"]: i["IntegrationId"] for i in live.get("integrations", [])}
        routes = {r["RouteKey"]: r.get("Target") for r in live.get("routes", [])}
        for function in s.functions:
            config = live["functions"].get(function)
            if config is None or config["Runtime"] != stacks.RUNTIME or config["Handler"] != f"{function}.handler":
                missing.append(f"function {function}")
                continue
            integration = uris.get(config["FunctionArn"])
            if integration is None:
                missing.append(f"integration {function}")
            if routes.get(s.route_key(function)) != f"integrations/{integration}":
                missing.append(f"route {function}")
            if not any(st.get("Sid") == s.statement_id for st in live["permissions"][function]):
                missing.append(f"permission {function}")
        return missing

    # --- destroy ---------------------------------------------------------------------------

    def destroy(self) -> int:
        live = self.discover()
        api = live["api"]
        with ThreadPoolExecutor(THREADS) as pool:
            by_function = {i["IntegrationUri"]: i for i in live.get("integrations", [])}
            routes = {r.get("Target"): r for r in live.get("routes", [])}
            chains = [pool.submit(self._delete_chain, api, by_function.get(config["FunctionArn"]), routes, function, live)
                      for function, config in live["functions"].items()]
            for future in chains:
                future.result()
            if api:
                for stage in live.get("stages", []):
                    self.apigw.delete_stage(ApiId=api["ApiId"], StageName=stage["StageName"])
                pool.submit(self.apigw.delete_api, ApiId=api["ApiId"])
            for role in live["roles"]:
                for policy in live["policies"]:
                    self.iam.detach_role_policy(RoleName=role["RoleName"], PolicyArn=policy["Arn"])
                pool.submit(self.iam.delete_role, RoleName=role["RoleName"])
            for policy in live["policies"]:
                pool.submit(self.iam.delete_policy, PolicyArn=policy["Arn"])
            for group in live["log_groups"]:
                pool.submit(self.logs.delete_log_group, logGroupName=group["logGroupName"])
        return 0

    def _delete_chain(self, api, integration, routes, function: str, live) -> None:
        if integration is not None:
            route = routes.get(f"integrations/{integration['IntegrationId']}")
            if route is not None:
                self.apigw.delete_route(ApiId=api["ApiId"], RouteId=route["RouteId"])
            self.apigw.delete_integration(ApiId=api["ApiId"], IntegrationId=integration["IntegrationId"])
        for statement in live["permissions"][function]:
            self.lambda_.remove_permission(FunctionName=function, StatementId=statement["Sid"])
        self.lambda_.delete_function(FunctionName=function)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phase", choices=("apply", "plan", "destroy"))
    parser.add_argument("--stack", choices=("http-lambda", "scaled"), required=True)
    parser.add_argument("--n", type=int, default=1)
    parser.add_argument("--code", type=Path, required=True, help="folder of <function>.zip")
    args = parser.parse_args()
    stack = stacks.http_lambda() if args.stack == "http-lambda" else stacks.scaled(args.n)
    return getattr(Floor(stack, args.code), args.phase)()


if __name__ == "__main__":
    sys.exit(main())
