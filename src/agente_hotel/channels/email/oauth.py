"""XOAUTH2 for Gmail and Google Workspace: a refresh token traded for access tokens.

Google's access tokens last about an hour; one is kept until a minute before it expires,
so IMAP logins and SMTP sends between refreshes do not call the token endpoint.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx

from agente_hotel.errors import ChannelError, ConfigurationError

GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL, not a secret)
EXPIRY_MARGIN_SECONDS = 60.0


def xoauth2_string(user: str, access_token: str) -> str:
    """The SASL XOAUTH2 initial response, before base64."""
    return f"user={user}\x01auth=Bearer {access_token}\x01\x01"


class RefreshTokenSource:
    """An `AccessTokenSource` backed by an OAuth 2.0 refresh token.

    Without a shared `http` client, each refresh (about once an hour) uses its own short-lived
    client.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        token_url: str = GOOGLE_TOKEN_URL,
        http: httpx.AsyncClient | None = None,
        timeout_seconds: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._form = {
            "grant_type": "refresh_token",
            "client_id": client_id,
            "client_secret": client_secret,
            "refresh_token": refresh_token,
        }
        self._token_url = token_url
        self._http = http
        self._timeout = timeout_seconds
        self._monotonic = monotonic
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"RefreshTokenSource(token_url={self._token_url!r})"

    async def access_token(self) -> str:
        async with self._lock:
            if self._token is None or self._monotonic() >= self._expires_at:
                self._token, lifetime = await self._refresh()
                self._expires_at = self._monotonic() + max(lifetime - EXPIRY_MARGIN_SECONDS, 0.0)
            return self._token

    async def _refresh(self) -> tuple[str, float]:
        try:
            if self._http is not None:
                response = await self._http.post(
                    self._token_url, data=self._form, timeout=self._timeout
                )
            else:
                async with httpx.AsyncClient(timeout=self._timeout) as http:
                    response = await http.post(self._token_url, data=self._form)
        except httpx.HTTPError as exc:
            raise ChannelError(f"OAuth token endpoint unreachable: {exc}") from exc
        if response.status_code in (400, 401):
            # invalid_grant (revoked or expired refresh token), invalid_client: needs a person
            raise ConfigurationError(
                f"OAuth token endpoint refused the refresh token: {_oauth_error(response)}"
            )
        if response.status_code != 200:
            raise ChannelError(f"OAuth token endpoint answered {response.status_code}")
        try:
            body = response.json()
            return str(body["access_token"]), float(body.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError) as exc:
            raise ChannelError("OAuth token endpoint sent no access token") from exc


def _oauth_error(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict) and "error" in body:
        return str(body["error"])
    return f"HTTP {response.status_code}"
