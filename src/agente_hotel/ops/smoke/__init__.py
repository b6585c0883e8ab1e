"""Smoke checks of a running deployment: what must work right after a deploy.

First the service itself (liveness, readiness, metrics, the web chat page), then the
operations guide's functional checks, played as a test guest over the deployment's
public endpoints: quotes for several stays in three languages, a test booking made and
cancelled, a WhatsApp conversation through the signed webhook, and the e-mail channel
when it is configured. The channel checks read the outcome through the staff API.
"""

from __future__ import annotations

import asyncio

import httpx

from agente_hotel.ops.smoke.channels import email_checks, whatsapp_check
from agente_hotel.ops.smoke.config import Outcome, SmokeConfig, SmokeGuest, SmokeResult, Timing
from agente_hotel.ops.smoke.service import service_checks
from agente_hotel.ops.smoke.webchat import availability_checks, booking_checks

__all__ = ["Outcome", "SmokeConfig", "SmokeGuest", "SmokeResult", "Timing", "run_smoke"]


async def run_smoke(config: SmokeConfig, http: httpx.AsyncClient) -> list[SmokeResult]:
    """Every check, in a fixed order; the functional ones run concurrently."""
    results = await service_checks(config, http)
    groups = await asyncio.gather(
        availability_checks(config, http),
        booking_checks(config, http),
        whatsapp_check(config, http),
        email_checks(config, http),
    )
    for group in groups:
        results.extend(group)
    return results
