"""An OAuth 2.0 server on 127.0.0.1 for the XOAUTH2 tests, as Google's looks to a mailbox.

`/token` trades the one refresh token it knows for a new access token each time;
`/introspect` (RFC 7662) tells dovecot whether an access token is valid and whose it is.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from tests.support.dovecot import free_port


@dataclass
class OAuthServer:
    base_url: str
    client_id: str
    client_secret: str
    refresh_token: str
    user: str
    issued: list[str] = field(default_factory=list)  # access tokens, oldest first
    revoked: set[str] = field(default_factory=set)

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    @property
    def introspection_url(self) -> str:
        return f"{self.base_url}/introspect"

    def grant(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        expected = {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
        }
        if any(form.get(key) != value for key, value in expected.items()):
            return 400, {"error": "invalid_grant"}
        token = f"ya29.access-{len(self.issued) + 1}"
        self.issued.append(token)
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def introspect(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        token = form.get("token", "")
        if token in self.issued and token not in self.revoked:
            return 200, {"active": True, "email": self.user}
        return 200, {"active": False}


def _handler(server: OAuthServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            routes = {"/token": server.grant, "/introspect": server.introspect}
            route = routes.get(self.path)
            status, body = route(form) if route else (404, {"error": "not_found"})
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    return Handler


@contextmanager
def running_oauth_server(user: str) -> Iterator[OAuthServer]:
    port = free_port()
    server = OAuthServer(
        base_url=f"http://127.0.0.1:{port}",
        client_id="agente-test.apps.googleusercontent.com",
        client_secret="test-client-secret",
        refresh_token="1//test-refresh-token",
        user=user,
    )
    http = ThreadingHTTPServer(("127.0.0.1", port), _handler(server))
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        http.shutdown()
        http.server_close()
        thread.join(timeout=5)
