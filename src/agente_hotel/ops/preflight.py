"""Preflight: can this environment be deployed? One GO / WARN / NO-GO row per check.

Every check that talks to something (database, Redis, PMS, Graph API, mailbox) runs
concurrently under a time limit; a NO-GO anywhere blocks the deployment.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import httpx
import redis.asyncio as redis
from redis.exceptions import RedisError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from agente_hotel.bootstrap import load_hotel
from agente_hotel.channels.email.build import email_config_from_settings
from agente_hotel.channels.email.imap import ImapSession
from agente_hotel.errors import AgenteError, ConfigurationError
from agente_hotel.hotel import HotelDirectory
from agente_hotel.ops.backup import list_backups
from agente_hotel.ops.environment import environment_file, load_environment
from agente_hotel.ops.migrations import migration_state
from agente_hotel.ops.secrets import Rotation, read_record, record_path, rotation_status
from agente_hotel.pms.check import check_pms
from agente_hotel.pms.qloapps.check import CheckReport
from agente_hotel.settings import Environment, PmsType, Settings, is_placeholder, secret

CHECK_TIMEOUT_SECONDS = 20.0
PMS_CHECK_TIMEOUT_SECONDS = 60.0
MIN_FREE_BYTES = 1 << 30  # below this: NO-GO
LOW_FREE_BYTES = 5 << 30  # below this, or under 10% free: WARN
MAX_BACKUP_AGE = timedelta(hours=24)
MIN_SECRET_LENGTH = 16
COMMON_PASSWORDS = frozenset(
    {"password", "postgres", "admin", "secret", "agente", "root", "test", "123456", "qwerty"}
)


class Status(StrEnum):
    GO = "GO"
    WARN = "WARN"
    NO_GO = "NO-GO"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


@dataclass
class PreflightReport:
    environment: Environment
    checks: list[Check] = field(default_factory=list)

    @property
    def blockers(self) -> list[Check]:
        return [check for check in self.checks if check.status is Status.NO_GO]

    @property
    def go(self) -> bool:
        return not self.blockers


PmsCheck = Callable[[Settings], Awaitable[CheckReport]]


async def configured_pms_check(settings: Settings) -> CheckReport:
    """`agente pms check` for the environment's settings and hotel."""
    return await check_pms(settings, HotelDirectory([load_hotel(settings)]))


@dataclass(frozen=True)
class Preflight:
    environment: Environment
    root: Path = Path()
    backups_root: Path = Path("backups")
    pms_check: PmsCheck = configured_pms_check
    now: datetime | None = None

    @property
    def deployed(self) -> bool:
        return self.environment is not Environment.DEVELOPMENT

    def blocker(self) -> Status:
        """NO-GO where it matters; only a warning on a developer's machine."""
        return Status.NO_GO if self.deployed else Status.WARN

    async def run(self, http: httpx.AsyncClient) -> PreflightReport:
        report = PreflightReport(self.environment)
        report.checks.append(self.env_file_permissions())
        try:
            settings, problems = load_environment(self.environment, self.root)
        except ConfigurationError as exc:
            report.checks.append(Check("settings", Status.NO_GO, str(exc)))
            return report
        report.checks.extend(Check("settings", Status.NO_GO, problem) for problem in problems)
        if not problems:
            report.checks.append(Check("settings", Status.GO, "every required setting is set"))
        report.checks.extend(self.weak_secrets(settings))
        probes = await asyncio.gather(
            _limited("database", database(settings)),
            _limited("redis", self.redis(settings)),
            _limited("PMS", self.pms(settings), PMS_CHECK_TIMEOUT_SECONDS),
            _limited("WhatsApp", whatsapp(settings, http)),
            _limited("e-mail", email(settings, http)),
        )
        report.checks.extend(probes)
        report.checks.append(self.disk())
        report.checks.append(self.last_backup())
        report.checks.extend(self.rotation(settings))
        return report

    # --- local checks --------------------------------------------------------------------

    def env_file_permissions(self) -> Check:
        path = environment_file(self.environment, self.root)
        if not path.exists():
            if not self.deployed:
                return Check(path.name, Status.GO, "absent: development defaults apply")
            template = f"{path.name}.template"
            return Check(path.name, Status.NO_GO, f"missing: cp {template} {path.name}, fill it in")
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            return Check(
                path.name,
                self.blocker(),
                f"mode {mode:o}: readable by others; run chmod 600 {path.name}",
            )
        return Check(path.name, Status.GO, f"mode {mode:o}")

    def weak_secrets(self, settings: Settings) -> list[Check]:
        candidates: dict[str, str | None] = {
            name: secret(value)
            for name, value in {
                "PMS_API_KEY": settings.pms_api_key,
                "WHATSAPP_APP_SECRET": settings.whatsapp_app_secret,
                "WHATSAPP_VERIFY_TOKEN": settings.whatsapp_verify_token,
                "EMAIL_PASSWORD": settings.email_password,
                "STAFF_API_TOKEN": settings.staff_api_token,
            }.items()
        }
        candidates["database password"] = make_url(settings.database_url).password
        checks = []
        for name, value in candidates.items():
            problem = weakness(value) if value else None
            if problem:
                checks.append(Check("weak secret", self.blocker(), f"{name} is {problem}"))
        return checks or [Check("weak secret", Status.GO, "no weak or placeholder secret")]

    def disk(self) -> Check:
        usage = shutil.disk_usage(self.root)
        detail = f"{usage.free / (1 << 30):.1f} GiB free of {usage.total / (1 << 30):.1f} GiB"
        if usage.free < MIN_FREE_BYTES:
            return Check("disk", self.blocker(), detail)
        if usage.free < LOW_FREE_BYTES or usage.free < usage.total / 10:
            return Check("disk", Status.WARN, detail)
        return Check("disk", Status.GO, detail)

    def last_backup(self) -> Check:
        now = self.now or datetime.now(UTC)
        found = list_backups(self.backups_root, self.environment.value)
        hint = f"make backup ENVIRONMENT={self.environment.value}"
        if not found:
            status = Status.WARN if self.deployed else Status.GO
            return Check("last backup", status, f"none in {self.backups_root}: {hint}")
        age = now - found[-1].taken_at
        detail = f"{found[-1].path.name}, {_hours(age)} old"
        if age > MAX_BACKUP_AGE:
            return Check("last backup", Status.WARN, f"{detail}: {hint}")
        return Check("last backup", Status.GO, detail)

    def rotation(self, settings: Settings) -> list[Check]:
        path = record_path(self.environment, self.root)
        today = (self.now or datetime.now(UTC)).date()
        try:
            statuses = rotation_status(settings, read_record(path), today)
        except ConfigurationError as exc:
            return [Check("secret rotation", Status.WARN, str(exc))]
        late = [s for s in statuses if s.state in {Rotation.OVERDUE, Rotation.UNKNOWN}]
        checks = [
            Check("secret rotation", Status.WARN, f"{s.policy.name}: {s.detail}") for s in late
        ]
        return checks or [Check("secret rotation", Status.GO, f"{len(statuses)} secrets on time")]

    # --- services ------------------------------------------------------------------------

    async def redis(self, settings: Settings) -> Check:
        if not settings.redis_url:
            if self.deployed:
                return Check("redis", Status.WARN, "REDIS_URL unset: caches and limits per process")
            return Check("redis", Status.GO, "not used (in-process caches)")
        client = redis.from_url(settings.redis_url)
        try:
            await client.ping()
        except (RedisError, OSError) as exc:
            return Check("redis", Status.NO_GO, f"no answer to PING: {exc}")
        finally:
            await client.aclose()
        return Check("redis", Status.GO, "answers PING")

    async def pms(self, settings: Settings) -> Check:
        if settings.pms_type is PmsType.MOCK:
            status = Status.NO_GO if self.deployed else Status.GO
            return Check("PMS", status, "mock PMS (demo hotel)")
        try:
            report = await self.pms_check(settings)
        except (ConfigurationError, ValueError, OSError) as exc:
            return Check("PMS", Status.NO_GO, str(exc))
        failed = report.failure
        if failed is not None:
            return Check("PMS", Status.NO_GO, f"agente pms check: {failed.name}: {failed.detail}")
        return Check("PMS", Status.GO, f"agente pms check: all {len(report.steps)} checks passed")


async def _limited(
    name: str, probe: Awaitable[Check], seconds: float = CHECK_TIMEOUT_SECONDS
) -> Check:
    try:
        return await asyncio.wait_for(probe, timeout=seconds)
    except TimeoutError:
        return Check(name, Status.NO_GO, f"no answer within {seconds:.0f} s")


def weakness(value: str) -> str | None:
    """Why a secret is weak, or None."""
    if is_placeholder(value):
        return "a placeholder"
    if value.lower() in COMMON_PASSWORDS:
        return "a common password"
    if len(value) < MIN_SECRET_LENGTH:
        return f"only {len(value)} characters long (use {MIN_SECRET_LENGTH} or more)"
    if len(set(value)) < 6:
        return "made of too few distinct characters"
    return None


def _hours(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.0f} days"


async def database(settings: Settings) -> Check:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        exists = await asyncio.to_thread(Path(url.database).exists)
        if not exists:
            return Check("database", Status.WARN, f"{url.database} does not exist: agente migrate")
    shown = url.render_as_string(hide_password=True)
    try:
        state = await migration_state(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        return Check("database", Status.NO_GO, f"cannot connect to {shown}: {exc}")
    if state.at_head:
        return Check("database", Status.GO, f"reachable, migrations at head ({state.head})")
    if not state.known:
        return Check(
            "database",
            Status.NO_GO,
            f"at revision {state.current}, unknown to this version (head {state.head})",
        )
    return Check(
        "database",
        Status.WARN,
        f"reachable; migrations pending ({state.current or 'empty'} -> {state.head}): "
        "applied by agente migrate at deploy",
    )


async def whatsapp(settings: Settings, http: httpx.AsyncClient) -> Check:
    """The token and phone number id, asked of the Graph API itself."""
    token, number_id = secret(settings.whatsapp_access_token), settings.whatsapp_phone_number_id
    if not token or not number_id:
        status = Status.GO if settings.environment is Environment.DEVELOPMENT else Status.NO_GO
        return Check("WhatsApp", status, "not configured (web chat only)")
    try:
        response = await http.get(
            f"{settings.whatsapp_api_base_url}/{number_id}",
            params={"fields": "display_phone_number,verified_name,quality_rating"},
            headers={"Authorization": f"Bearer {token}"},
        )
    except httpx.HTTPError as exc:
        return Check("WhatsApp", Status.NO_GO, f"Graph API unreachable: {exc!r}")
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code == 200 and isinstance(body, dict):
        name = body.get("verified_name", "?")
        number = body.get("display_phone_number", number_id)
        quality = body.get("quality_rating", "unknown")
        return Check("WhatsApp", Status.GO, f"{name} {number} (quality {quality})")
    error = body.get("error", {}) if isinstance(body, dict) else {}
    return Check(
        "WhatsApp",
        Status.NO_GO,
        f"Graph API refused the token or phone number id (HTTP {response.status_code}, "
        f"code {error.get('code', '?')}): {error.get('message', response.text[:200])}",
    )


async def email(settings: Settings, http: httpx.AsyncClient) -> Check:
    try:
        config = email_config_from_settings(settings, http=http)
    except ConfigurationError as exc:
        return Check("e-mail", Status.NO_GO, str(exc))
    if config is None:
        return Check("e-mail", Status.GO, "not configured")
    try:
        async with ImapSession(config):
            pass
    except AgenteError as exc:
        return Check("e-mail", Status.NO_GO, f"IMAP login as {config.username}: {exc}")
    return Check(
        "e-mail", Status.GO, f"IMAP login as {config.username} on {config.imap.host} works"
    )
