"""ApiGatewayV2::ApiMapping: serves a stage of an API under a custom domain (and a path).

Named apimapping::<domain>::<stage>. The stage says which API: its ApiId is filled from it.
"""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec

STAGE = "ApiGatewayV2::Stage"


def _prepare_desired(desired, ctx) -> None:
    stage = ctx.dependencies.get("stage")
    if stage and "ApiId" not in desired:
        desired["ApiId"] = ctx.get_id(STAGE, stage, "ApiId")


def _rules(properties, context):
    """The stage must belong to the API this mapping maps to the domain (when both are named;
    otherwise the API is the stage's)."""
    if not context.dependencies.get("api"):
        return
    stage_api = context.dependency_property("stage", "ApiId")
    api = properties.get("ApiId")
    if stage_api is not None and api is not None and stage_api != api:
        yield "dependencies.stage", (
            f"stage {context.dependencies.get('stage')!r} belongs to {stage_api}, not to {api}, the API this mapping "
            "maps to the domain: name a stage of that API, or map the stage's API"
        )


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="ApiMapping",
    service="apigatewayv2",
    listing=Listing("GetApiMappings", "Items", parent_params={"DomainName": "DomainName"}),
    identity={"ApiMappingId": "ApiMappingId", "DomainName": "DomainName"},
    infer_name=lambda properties, deps: f"apimapping::{deps.get('domainName')}::{deps.get('stage')}",
    create="CreateApiMapping",
    update="UpdateApiMapping",
    delete="DeleteApiMapping",
    dependencies={
        "domainName": Dependency("ApiGatewayV2::DomainName", fills="DomainName", value="DomainName", parent=True),
        # a stage name is unique only within its API: recognised by both
        "stage": Dependency(
            STAGE, fills="Stage", value="StageName",
            match=lambda mapping, stage: (mapping.get("ApiId"), mapping.get("Stage")) == (stage.get("ApiId"), stage.get("StageName")),
        ),
        "api": Dependency("ApiGatewayV2::Api", fills="ApiId", value="ApiId"),
    },
    defaults={"ApiMappingKey": ""},
    prepare_desired=_prepare_desired,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()
