"""Liveness, readiness and the Prometheus endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

ReadinessCheck = Callable[[], Awaitable[None]]
CHECK_TIMEOUT_SECONDS = 3.0


def build_router(checks: Mapping[str, ReadinessCheck]) -> APIRouter:
    """`checks` maps a component name ("database", "pms", "redis") to a probe that raises."""
    router = APIRouter(tags=["health"])

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        results = await asyncio.gather(*(_run(check) for check in checks.values()))
        report = dict(zip(checks, results, strict=True))
        failing = [name for name, error in report.items() if error is not None]
        body = {
            "status": "unavailable" if failing else "ok",
            "failing": failing,
            "checks": {name: error or "ok" for name, error in report.items()},
        }
        return JSONResponse(body, status_code=503 if failing else 200)

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


async def _run(check: ReadinessCheck) -> str | None:
    try:
        await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return f"no answer within {CHECK_TIMEOUT_SECONDS:.0f} s"
    except Exception as exc:  # noqa: BLE001 - a readiness probe reports any failure
        return f"{type(exc).__name__}: {exc}"[:300]
    return None
