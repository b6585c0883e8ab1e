import base64

import httpx
import pytest

from agente_hotel.channels.email.oauth import (
    EXPIRY_MARGIN_SECONDS,
    RefreshTokenSource,
    xoauth2_string,
)
from agente_hotel.errors import ChannelError, ConfigurationError

TOKEN_URL = "https://oauth2.googleapis.com/token"


class TokenEndpoint:
    """Google's token endpoint as far as a refresh goes."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.forms: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.forms.append(request.content.decode())
        return self.responses.pop(0)


def source(endpoint: TokenEndpoint, clock: list[float] | None = None) -> RefreshTokenSource:
    http = httpx.AsyncClient(transport=httpx.MockTransport(endpoint))
    now = clock or [1000.0]
    return RefreshTokenSource(
        client_id="client-1",
        client_secret="shh",
        refresh_token="1//refresh",
        http=http,
        monotonic=lambda: now[0],
    )


def granted(token: str, expires_in: int = 3599) -> httpx.Response:
    return httpx.Response(200, json={"access_token": token, "expires_in": expires_in})


async def test_refresh_token_is_traded_for_an_access_token_once_while_valid() -> None:
    endpoint = TokenEndpoint(granted("ya29.one"))
    tokens = source(endpoint)
    assert await tokens.access_token() == "ya29.one"
    assert await tokens.access_token() == "ya29.one"
    assert len(endpoint.forms) == 1
    assert "grant_type=refresh_token" in endpoint.forms[0]
    assert "refresh_token=1%2F%2Frefresh" in endpoint.forms[0]


async def test_an_expired_access_token_is_refreshed() -> None:
    endpoint = TokenEndpoint(granted("ya29.one", expires_in=3600), granted("ya29.two"))
    clock = [1000.0]
    tokens = source(endpoint, clock)
    assert await tokens.access_token() == "ya29.one"
    clock[0] += 3600 - EXPIRY_MARGIN_SECONDS - 1
    assert await tokens.access_token() == "ya29.one"
    clock[0] += 1
    assert await tokens.access_token() == "ya29.two"


async def test_a_revoked_refresh_token_is_a_configuration_error() -> None:
    tokens = source(TokenEndpoint(httpx.Response(400, json={"error": "invalid_grant"})))
    with pytest.raises(ConfigurationError, match="invalid_grant"):
        await tokens.access_token()


async def test_a_failing_token_endpoint_is_a_channel_error() -> None:
    tokens = source(TokenEndpoint(httpx.Response(503)))
    with pytest.raises(ChannelError, match="503"):
        await tokens.access_token()


def test_xoauth2_string_follows_googles_format() -> None:
    sasl = xoauth2_string("reservas@hotel.test", "ya29.one")
    assert sasl == "user=reservas@hotel.test\x01auth=Bearer ya29.one\x01\x01"
    assert base64.b64encode(sasl.encode()).startswith(b"dXNlcj1")
