"""What moto lacks (mostly in API Gateway V2; CloudWatch dashboards' tags; Step Functions state
machines that run; types the Resource Groups Tagging API leaves out), added to moto itself:
operations its backend does not answer (UpdateStage, GetAuthorizers, StartSyncExecution, ...),
the server defaults AWS fills in, and AWS's refusals that moto skips (a managed policy still
attached is not deleted).

`install()` patches moto's classes and URL table in this process. gc's emulator server calls it
before serving (local/server.py), and the tests call it before their in-process moto worlds
(tests/conftest.py), so both answer alike. One module per concern; each has an `install()`
that uses the helpers in `patching`. A module added here is listed in MODULES.
"""

from __future__ import annotations

import importlib
import threading

MODULES = (
    "stages", "authorizers", "routes", "integrations", "domain_names", "api_mappings", "tags", "deployments", "lists",
    "quick_create", "dashboards", "openapi_import", "integration_responses", "route_responses", "step_functions",
    "routing_lock", "routing_rules", "access_keys", "iam_policies", "tagging_api",
)

_lock = threading.Lock()
_installed = False


def install() -> None:
    """Patch moto (idempotent: the second call does nothing)."""
    global _installed
    with _lock:
        if _installed:
            return
        for name in MODULES:
            importlib.import_module(f"{__name__}.{name}").install()
        _installed = True
