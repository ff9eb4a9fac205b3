"""diff(): only declared paths, tags normalized, unordered lists, Unknown, and the action it maps to."""

from __future__ import annotations

import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from grucloud.aws.spec import Listing, ResourceSpec, get_path, set_path
from grucloud.aws.specs import REGISTRY
from grucloud.engine.diff import Action, PathChange, action_for, diff
from grucloud.unknown import Unknown

API = REGISTRY["ApiGatewayV2::Api"]
INTEGRATION = REGISTRY["ApiGatewayV2::Integration"]
ROLE = REGISTRY["IAM::Role"]
FUNCTION = REGISTRY["Lambda::Function"]
LOG_GROUP = REGISTRY["CloudWatchLogs::LogGroup"]
DEPLOYMENT = REGISTRY["ApiGatewayV2::Deployment"]

# A type with no tags, no ignored paths and no unordered lists: diff in its plainest form.
PLAIN = ResourceSpec(
    group="Test",
    type="Plain",
    service="apigatewayv2",
    listing=Listing("GetApis", "Items"),
    identity={"ApiId": "ApiId"},
    create="CreateApi",
    update="UpdateApi",
    delete="DeleteApi",
)


def paths(changes: list[PathChange]) -> list[str]:
    return sorted(c.path for c in changes)


# --- only declared paths ---------------------------------------------------------------------


def test_only_declared_paths_are_compared():
    live = {
        "ApiId": "abc123",
        "Name": "my-api",
        "ProtocolType": "HTTP",
        "ApiEndpoint": "https://abc123.execute-api.us-east-1.amazonaws.com",
        "CreatedDate": "2024-01-01",
        "RouteSelectionExpression": "$request.method $request.path",
        "Tags": {},
    }
    assert diff(API, {"Name": "my-api", "ProtocolType": "HTTP"}, live) == []


def test_nested_declared_paths_only():
    live = {"Configuration": {"FunctionName": "f", "Runtime": "nodejs20.x", "MemorySize": 128, "Timeout": 3}}
    assert diff(FUNCTION, {"Configuration": {"FunctionName": "f", "Runtime": "nodejs20.x"}}, live) == []
    changes = diff(FUNCTION, {"Configuration": {"FunctionName": "f", "Runtime": "nodejs20.x", "Timeout": 30}}, live)
    assert changes == [PathChange("Configuration.Timeout", 3, 30)]


def test_a_declared_path_missing_live_is_a_change():
    assert diff(INTEGRATION, {"Description": "d"}, {"IntegrationId": "i"}) == [PathChange("Description", None, "d")]


def test_empty_dict_declared_and_nothing_live_is_the_same():
    assert diff(INTEGRATION, {"RequestTemplates": {}}, {}) == []
    assert diff(INTEGRATION, {"RequestTemplates": {}}, {"RequestTemplates": None}) == []
    assert diff(INTEGRATION, {"RequestTemplates": {}}, {"RequestTemplates": {"a": "b"}}) == [
        PathChange("RequestTemplates", {"a": "b"}, {})
    ]


def test_ignored_paths_are_never_compared():
    # AWS does not return the stage a deployment was made for
    assert diff(DEPLOYMENT, {"StageName": "prod", "Description": "x"}, {"Description": "x"}) == []


def test_change_reports_old_and_new():
    changes = diff(INTEGRATION, {"TimeoutInMillis": 10000}, {"TimeoutInMillis": 30000})
    assert changes == [PathChange("TimeoutInMillis", 30000, 10000)]


# --- tags --------------------------------------------------------------------------------------


def test_tags_map_form_ignores_aws_tags_and_order():
    want = {"Tags": {"b": "2", "a": "1"}}
    live = {"Tags": {"a": "1", "b": "2", "aws:cloudformation:stack-name": "s"}}
    assert diff(API, want, live) == []


def test_tags_list_form_normalized_across_forms():
    want = {"Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}
    assert diff(ROLE, want, {"Tags": [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]}) == []
    assert diff(ROLE, want, {"Tags": {"a": "1", "b": "2"}}) == []
    assert diff(ROLE, want, {"Tags": [{"Key": "aws:x", "Value": "y"}, {"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}) == []
    # a map declared where AWS keeps a list is the same too
    assert diff(ROLE, {"Tags": {"a": "1", "b": "2"}}, {"Tags": want["Tags"]}) == []


def test_tag_change_is_one_change_on_the_tag_member():
    changes = diff(API, {"Tags": {"a": "1", "b": "3"}}, {"Tags": {"a": "1", "b": "2", "aws:x": "y"}})
    assert changes == [PathChange("Tags", {"a": "1", "b": "2"}, {"a": "1", "b": "3"})]
    # a missing live tag member counts as no tags
    assert paths(diff(API, {"Tags": {"a": "1"}}, {})) == ["Tags"]
    # a log group keeps its tags under "tags"
    assert diff(LOG_GROUP, {"tags": {"k": "v"}}, {"tags": {"k": "v", "aws:x": "1"}}) == []


def test_only_aws_tags_live_equals_no_tags_declared():
    assert diff(API, {"Tags": {}}, {"Tags": {"aws:created": "x"}}) == []


# --- unordered lists -----------------------------------------------------------------------------


def test_unordered_list_compared_as_a_set():
    a = {"PolicyArn": "arn:aws:iam::aws:policy/A", "PolicyName": "A"}
    b = {"PolicyArn": "arn:aws:iam::aws:policy/B", "PolicyName": "B"}
    assert diff(ROLE, {"AttachedPolicies": [a, b]}, {"AttachedPolicies": [b, a]}) == []
    changes = diff(ROLE, {"AttachedPolicies": [a, b]}, {"AttachedPolicies": [b]})
    assert paths(changes) == ["AttachedPolicies"]


def test_ordered_list_order_matters():
    assert paths(diff(PLAIN, {"CorsList": [1, 2]}, {"CorsList": [2, 1]})) == ["CorsList"]


# --- Unknown -----------------------------------------------------------------------------------


def test_unknown_value_counts_as_a_change():
    unknown = Unknown("Lambda::Function f")
    live = {"IntegrationUri": "arn:aws:lambda:us-east-1:123456789012:function:f"}
    assert diff(INTEGRATION, {"IntegrationUri": unknown}, live) == [PathChange("IntegrationUri", live["IntegrationUri"], unknown)]


def test_unknown_nested_and_in_lists_counts_as_a_change():
    unknown = Unknown("IAM::Policy p")
    assert paths(diff(ROLE, {"AttachedPolicies": [unknown]}, {"AttachedPolicies": [{"PolicyArn": "x"}]})) == ["AttachedPolicies"]
    changes = diff(FUNCTION, {"Configuration": {"Role": unknown}}, {"Configuration": {"Role": "arn:aws:iam::1:role/r"}})
    assert paths(changes) == ["Configuration.Role"]


def test_unknown_even_when_live_has_nothing():
    assert paths(diff(INTEGRATION, {"IntegrationUri": Unknown("x")}, {})) == ["IntegrationUri"]


# --- action ------------------------------------------------------------------------------------


def test_no_live_is_create():
    assert action_for(API, None, []) == (Action.CREATE, [])


def test_no_change_is_noop():
    assert action_for(API, {"ApiId": "a"}, []) == (Action.NOOP, [])


def test_create_only_path_forces_replace_and_is_named():
    live = {"ApiId": "a", "Name": "my-api", "ProtocolType": "HTTP", "Description": "old"}
    changes = diff(API, {"Name": "my-api", "ProtocolType": "WEBSOCKET", "Description": "new"}, live)
    assert paths(changes) == ["Description", "ProtocolType"]
    assert action_for(API, live, changes) == (Action.REPLACE, ["ProtocolType"])


def test_updatable_paths_are_update():
    live = {"ApiId": "a", "ProtocolType": "HTTP", "Description": "old", "Tags": {"a": "1"}}
    changes = diff(API, {"ProtocolType": "HTTP", "Description": "new", "Tags": {"a": "2"}}, live)
    assert paths(changes) == ["Description", "Tags"]
    assert action_for(API, live, changes) == (Action.UPDATE, [])


def test_nested_create_only_path_forces_replace():
    live = {"Configuration": {"FunctionName": "f", "PackageType": "Zip", "Timeout": 3}}
    changes = diff(FUNCTION, {"Configuration": {"FunctionName": "f", "PackageType": "Image", "Timeout": 9}}, live)
    assert action_for(FUNCTION, live, changes) == (Action.REPLACE, ["Configuration.PackageType"])


def test_spec_declared_create_only_forces_replace():
    live = {"logGroupName": "lg", "logGroupClass": "STANDARD", "retentionInDays": 7}
    changes = diff(LOG_GROUP, {"logGroupName": "lg", "logGroupClass": "INFREQUENT_ACCESS", "retentionInDays": 7}, live)
    assert action_for(LOG_GROUP, live, changes) == (Action.REPLACE, ["logGroupClass"])
    changes = diff(LOG_GROUP, {"logGroupName": "lg", "retentionInDays": 14}, live)
    assert action_for(LOG_GROUP, live, changes) == (Action.UPDATE, [])


def test_unknown_on_create_only_path_forces_replace():
    live = {"RoleName": "r", "Path": "/"}
    changes = diff(ROLE, {"RoleName": "r", "Path": Unknown("x")}, live)
    assert action_for(ROLE, live, changes) == (Action.REPLACE, ["Path"])


# --- properties ----------------------------------------------------------------------------------

keys = st.text(alphabet="abcdefgHIJK_-0123456789", min_size=1, max_size=6)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=6)
leaf_values = st.one_of(scalars, st.lists(values, max_size=4))


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_a_document_never_differs_from_itself(document):
    assert diff(PLAIN, document, document) == []
    assert diff(PLAIN, document, json.loads(json.dumps(document))) == []


def leaves(document: dict, prefix: str = ""):
    """Dotted paths of every value that diff compares whole: non-dicts and empty dicts."""
    for key, value in document.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value:
            yield from leaves(value, path)
        else:
            yield path


@settings(max_examples=300, deadline=None)
@given(documents, st.data())
def test_a_single_leaf_change_is_reported_exactly_at_its_path(document, data):
    found = sorted(leaves(document))
    assume(found)
    path = data.draw(st.sampled_from(found))
    old = get_path(document, path)
    # a leaf stays a leaf (a dict would be compared key by key, one level down)
    new = data.draw(leaf_values)
    assume(canonical(new) != canonical(old))
    changed = json.loads(json.dumps(document))
    set_path(changed, path, new)
    assert diff(PLAIN, changed, document) == [PathChange(path, old, new)]
    # the other way round: live drifted from what is declared
    if not (old == {} and not new):
        assert diff(PLAIN, document, changed) == [PathChange(path, new, old)]


@settings(max_examples=100, deadline=None)
@given(documents, st.dictionaries(keys, values, max_size=4))
def test_live_extras_never_show(document, extras):
    live = {**{k: v for k, v in extras.items() if k not in document}, **document}
    assert diff(PLAIN, document, live) == []


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(keys, st.text(max_size=5), max_size=5), st.randoms())
def test_tags_in_any_form_and_order_are_equal(tags, random):
    items = [{"Key": k, "Value": v} for k, v in tags.items()]
    random.shuffle(items)
    assert diff(ROLE, {"Tags": tags}, {"Tags": items + [{"Key": "aws:x", "Value": "1"}]}) == []
    assert diff(API, {"Tags": items}, {"Tags": {**tags, "aws:y": "2"}}) == []


def test_nested_dicts_are_compared_key_by_key():
    assert diff(PLAIN, {"a": {"x": 1, "y": {"z": 2}}}, {"a": {"x": 1, "y": {"z": 3}, "w": 0}}) == [
        PathChange("a.y.z", 3, 2)
    ]
    # nothing live under the declared dict: the whole dict is the change
    assert diff(PLAIN, {"a": {"x": 1}}, {}) == [PathChange("a", None, {"x": 1})]
    assert diff(PLAIN, {"a": {"x": 1}}, {"a": "scalar"}) == [PathChange("a", "scalar", {"x": 1})]
