"""The HTTPS listener of the `@connections` API, the `domainName` of WebSocket events.

A chat handler that broadcasts makes one new TLS connection per client per message (its SDK
client lives for one invocation), so each connection's handshake runs in its own thread, not
in the accepting one, and requests on a kept-alive connection are served one after the other.
"""

from __future__ import annotations

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from grucloud.local.websocket import connections

HANDSHAKE_TIMEOUT = 10.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, for SDK clients that reuse their connections

    def setup(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)  # no 40 ms Nagle waits
        self.request.settimeout(HANDSHAKE_TIMEOUT)
        self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        self.request.settimeout(None)
        super().setup()

    def _body(self) -> bytes:
        if "chunked" not in (self.headers.get("Transfer-Encoding") or "").lower():
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
            pass
        return b"".join(chunks)

    def _serve(self):
        data = self._body()
        status, headers, body = connections.answer(self.command, urlsplit(self.path).path, data)
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in [*headers, ("Content-Length", str(len(body)))]:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = _serve

    def log_message(self, *_):  # a broadcast is thousands of requests: the emulator's log stays readable
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = socket.SOMAXCONN  # a broadcast opens many connections at once

    def handle_error(self, request, client_address):
        pass  # a client that drops its connection mid-handshake is not the emulator's error


def serve(host: str, tls: ssl.SSLContext) -> tuple[str, callable]:
    """Start listening on a free port of `host`: (host:port, stop)."""
    server = _Server((host, 0), _Handler)
    server.tls = tls
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"{host}:{server.server_address[1]}", server.shutdown
