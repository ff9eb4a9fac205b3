"""HTTP_PROXY integrations: to a URL, or through a VPC link to a load balancer listener's
targets. The emulator reaches loopback only: anything else answers 503, as AWS does when no
backend can be reached."""

from __future__ import annotations

import http.client
import ipaddress
import re
from urllib.parse import quote, urlsplit

from grucloud.local.dataplane import mapping, world
from grucloud.local.dataplane.exchange import Outgoing, unavailable

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
_PATH_VARIABLE = re.compile(r"\{([^}+]+)\+?\}")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([^}]+)\}")


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _backend(integration: dict, source: mapping.Source) -> tuple[str, int, str] | Outgoing:
    """(host, port, request target) of the backend, or the gateway's 503."""
    uri = integration.get("integrationUri") or ""
    if integration.get("connectionType") == "VPC_LINK":
        targets = world.listener_targets(uri)
        if targets is None:
            return unavailable(f"VPC link integration: {uri} is not a load balancer listener of the emulator (Cloud Map services are not run)")
        reachable = [(host, port) for host, port in targets if is_loopback(host)]
        if not reachable:
            found = ", ".join(f"{h}:{p}" for h, p in targets) or "none registered"
            return unavailable(f"VPC link integration: no target of listener {uri} is on loopback (targets: {found})")
        host, port = reachable[0]
        # through a VPC link the stage segment stays in the path (unless overwrite:path says otherwise)
        target = source.incoming.path + (f"?{source.incoming.query}" if source.incoming.query else "")
        return host, port, target
    url = _STAGE_VARIABLE.sub(lambda m: source.stage_variables.get(m.group(1), ""), uri)
    url = _PATH_VARIABLE.sub(lambda m: quote(source.path_parameters.get(m.group(1), ""), safe="/"), url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return unavailable(f"HTTP_PROXY integration: {uri!r} is not an http(s) URL")
    if not is_loopback(parts.hostname):
        return unavailable(f"HTTP_PROXY integration: the emulator reaches only loopback addresses, not {parts.hostname}")
    query = "&".join(q for q in (parts.query, source.incoming.query) if q)
    target = (parts.path or "/") + (f"?{query}" if query else "")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), target


def _mapped_request(integration: dict, source: mapping.Source, target: str) -> tuple[str, list[tuple[str, str]]]:
    """RequestParameters of an HTTP integration: overwrite:path, and append/overwrite/remove of
    header.x and querystring.x."""
    headers = [(k, v) for k, v in source.incoming.headers if k.lower() not in _HOP_BY_HOP]
    path, _, query = target.partition("?")
    pairs = [p.split("=", 1) + [""] * ("=" not in p) for p in query.split("&") if p]
    for key, template in (integration.get("requestParameters") or {}).items():
        action, _, where = key.partition(":")
        kind, _, name = where.partition(".")
        value = mapping.value(template, source)
        if kind == "path" and action == "overwrite" and value is not None:
            path = value if value.startswith("/") else "/" + value
        elif kind == "header":
            if action in ("overwrite", "remove"):
                headers = [(k, v) for k, v in headers if k.lower() != name.lower()]
            if action in ("overwrite", "append") and value is not None:
                headers.append((name, value))
        elif kind == "querystring":
            if action in ("overwrite", "remove"):
                pairs = [p for p in pairs if p[0] != name]
            if action in ("overwrite", "append") and value is not None:
                pairs.append([name, quote(value, safe="")])
    query = "&".join(f"{k}={v}" for k, v in pairs)
    return path + (f"?{query}" if query else ""), headers


def forward(integration: dict, source: mapping.Source) -> Outgoing:
    backend = _backend(integration, source)
    if isinstance(backend, Outgoing):
        return backend
    host, port, target = backend
    target, headers = _mapped_request(integration, source, target)
    timeout = (integration.get("timeoutInMillis") or 30000) / 1000
    incoming = source.incoming
    headers += [("X-Forwarded-For", incoming.source_ip), ("Host", f"{host}:{port}")]
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(incoming.method, target, body=incoming.body or None, headers=dict(headers))
        response = connection.getresponse()
        body = response.read()
        answer = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
        return Outgoing(response.status, answer, body)
    except TimeoutError:
        return unavailable(f"the backend {host}:{port} did not answer within {timeout:.1f} s")
    except OSError as error:
        return unavailable(f"the backend {host}:{port} could not be reached: {error}")
    finally:
        connection.close()
