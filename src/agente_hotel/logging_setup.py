"""Structured logs: JSON outside development, guest data masked, correlation ids bound.

Phone numbers and e-mail addresses are masked by a processor on every event, so a log
line never carries them whole, whatever the caller passed.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog
from structlog.types import EventDict, WrappedLogger

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_PHONE = re.compile(r"(?<![\w+])\+\d[\d ()]{6,}\d|\b\d{9,15}\b")


def mask_email(value: str) -> str:
    """`ana.perez@example.com` -> `a***@example.com`."""
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", value)


def mask_phone(value: str) -> str:
    """Keep the last three digits: `+34600111222` -> `+*********222`."""

    def hide(match: re.Match[str]) -> str:
        text = match.group(0)
        digits = [i for i, ch in enumerate(text) if ch.isdigit()]
        keep = set(digits[-3:])
        return "".join(ch if (not ch.isdigit() or i in keep) else "*" for i, ch in enumerate(text))

    return _PHONE.sub(hide, value)


def mask(value: str) -> str:
    return mask_phone(mask_email(value))


def _mask_event(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    for key, value in event_dict.items():
        if isinstance(value, str):
            event_dict[key] = mask(value)
    return event_dict


def configure_logging(*, level: str = "INFO", json: bool = False) -> None:
    """Route structlog and the standard library (uvicorn, alembic) through one pipeline."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _mask_event,
    ]
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        # Events below the level are dropped first, before any processor spends time on them.
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info if json else _identity,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


def _identity(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    return event_dict
