"""The one settings class, read from the environment and `.env` files.

Only the composition roots (`app.create_app`, the CLI) read settings; everything else gets
the values or the adapters built from them. Secrets may also come from files: for any
setting `FOO`, `FOO_FILE=/run/secrets/foo` reads the value from that file (Docker and
Kubernetes secrets).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    STAGING = "staging"
    PRODUCTION = "production"


class PmsType(StrEnum):
    MOCK = "mock"
    QLOAPPS = "qloapps"


PLACEHOLDER_MARKERS = (
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "your-",
    "your_",
    "xxx",
    "todo",
    "example-secret",
    "<",
)
DEFAULT_GRAPH_API = "https://graph.facebook.com/v21.0"


def is_placeholder(value: str) -> bool:
    """True when a configured value is obviously a template value, not a real one."""
    lowered = value.strip().lower()
    return not lowered or any(marker in lowered for marker in PLACEHOLDER_MARKERS)


def env_file_for(environment: str | None) -> tuple[str, ...]:
    """`.env` always, then `.env.<environment>` when one is named (later files win)."""
    files = [".env"]
    if environment and environment != Environment.DEVELOPMENT:
        files.append(f".env.{environment}")
    return tuple(files)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=env_file_for(os.environ.get("ENVIRONMENT")),
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    environment: Environment = Environment.DEVELOPMENT
    log_level: str = "INFO"
    log_json: bool | None = None  # default: JSON outside development

    # HTTP server
    host: str = "127.0.0.1"
    port: int = 8000
    metrics_port: int | None = None  # a second port serving only /metrics (e.g. 9091)
    max_body_bytes: int = 256 * 1024
    public_base_url: str = "http://127.0.0.1:8000"

    # Storage
    database_url: str = "sqlite+aiosqlite:///./data/agente.db"
    redis_url: str | None = None

    # Hotel and PMS
    hotel_dir: Path | None = None  # folder with hotel.yaml (+ inventory.yaml for the mock PMS)
    pms_type: PmsType = PmsType.MOCK
    pms_api_base_url: str | None = None
    pms_api_key: SecretStr | None = None
    pms_hotel_id: int = 1  # the hotel's id in QloApps
    pms_timeout_seconds: float = 5.0
    pms_cache_room_types_ttl: float = 3600.0
    pms_cache_availability_ttl: float = 30.0
    pms_breaker_failure_threshold: int = 5
    pms_breaker_reset_seconds: float = 30.0
    pms_key_in_query: bool = False  # send the QloApps key as ?ws_key= instead of Basic auth
    pms_max_days_ahead: int = 365  # QloApps' global maximum booking date, which its API hides

    # WhatsApp Cloud API
    whatsapp_access_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_base_url: str = DEFAULT_GRAPH_API
    whatsapp_template_name: str | None = None  # sent outside the 24-hour window
    whatsapp_template_language: str = "es"
    whatsapp_send_interval_seconds: float = 0.5  # between two messages to one guest

    # Processing
    worker_in_process: bool = True
    worker_poll_seconds: float = 0.2
    worker_lease_seconds: float = 120.0  # a dead worker's conversations wait this long
    debounce_seconds: float = 0.0
    outbox_max_attempts: int = 5
    outbox_backoff_seconds: float = 1.0

    # Staff notifications on handoff: a webhook (Slack-compatible) or the log
    staff_webhook_url: str | None = None
    # Bearer token of the staff API (/api/staff); unset, the staff API is off
    staff_api_token: SecretStr | None = None

    # E-mail: one IMAP/SMTP mailbox (off unless EMAIL_ADDRESS or GMAIL_ADDRESS is set).
    # GMAIL_ADDRESS presets Gmail's servers; log in with GMAIL_APP_PASSWORD (or
    # EMAIL_PASSWORD), or with XOAUTH2 through the EMAIL_OAUTH_* refresh token.
    email_address: str | None = None
    email_username: str | None = None  # default: the address
    email_password: SecretStr | None = None
    email_display_name: str | None = None
    email_imap_host: str | None = None
    email_imap_port: int | None = None  # default: 993 with ssl, 143 without
    email_imap_security: Literal["ssl", "none"] = "ssl"
    email_smtp_host: str | None = None
    email_smtp_port: int | None = None  # default: 465 ssl, 587 starttls, 25 none
    email_smtp_security: Literal["ssl", "starttls", "none"] = "starttls"
    email_mailbox: str = "INBOX"
    email_poll_seconds: float = 30.0
    email_idle_seconds: float = 300.0
    email_backlog_days: int = 2
    email_oauth_client_id: str | None = None
    email_oauth_client_secret: SecretStr | None = None
    email_oauth_refresh_token: SecretStr | None = None
    email_oauth_token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL
    gmail_address: str | None = None
    gmail_app_password: SecretStr | None = None

    # `agente smoke`: the test guest it plays on a deployment
    smoke_room_type: str | None = None  # room type code it books; default: the cheapest offered
    smoke_guest_name: str = "Smoke Test"
    smoke_guest_email: str = "smoke-test@example.com"
    smoke_whatsapp_sender: str | None = None  # E.164 test number writing to the webhook
    smoke_email_sender: str | None = None  # test address of a mail put in the hotel's mailbox

    # Rate limits (requests per minute), in Redis when REDIS_URL is set
    rate_limit_per_sender: int = 30  # messages of one guest (WhatsApp number, web chat session)
    rate_limit_per_ip: int = 120  # web chat posts from one client address
    rate_limit_webhook_per_ip: int = 6000  # webhook deliveries from one address (Meta's)

    @model_validator(mode="before")
    @classmethod
    def _read_secret_files(cls, data: Any) -> Any:
        """`FOO_FILE` names a file whose content is the value of `FOO`."""
        if not isinstance(data, dict):
            return data
        merged = dict(data)
        for key, value in os.environ.items():
            if key.upper().endswith("_FILE") and value:
                target = key[: -len("_FILE")].lower()
                if target in cls.model_fields and target not in {k.lower() for k in data}:
                    merged[target] = Path(value).read_text(encoding="utf-8").strip()
        return merged

    @field_validator("whatsapp_api_base_url", "pms_api_base_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _refuse_unsafe_deployments(self) -> Self:
        problems = self.deployment_problems()
        if problems:
            raise ValueError(f"{self.environment.value} cannot start: " + "; ".join(problems))
        return self

    def deployment_problems(self) -> list[str]:
        """What stops staging or production from starting; empty in development."""
        if self.environment is Environment.DEVELOPMENT:
            return []
        problems: list[str] = []
        if self.pms_type is PmsType.MOCK:
            problems.append("PMS_TYPE=mock is for development only; set PMS_TYPE=qloapps")
        required: dict[str, str | SecretStr | None] = {
            "PMS_API_BASE_URL": self.pms_api_base_url,
            "PMS_API_KEY": self.pms_api_key,
            "WHATSAPP_ACCESS_TOKEN": self.whatsapp_access_token,
            "WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_phone_number_id,
            "WHATSAPP_APP_SECRET": self.whatsapp_app_secret,
            "WHATSAPP_VERIFY_TOKEN": self.whatsapp_verify_token,
        }
        for name, value in required.items():
            raw = value.get_secret_value() if isinstance(value, SecretStr) else value
            if raw is None or not raw.strip():
                problems.append(f"{name} is missing")
            elif is_placeholder(raw):
                problems.append(f"{name} still has a placeholder value")
        if self.database_url.startswith("sqlite"):
            problems.append("DATABASE_URL points at SQLite; use PostgreSQL")
        return problems

    @property
    def json_logs(self) -> bool:
        if self.log_json is not None:
            return self.log_json
        return self.environment is not Environment.DEVELOPMENT

    @property
    def whatsapp_enabled(self) -> bool:
        return self.whatsapp_access_token is not None and self.whatsapp_phone_number_id is not None


def secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def load_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)
