"""`gc list --our` needs only the project and stage, so a resources.py that does not validate
does not stop it; `gc destroy` with nothing to destroy says so, not "no changes"."""

from __future__ import annotations

from pathlib import Path

import pytest

from grucloud.aws.specs import REGISTRY
from grucloud.cli.list_cmd import project_specs
from grucloud.cli.render import plan_summary
from grucloud.cli.workspace import Workspace
from grucloud.engine.plan import Plan
from grucloud.problems import ProjectError

BROKEN = 'def create_resources(config):\n    return [{"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "a", "Nme": "b"}}]\n'


def test_list_our_lists_every_type_when_resources_py_does_not_validate(tmp_path: Path):
    (tmp_path / "resources.py").write_text(BROKEN)
    ws = Workspace(tmp_path)
    assert {s.key for s in project_specs(ws, all_types=False, our=True)} == set(REGISTRY)
    with pytest.raises(ProjectError):  # without --our, the groups come from resources.py: it must load
        project_specs(Workspace(tmp_path), all_types=False)


def test_destroy_with_nothing_to_do_says_so():
    assert plan_summary(Plan([]), destroying=True) == "Nothing to destroy: no live resource of this project and stage matches."
    assert plan_summary(Plan([])) == "No changes: the live resources match resources.py."
