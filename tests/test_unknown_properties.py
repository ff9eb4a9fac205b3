"""Every type refuses a property it does not know, before any AWS call: a spec that builds its
request itself would otherwise drop it silently (a Lambda::Permission declared with
AddPermission's flat members was accepted, added nothing, and was planned again forever)."""

from __future__ import annotations

import pytest

from grucloud.aws.specs import REGISTRY
from test_bad_input import FUNCTION, ROLE, problem, resources_py

MADE = [s for s in REGISTRY.values() if not s.read_only]


@pytest.mark.parametrize("spec", MADE, ids=[s.key for s in MADE])
def test_every_type_names_a_property_it_does_not_know(spec, refused):
    error = refused(resources_py(f'{{"type": "{spec.type}", "group": "{spec.group}", "name": "x", "properties": {{"Bogus": "1"}}}}'))
    problem(error, spec.key, "Bogus", "is not a known property")


def test_a_permission_with_add_permissions_flat_members_is_refused_with_the_fix(refused):
    flat = ('{"type": "Permission", "group": "Lambda", "properties": {"Action": "lambda:InvokeFunction", '
            '"FunctionName": "my-function", "Principal": "apigateway.amazonaws.com", "StatementId": "s1", '
            '"SourceArn": "arn:aws:execute-api:us-east-1:123456789012:abc/*"}, "dependencies": {"lambdaFunction": "my-function"}}')
    error = refused(resources_py(ROLE, FUNCTION, flat))
    line = problem(error, "Lambda::Permission", "Principal", "belongs in a statement")
    assert '"Permissions": [{' in line and '"lambdaFunction"' in line


def test_a_permission_without_statements_is_refused(refused):
    error = refused(resources_py(ROLE, FUNCTION, '{"type": "Permission", "group": "Lambda", "properties": {}, "dependencies": {"lambdaFunction": "my-function"}}'))
    problem(error, "Lambda::Permission", "Permissions", "is required")
