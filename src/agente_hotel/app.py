"""`create_app(settings)`: the FastAPI application, its routes and its lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request, Response

from agente_hotel.api import health, staff
from agente_hotel.api.middleware import (
    BodySizeLimitMiddleware,
    CorrelationIdMiddleware,
    RequestMetricsMiddleware,
)
from agente_hotel.api.ratelimit import (
    ClientRateLimitMiddleware,
    Counters,
    MemoryCounters,
    RateLimit,
    RateLimited,
    RedisCounters,
    too_many_requests,
)
from agente_hotel.bootstrap import Services, build_services
from agente_hotel.channels.webchat import routes as webchat
from agente_hotel.channels.whatsapp import routes as whatsapp
from agente_hotel.domain import Channel
from agente_hotel.settings import Settings, secret
from agente_hotel.store.staff import StaffRepository

log = structlog.get_logger(__name__)


def create_app(settings: Settings, *, services: Services | None = None) -> FastAPI:
    """The application. `services` may be given by tests; otherwise built from `settings`."""
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        background: list[asyncio.Task[None]] = []
        stop = asyncio.Event()
        await services.warm_up()
        if settings.worker_in_process:
            background.append(asyncio.create_task(services.run_background(stop)))
        log.info(
            "agente_started",
            environment=settings.environment.value,
            hotel=services.hotel.id,
            pms=settings.pms_type.value,
            whatsapp=services.whatsapp is not None,
            worker=settings.worker_in_process,
        )
        try:
            yield
        finally:
            stop.set()
            await _stop(background)
            await services.aclose()

    app = FastAPI(
        title="Agente Hotel", version="0.1.0", lifespan=lifespan, docs_url="/docs", redoc_url=None
    )
    app.state.services = services
    limits = _RateLimits(settings, services)
    app.add_exception_handler(RateLimited, _too_many_requests)
    app.include_router(health.build_router(services.readiness_checks()))
    app.include_router(
        whatsapp.build_router(
            verify_token=secret(settings.whatsapp_verify_token),
            app_secret=secret(settings.whatsapp_app_secret),
            max_body_bytes=settings.max_body_bytes,
            inbox=services.inbox,
            resolve_hotel=_hotel_resolver(services),
            sender_limit=limits.sender("whatsapp"),
        )
    )
    app.include_router(
        webchat.build_router(
            inbox=services.inbox,
            history=_webchat_history(services),
            hotel_id=services.hotel.id,
            hotel_name=services.hotel.name,
            sender_limit=limits.sender("webchat"),
        )
    )
    app.include_router(
        staff.build_router(
            StaffRepository(services.sessions), token=secret(settings.staff_api_token)
        )
    )
    # Outermost first: ids on every log line, then metrics, the body cap, the client limits.
    app.add_middleware(ClientRateLimitMiddleware, limits=limits.per_client())
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMetricsMiddleware)
    app.add_middleware(CorrelationIdMiddleware)
    return app


class _RateLimits:
    """The limits of the settings, counted in Redis when there is one (shared by replicas)."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self._settings = settings
        self._counters: Counters = (
            RedisCounters(services.redis) if services.redis is not None else MemoryCounters()
        )

    def sender(self, channel: str) -> RateLimit:
        return RateLimit(
            self._counters, scope=f"sender_{channel}", limit=self._settings.rate_limit_per_sender
        )

    def per_client(self) -> dict[str, RateLimit]:
        return {
            whatsapp.WEBHOOK_PATH: RateLimit(
                self._counters, scope="ip_webhook", limit=self._settings.rate_limit_webhook_per_ip
            ),
            webchat.MESSAGES_PATH: RateLimit(
                self._counters, scope="ip_webchat", limit=self._settings.rate_limit_per_ip
            ),
        }


async def _too_many_requests(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RateLimited)
    return too_many_requests(exc)


def _hotel_resolver(services: Services) -> Callable[[str], str | None]:
    def resolve(phone_number_id: str) -> str | None:
        hotel = services.hotels.by_whatsapp_number(phone_number_id)
        return hotel.id if hotel else None

    return resolve


def _webchat_history(services: Services) -> webchat.History:
    async def history(hotel_id: str, session_id: str, after: int) -> Sequence[webchat.ChatLine]:
        rows = await services.inbox.conversation_messages(
            hotel_id, Channel.WEBCHAT, session_id, after
        )
        return [
            webchat.ChatLine(
                id=row.id,
                direction="in" if row.direction == "in" else "out",
                text=row.text,
                options=tuple((option.id, option.title) for option in row.options),
                language=row.language,
            )
            for row in rows
        ]

    return history


async def _stop(tasks: list[asyncio.Task[None]], grace_seconds: float = 5.0) -> None:
    """Let background loops finish their current step, then cancel what is left."""
    if tasks:
        await asyncio.wait(tasks, timeout=grace_seconds)
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
