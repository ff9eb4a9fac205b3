"""The trap users most report: an API whose Lambda integration deploys fine and answers 500,
because nothing lets API Gateway invoke the function. A plan says so, per integration, when the
function has no statement for apigateway.amazonaws.com, neither declared nor live."""

from __future__ import annotations

from grucloud.engine.diff import Action
from grucloud.engine.inventory import Inventory
from grucloud.engine.plan import Plan
from grucloud.program.context import Context
from grucloud.program.loader import Project

PRINCIPAL = "apigateway.amazonaws.com"


def _allows_api_gateway(permissions) -> bool:
    return any(isinstance(p, dict) and p.get("Principal") == PRINCIPAL for p in permissions or [])


def _declared_allowed(project: Project) -> set[str]:
    allowed = set()
    ctx = Context(project.config, project.directory)  # ids of others stay unknown: only principals matter
    for declaration in project.declarations:
        if declaration.spec.key != "Lambda::Permission":
            continue
        try:
            permissions = declaration.evaluate(ctx).get("Permissions")
        except Exception:  # noqa: BLE001 - a properties function needing live values: assume it allows
            permissions = [{"Principal": PRINCIPAL}]
        if _allows_api_gateway(permissions):
            allowed.add(declaration.dependencies.get("lambdaFunction"))
    return allowed


def missing(project: Project, inventory: Inventory, plan: Plan | None = None) -> list[str]:
    """One warning per Lambda integration whose function API Gateway may not invoke: none
    declared, and none live that stays (a statement added by hand to a function of ours is
    deleted by the plan, as everything of ours that resources.py does not declare)."""
    allowed = _declared_allowed(project)
    deleted = {c.key for c in plan.changes if c.action is Action.DELETE} if plan else set()
    allowed |= {r.live.get("FunctionName") for r in inventory.resources
                if r.spec.key == "Lambda::Permission" and r.key not in deleted
                and _allows_api_gateway(r.live.get("Permissions"))}
    warnings = []
    for declaration in project.declarations:
        function = declaration.dependencies.get("lambdaFunction")
        if declaration.spec.key != "ApiGatewayV2::Integration" or not isinstance(function, str) or function in allowed:
            continue
        api = declaration.dependencies.get("api")
        warnings.append(
            f"ApiGatewayV2::Integration {declaration.name} calls Lambda::Function {function}, which API Gateway may not "
            f"invoke (no permission for {PRINCIPAL}, declared or live): the API will answer 500. Add to resources.py:\n"
            + _permission(function, api)
        )
    return warnings


def _permission(function: str, api: str | None) -> str:
    source = f"f\"{{ctx.get_id('ApiGatewayV2::Api', '{api}', 'ArnV2')}}/*/*\""
    return f'''    {{
        "type": "Permission",
        "group": "Lambda",
        "properties": lambda ctx: {{
            "Permissions": [
                {{
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": "{function}",
                    "Principal": "{PRINCIPAL}",
                    "SourceArn": {source},
                    "StatementId": "allow-{api}-invoke",
                }}
            ]
        }},
        "dependencies": {{"lambdaFunction": "{function}", "apiGatewayV2Apis": ["{api}"]}},
    }},'''
