"""A fake Graph API (WhatsApp Cloud API messages endpoint) served over real HTTP.

It records every request, answers like Meta does, checks the bearer token and WhatsApp's
size limits (so a message the real API would refuse is refused here too), and can be told
to fail or stall the next requests.

One server runs for the whole session; the `fake_graph` fixture hands it to each test with
its records and instructions cleared. Register both fixtures in a conftest.py:
`from tests.support.fake_graph import fake_graph, fake_graph_server`.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.live_server import serve_app

GRAPH_VERSION = "v21.0"
ACCESS_TOKEN = "test-access-token"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: Any


@dataclass(frozen=True, slots=True)
class _Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeGraph:
    def __init__(self, access_token: str = ACCESS_TOKEN) -> None:
        self.access_token = access_token
        self.base_url = ""  # set once serving: "http://127.0.0.1:<port>/v21.0"
        self.requests: list[RecordedRequest] = []
        self._failures: deque[_Failure | None] = deque()  # None: answer normally
        self._delays: deque[float] = deque()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.app = Starlette(
            routes=[
                Route("/{version}/{phone_number_id}/messages", self._messages, methods=["POST"])
            ]
        )

    def reset(self) -> None:
        """Forget every request and pending instruction, and number message ids from 1 again."""
        with self._lock:
            self.requests.clear()
            self._failures.clear()
            self._delays.clear()
            self._ids = itertools.count(1)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """The bodies of the message sends (mark-as-read calls left out), in order."""
        return [r.json for r in self.requests if isinstance(r.json, dict) and "to" in r.json]

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 400,
        code: int = 190,
        message: str = "Error validating access token",
        error_type: str = "OAuthException",
        retry_after: float | None = None,
        after: int = 0,
    ) -> None:
        """Answer the next `count` requests (after `after` answered normally) with a Graph
        API error."""
        body = _error(code, message, error_type)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            self._failures.extend(None for _ in range(after))
            self._failures.extend(_Failure(status, body, headers) for _ in range(count))

    def stall_next(self, seconds: float, count: int = 1) -> None:
        """Wait `seconds` before answering each of the next `count` requests."""
        with self._lock:
            self._delays.extend([seconds] * count)

    async def _messages(self, request: Request) -> JSONResponse:
        try:
            payload = await request.json()
        except ValueError:
            payload = None
        with self._lock:
            self.requests.append(
                RecordedRequest(request.method, request.url.path, dict(request.headers), payload)
            )
            delay = self._delays.popleft() if self._delays else 0.0
            failure = self._failures.popleft() if self._failures else None
        if delay:
            await asyncio.sleep(delay)
        if failure is not None:
            return JSONResponse(failure.body, status_code=failure.status, headers=failure.headers)
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return JSONResponse(
                _error(190, "Invalid OAuth access token - Cannot parse access token"), 401
            )
        problem = _problem(payload)
        if problem is not None:
            return JSONResponse(_error(131009, problem, "OAuthException"), 400)
        if payload.get("status") == "read":
            return JSONResponse({"success": True})
        with self._lock:
            wamid = f"wamid.FAKE{next(self._ids):08d}"
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                "messages": [{"id": wamid}],
            }
        )


@pytest.fixture(scope="session")
def fake_graph_server() -> Iterator[FakeGraph]:
    graph = FakeGraph()
    with serve_app(graph.app) as url:
        graph.base_url = f"{url}/{GRAPH_VERSION}"
        yield graph


@pytest.fixture
def fake_graph(fake_graph_server: FakeGraph) -> FakeGraph:
    """The fake Graph API, with nothing recorded yet."""
    fake_graph_server.reset()
    return fake_graph_server


def _error(code: int, message: str, error_type: str = "OAuthException") -> dict[str, Any]:
    return {
        "error": {
            "message": f"(#{code}) {message}",
            "type": error_type,
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": message},
            "fbtrace_id": "AbCdEfGhIjK",
        }
    }


def _problem(payload: Any) -> str | None:
    """Why the real API would refuse this payload, or None."""
    if not isinstance(payload, dict) or payload.get("messaging_product") != "whatsapp":
        return "Parameter value is not valid: messaging_product"
    if payload.get("status") == "read":
        return None if payload.get("message_id") else "message_id is required"
    to = payload.get("to")
    if not isinstance(to, str) or not to.isdigit():
        return "Parameter value is not valid: to"
    kind = payload.get("type")
    if kind == "text":
        return _length("text body", payload["text"]["body"], 4096)
    if kind == "interactive":
        return _interactive_problem(payload["interactive"])
    if kind == "template":
        return None if payload["template"].get("name") else "template name is required"
    return f"unsupported message type {kind!r}"


def _interactive_problem(interactive: dict[str, Any]) -> str | None:
    problems = [_length("body", interactive["body"]["text"], 1024)]
    action = interactive["action"]
    if interactive["type"] == "button":
        titles = [b["reply"]["title"] for b in action["buttons"]]
        problems.append(None if 1 <= len(titles) <= 3 else "buttons: between 1 and 3")
        problems.append(None if len(set(titles)) == len(titles) else "button titles must differ")
        problems.extend(_length("button title", t, 20) for t in titles)
    elif interactive["type"] == "list":
        rows = [row for section in action["sections"] for row in section["rows"]]
        problems.append(None if 1 <= len(rows) <= 10 else "rows: between 1 and 10")
        problems.append(_length("list button", action["button"], 20))
        problems.extend(_length("row title", row["title"], 24) for row in rows)
        problems.extend(_length("row description", row.get("description", "x"), 72) for row in rows)
    else:
        problems.append(f"unsupported interactive type {interactive['type']!r}")
    return next((p for p in problems if p is not None), None)


def _length(what: str, value: str, limit: int) -> str | None:
    if 1 <= len(value) <= limit:
        return None
    return f"{what} length invalid. Min length: 1, Max length: {limit}"
