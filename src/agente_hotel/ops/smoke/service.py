"""The service answers: liveness, readiness with every dependency, metrics, the chat page."""

from __future__ import annotations

import httpx

from agente_hotel.ops.smoke.config import Outcome, SmokeConfig, SmokeResult

SERVICE_PROBES = (
    ("liveness", "/health/live", '"status":"ok"'),
    ("readiness", "/health/ready", '"status":"ok"'),
    ("metrics", "/metrics", "http_requests_total"),
    ("web chat page", "/", "<html"),
)


async def service_checks(config: SmokeConfig, http: httpx.AsyncClient) -> list[SmokeResult]:
    return [
        await _probe(http, name, f"{config.url}{path}", expectation)
        for name, path, expectation in SERVICE_PROBES
    ]


async def _probe(http: httpx.AsyncClient, name: str, url: str, expectation: str) -> SmokeResult:
    try:
        response = await http.get(url)
    except httpx.HTTPError as exc:
        return SmokeResult(name, Outcome.FAIL, f"{url}: {exc!r}")
    if response.status_code != 200:
        detail = f"{url}: HTTP {response.status_code} {response.text[:200]}"
        return SmokeResult(name, Outcome.FAIL, detail)
    if expectation.replace(" ", "") not in response.text.replace(" ", ""):
        return SmokeResult(name, Outcome.FAIL, f"{url}: answer lacks {expectation!r}")
    return SmokeResult(name, Outcome.OK, f"{url}: HTTP 200")
