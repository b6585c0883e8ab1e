"""The composition root builds the adapters the settings ask for, and only those."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agente_hotel.bootstrap import _graph_transport, build_services
from agente_hotel.channels.email import SmtpSender
from agente_hotel.channels.log_sender import LogSender
from agente_hotel.channels.whatsapp.client import WhatsAppClient
from agente_hotel.domain import Channel
from agente_hotel.settings import Settings


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}",
        **values,
    )


async def test_the_default_is_the_demo_hotel_with_replies_to_the_log(tmp_path: Path) -> None:
    services = build_services(settings(tmp_path))
    try:
        assert services.hotel.id == "solymar"
        assert isinstance(services.senders[Channel.WHATSAPP], LogSender)
        assert Channel.EMAIL not in services.senders
        assert services.email is None and services.whatsapp is None
        assert set(services.readiness_checks()) == {"database", "pms"}
    finally:
        await services.aclose()


async def test_configured_channels_get_real_senders(tmp_path: Path) -> None:
    services = build_services(
        settings(
            tmp_path,
            whatsapp_access_token="token",
            whatsapp_phone_number_id="555",
            email_address="reservas@hotel.example",
            email_password="app-password",
            email_imap_host="imap.hotel.example",
            email_smtp_host="smtp.hotel.example",
            redis_url="redis://127.0.0.1:6379/0",
        )
    )
    try:
        assert isinstance(services.senders[Channel.WHATSAPP], WhatsAppClient)
        assert isinstance(services.senders[Channel.EMAIL], SmtpSender)
        assert services.email is not None and services.email.display_name == "Hotel Sol y Mar"
        assert services.hotels.by_whatsapp_number("555") is services.hotel
        assert "redis" in services.readiness_checks()
    finally:
        await services.aclose()


def test_the_graph_api_goes_through_the_proxy_the_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "graph.test")

    proxy = _graph_transport("https://graph.facebook.com/v21.0").proxy
    assert proxy is not None and str(proxy.url) == "http://proxy.internal:3128"
    assert _graph_transport("https://graph.test/v21.0").proxy is None
    assert _graph_transport("http://127.0.0.1:8000/v21.0").proxy is None  # no HTTP_PROXY
