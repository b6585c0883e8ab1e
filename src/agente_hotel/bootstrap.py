"""The composition root: builds every adapter from the settings and hands them in.

Nothing else reads `Settings`. The app factory, the worker process and the CLI all start
here, so the server, `agente worker` and `agente chat` run the same pipeline.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.request import getproxies, proxy_bypass

import httpx
import sqlalchemy as sa
from httpx_aiohttp import AiohttpTransport
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from agente_hotel.agent.brain import RuleBrain
from agente_hotel.agent.clock import SystemClock
from agente_hotel.agent.nlu import warm_up as nlu_warm_up
from agente_hotel.agent.turn import Brain
from agente_hotel.channels.email import (
    EmailConfig,
    EmailPoller,
    SmtpSender,
    email_config_from_settings,
)
from agente_hotel.channels.log_sender import LogSender
from agente_hotel.channels.webchat.sender import WebchatSender
from agente_hotel.channels.whatsapp.client import WhatsAppClient
from agente_hotel.channels.whatsapp.pacing import PacedSender
from agente_hotel.dispatch import Reengage, ServiceWindow
from agente_hotel.domain import Channel
from agente_hotel.hotel import HotelDirectory, HotelProfile, load_profile
from agente_hotel.notify import LogNotifier, WebhookNotifier
from agente_hotel.pms.factory import build_pms
from agente_hotel.pms.ledger import BookingLedger
from agente_hotel.pms.resilient import ResilientPMS
from agente_hotel.ports import ChannelSender, Clock, StaffNotifier
from agente_hotel.settings import Settings, secret
from agente_hotel.store.db import create_engine, create_sessionmaker
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.worker import ReadReceipt, Worker, WorkerConfig

ReadinessCheck = Callable[[], Awaitable[None]]
WHATSAPP_WINDOW = timedelta(hours=24)  # Meta's customer service window
STOP_GRACE_SECONDS = 5.0  # for the worker to finish the step it is in


@dataclass
class Services:
    """Everything the app, the worker and the CLI need, built once per process."""

    settings: Settings
    hotels: HotelDirectory
    clock: Clock
    http: httpx.AsyncClient
    redis: Redis | None
    pms: ResilientPMS
    brain: Brain
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    inbox: SqlInbox
    senders: dict[Channel, ChannelSender]
    notifier: StaffNotifier
    whatsapp: WhatsAppClient | None = None
    email: EmailConfig | None = None
    extra_closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def hotel(self) -> HotelProfile:
        return self.hotels.default

    def worker(self) -> Worker:
        settings = self.settings
        senders = dict(self.senders)
        windows: dict[Channel, ServiceWindow] = {}
        read_receipts: dict[Channel, ReadReceipt] = {}
        if self.whatsapp is not None:
            senders[Channel.WHATSAPP] = PacedSender(
                self.whatsapp, min_interval_seconds=settings.whatsapp_send_interval_seconds
            )
            windows[Channel.WHATSAPP] = ServiceWindow(
                length=WHATSAPP_WINDOW, reengage=self._whatsapp_template()
            )
            read_receipts[Channel.WHATSAPP] = self.whatsapp.mark_read
        return Worker(
            sessionmaker=self.sessions,
            brain=self.brain,
            senders=senders,
            clock=SystemClock(),
            notifier=self.notifier,
            config=WorkerConfig(
                poll_seconds=settings.worker_poll_seconds,
                debounce_seconds=settings.debounce_seconds,
                max_attempts=settings.outbox_max_attempts,
                backoff_seconds=settings.outbox_backoff_seconds,
                lease_seconds=settings.worker_lease_seconds,
            ),
            windows=windows,
            read_receipts=read_receipts,
        )

    def _whatsapp_template(self) -> Reengage | None:
        """Sends the configured template, the only message allowed outside the window."""
        whatsapp, name = self.whatsapp, self.settings.whatsapp_template_name
        if whatsapp is None or not name:
            return None
        language = self.settings.whatsapp_template_language

        async def send_template(recipient: str) -> str:
            return await whatsapp.send_template(recipient, name, language)

        return send_template

    async def warm_up(self) -> None:
        """Load the language models before the first guest waits for them, then hide what
        is loaded from the garbage collector: a full collection would walk the models'
        objects and stall every request in flight (webhook p99 84 ms -> 15 ms)."""
        await asyncio.to_thread(nlu_warm_up, self.hotel)
        gc.collect()  # what is garbage now is not kept for good
        gc.freeze()

    async def run_background(self, stop: asyncio.Event) -> None:
        """The worker, and the mailbox poller when e-mail is on, until `stop` is set."""
        jobs = [asyncio.create_task(self.worker().run_forever(stop))]
        if self.email is not None:
            jobs.append(
                asyncio.create_task(EmailPoller(self.email, self.inbox, self.hotel.id).run())
            )
        try:
            await stop.wait()
            await asyncio.wait(jobs[:1], timeout=STOP_GRACE_SECONDS)
        finally:
            for job in jobs:
                job.cancel()
            await asyncio.gather(*jobs, return_exceptions=True)

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        checks: dict[str, ReadinessCheck] = {"database": self._check_database, "pms": self.pms.ping}
        if self.redis is not None:
            checks["redis"] = self._check_redis
        return checks

    async def _check_database(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(sa.text("SELECT 1"))

    async def _check_redis(self) -> None:
        assert self.redis is not None
        await self.redis.ping()

    async def aclose(self) -> None:
        for closer in reversed(self.extra_closers):
            await closer()
        await self.pms.aclose()
        await self.http.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


def load_hotel(settings: Settings) -> HotelProfile:
    """The hotel's profile, with the WhatsApp number and QloApps id from the settings."""
    profile = load_profile(settings.hotel_dir)
    changes: dict[str, object] = {}
    if settings.whatsapp_phone_number_id and not profile.whatsapp_phone_number_id:
        changes["whatsapp_phone_number_id"] = settings.whatsapp_phone_number_id
    if profile.pms_hotel_id is None:
        changes["pms_hotel_id"] = settings.pms_hotel_id
    return dataclasses.replace(profile, **changes) if changes else profile  # type: ignore[arg-type]


HTTP_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
HTTP_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def build_services(settings: Settings, *, clock: Clock | None = None) -> Services:
    """Build every adapter. `clock` is the hotel's time for the agent and the mock PMS
    (tests and evaluations set it); queues, leases and retries always run on real time.
    """
    clock = clock or SystemClock()
    profile = load_hotel(settings)
    hotels = HotelDirectory([profile])
    http = httpx.AsyncClient(timeout=HTTP_TIMEOUT, limits=HTTP_LIMITS)
    # Every reply and read receipt goes to the Graph API: aiohttp under httpx's interface
    # spends less than half of httpx's own CPU per request (README, Performance).
    graph_http = httpx.AsyncClient(
        transport=_graph_transport(settings.whatsapp_api_base_url), timeout=HTTP_TIMEOUT
    )
    # Time limits: a Redis that hangs must fail (and be worked around), not stall requests.
    redis = (
        Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)
        if settings.redis_url
        else None
    )
    pms = build_pms(settings, hotels, clock, redis)
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    whatsapp = _whatsapp_client(settings, graph_http)
    email = _email_config(settings, profile, http)
    senders: dict[Channel, ChannelSender] = {
        Channel.WEBCHAT: WebchatSender(),
        Channel.WHATSAPP: whatsapp or LogSender(Channel.WHATSAPP),
    }
    if email is not None:
        senders[Channel.EMAIL] = SmtpSender(email)
    notifier: StaffNotifier = (
        WebhookNotifier(settings.staff_webhook_url, http)
        if settings.staff_webhook_url
        else LogNotifier()
    )
    return Services(
        settings=settings,
        hotels=hotels,
        clock=clock,
        http=http,
        redis=redis,
        pms=pms,
        # Bookings go through the ledger, so no crash or timeout books twice.
        brain=RuleBrain(profile=profile, pms=BookingLedger(pms, sessions), clock=clock),
        engine=engine,
        sessions=sessions,
        inbox=SqlInbox(sessions),
        senders=senders,
        notifier=notifier,
        whatsapp=whatsapp,
        email=email,
        extra_closers=[graph_http.aclose],
    )


def _graph_transport(base_url: str) -> AiohttpTransport:
    """aiohttp for the Graph API, through the proxy the environment names for it (as httpx
    would), looked up once: aiohttp's `trust_env` looks on every request, which costs as
    much CPU as httpx's own transport."""
    url = httpx.URL(base_url)
    proxy = None if proxy_bypass(url.host) else getproxies().get(url.scheme)
    return AiohttpTransport(limits=HTTP_LIMITS, proxy=httpx.Proxy(proxy) if proxy else None)


def _email_config(
    settings: Settings, profile: HotelProfile, http: httpx.AsyncClient
) -> EmailConfig | None:
    config = email_config_from_settings(settings, http=http)
    if config is None or config.display_name:
        return config
    return dataclasses.replace(config, display_name=profile.name)


def _whatsapp_client(settings: Settings, http: httpx.AsyncClient) -> WhatsAppClient | None:
    token = secret(settings.whatsapp_access_token)
    if not token or not settings.whatsapp_phone_number_id:
        return None
    return WhatsAppClient(
        base_url=settings.whatsapp_api_base_url,
        phone_number_id=settings.whatsapp_phone_number_id,
        access_token=token,
        http=http,
    )
