"""hooks.py beside resources.py: `on_deployed(ctx)` after `gc apply`, `on_destroyed(ctx)` after
`gc destroy` (GruCloud's hook.js), and both alone with `gc run`.

A hook checks the stack from outside, as a user would: `ctx` holds the live resources of the
project (and, for lookups, the live ones its readOnly declarations name), an HTTP client bound to
a stage's InvokeUrl (a WebSocket connection for a WebSocket stage) or to a custom domain name,
and AWS clients on the same target. A
failing check (an AssertionError, `ctx.fail(...)`, or any other error) makes the command exit 1
with its message; what was applied stays applied.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from grucloud.aws.clients import Target
from grucloud.aws.spec import get_path
from grucloud.program.http_client import HttpClient
from grucloud.program.loader import Project, _import

HOOKS = ("on_deployed", "on_destroyed")


class HookFailed(Exception):
    """A hook's check failed; the message says which and why."""


class HookContext:
    def __init__(self, project: Project, target: Target, resources: list, looked_up: list = ()):
        self.project = project
        self.config = project.config
        self.target = target
        self.resources = resources  # the project's live resources (engine.inventory.LiveResource)
        # live resources that readOnly declarations name (a stage made by quick create, a
        # registered domain): found by live(), get() and http(), yet not ours, so not in
        # `resources`, which after a destroy is empty
        self.looked_up = list(looked_up)

    @property
    def local(self) -> bool:
        return self.target.local

    def live(self, type_key: str, name: str) -> dict:
        """The live data of one resource of the project, e.g. live("ApiGatewayV2::Api", "my-api")."""
        for resource in self.resources + self.looked_up:
            if resource.spec.key == type_key and resource.name == name:
                return resource.live
        names = sorted(r.name for r in self.resources + self.looked_up if r.spec.key == type_key)
        raise HookFailed(f"no live {type_key} named {name!r}; live ones: {', '.join(names) or 'none'}")

    def get(self, type_key: str, name: str, field: str):
        return get_path(self.live(type_key, name), field)

    def http(self, stage: str | None = None, timeout: float = 60.0) -> HttpClient:
        """A client bound to the InvokeUrl of `stage` ("<api>::<StageName>"); with no name, of the
        project's only stage."""
        return HttpClient(self._stage_url(stage, "http"), timeout=timeout)

    def domain(self, name: str, timeout: float = 60.0) -> HttpClient:
        """A client for the project's custom domain name `name` (ApiGatewayV2::DomainName): on AWS
        https://<name>; on the emulator, which has no DNS for it and no TLS, its URL with `name`
        in the Host header, which its API mappings answer."""
        self.live("ApiGatewayV2::DomainName", name)  # one of the project's, or a message naming them
        if self.local:
            return HttpClient(self.target.endpoint_url, timeout=timeout, host=name)
        return HttpClient(f"https://{name}", timeout=timeout)

    def _stage_url(self, stage: str | None, what: str) -> str:
        stages = [r for r in self.resources + self.looked_up if r.spec.key == "ApiGatewayV2::Stage"]
        chosen = [r for r in stages if stage is None or r.name == stage]
        if len(chosen) != 1:
            names = ", ".join(sorted(r.name for r in stages)) or "none"
            raise HookFailed(f"ctx.{what}({stage!r}): name one stage of: {names}")
        return chosen[0].live["InvokeUrl"]

    def websocket(self, stage: str | None = None, timeout: float = 60.0, path: str = ""):
        """A WebSocket connection to the InvokeUrl of a WebSocket `stage` (websockets' client:
        `send`, `recv(timeout=...)`; use it in a `with` block). `path` adds a query string."""
        from websockets.sync.client import connect

        url = self._stage_url(stage, "websocket")
        return connect(url + path, open_timeout=timeout, close_timeout=timeout)

    def aws(self, service: str):
        """A botocore client of `service` on the target (the emulator with --local)."""
        return self.target.client(service)

    def sign_in(self, user_pool: str, client: str, username: str, password: str, scopes=()) -> dict:
        """The tokens (access_token, id_token) that the user pool's hosted sign-in page gives
        `username` through app client `client` for `scopes`: on the emulator only, which signs
        them with the pool's key. The user must exist with that password (ctx.aws("cognito-idp"))."""
        if not self.local:
            raise HookFailed("ctx.sign_in works on the emulator only: on AWS, sign in through the user pool's hosted UI")
        asked = {
            "Region": self.target.region_name,
            "UserPoolId": self.get("CognitoIdentityServiceProvider::UserPool", user_pool, "Id"),
            "ClientId": self.get("CognitoIdentityServiceProvider::UserPoolClient", client, "ClientId"),
            "Username": username, "Password": password, "Scopes": list(scopes),
        }
        answer = HttpClient(self.target.endpoint_url).post("/_gc/cognito-idp/sign-in", json=asked)
        if answer.status != 200:
            raise HookFailed(f"sign-in of {username!r} refused: {answer.text}")
        return answer.json()

    def wait_for_log(self, group: str, text: str, timeout: float = 30.0) -> list[dict]:
        """The events of log group `group` that contain `text`, once there are some: for what
        runs asynchronously (a function fed by a queue or an EventBridge rule). HookFailed
        after `timeout` seconds, naming the group and the text."""
        logs = self.aws("logs")
        deadline = time.monotonic() + timeout
        while True:
            try:
                events = logs.filter_log_events(logGroupName=group, filterPattern=f'"{text}"')["events"]
            except logs.exceptions.ResourceNotFoundException:
                events = []  # nothing has written to the group yet
            if events:
                return events
            if time.monotonic() > deadline:
                raise HookFailed(f"nothing in log group {group} contains {text!r} after {timeout:.0f} s")
            time.sleep(0.25)

    def eventually(self, check, what: str, timeout: float = 30.0):
        """Wait until `check()` is true, for what AWS does after an answer ($disconnect runs after
        the close, a queue is read later, a workflow ends later). HookFailed after `timeout`
        seconds, saying `what` did not happen."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise HookFailed(f"not within {timeout:.0f} s: {what}")
            time.sleep(0.05)

    def fail(self, message: str):
        raise HookFailed(message)


def load(directory: Path):
    """hooks.py's module, or None when the project has none."""
    path = Path(directory) / "hooks.py"
    return _import(path) if path.exists() else None


def run(module, hook: str, ctx: HookContext) -> bool:
    """Run one hook when the module defines it; False when it does not. A failure raises
    HookFailed with the hook's message and the line of hooks.py where it failed."""
    function = getattr(module, hook, None) if module is not None else None
    if function is None:
        return False
    try:
        function(ctx)
    except HookFailed as error:
        raise HookFailed(f"{hook}: {error}") from error
    except Exception as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).name == "hooks.py"]
        where = f" (hooks.py line {frames[-1].lineno})" if frames else ""
        what = str(error) or type(error).__name__
        raise HookFailed(f"{hook} failed{where}: {what}") from error
    return True
