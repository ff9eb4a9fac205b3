"""The done-when of function dependencies, end to end: `gc new`'s project with a Python function
importing a package from requirements.txt, plus a Node.js function requiring one from
package.json, applied with `gc --local apply` on the session's emulator, answers through its
API; the next plan is a no-op and installs nothing."""

from __future__ import annotations

import json
import shutil

from dataplane_support import execute_api, gc, request
from grucloud.__main__ import main
from packages import NODE, PURE, node_tarball, offline_installers, python_index

NODE_PART = '''

_template = create_resources


def create_resources(config):
    return _template(config) + [
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "PayloadFormatVersion": "2.0"},
            "dependencies": {"api": "my-api", "lambdaFunction": "node-function"},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "GET /node"},
            "dependencies": {"api": "my-api", "integration": "integration::my-api::node-function"},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {"Configuration": {"FunctionName": "node-function", "Handler": "index.handler", "Runtime": "nodejs20.x"}},
            "dependencies": {"role": "my-function-role"},
        },
        {
            "type": "Permission",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": "node-function",
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', 'my-api', 'ArnV2')}/*/*",
                        "StatementId": "allow-my-api-invoke",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": "node-function", "apiGatewayV2Apis": ["my-api"]},
        },
    ]
'''


def test_a_new_project_with_python_and_node_dependencies_answers_on_the_emulator(emulator_server, tmp_path, monkeypatch, capsys):
    offline_installers(monkeypatch, python_index(tmp_path / "index"))
    tarball = node_tarball(tmp_path / "npm")
    project = tmp_path / "deps-api"
    assert main(["new", str(project)]) == 0
    (project / "my-function" / "requirements.txt").write_text(f"{PURE}==1.0\n")
    app = (project / "my-function" / "app.py").read_text()
    (project / "my-function" / "app.py").write_text(app.replace('f"hello {name}"', "__import__('tinydep').GREETING"))
    if tarball:
        shutil.copy(tarball, project / tarball.name)
        (project / "node-function").mkdir()
        (project / "node-function" / "package.json").write_text(json.dumps({"dependencies": {NODE: f"file:../{tarball.name}"}}))
        (project / "node-function" / "index.js").write_text(
            f"const {{ greeting }} = require('{NODE}');\nexports.handler = async () => ({{ statusCode: 200, body: greeting }});\n")
        (project / "resources.py").write_text((project / "resources.py").read_text() + NODE_PART)

    gc(emulator_server, "-C", str(project), "apply", "-f")
    api_id = gc(emulator_server, "-C", str(project), "output", "-t", "ApiGatewayV2::Api", "-n", "my-api", "-f", "ApiId").stdout.strip()
    answer = request(execute_api(emulator_server, api_id, "/hello"))
    assert answer.status == 200, answer.body
    assert answer.json() == {"message": "hello from tinydep"}
    if tarball:
        answer = request(execute_api(emulator_server, api_id, "/node"))
        assert (answer.status, answer.body) == (200, b"hello from tiny-node-dep")

    # nothing changed: no change, and nothing installed (the installers are not even reachable)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "nowhere"))
    gc(emulator_server, "-C", str(project), "plan", "--detailed-exitcode", check=0)
    # the session's emulator is shared: another test's my-api must not meet this one
    gc(emulator_server, "-C", str(project), "destroy", "-f")
