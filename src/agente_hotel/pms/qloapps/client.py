"""HTTP transport to the QloApps webservice, and the one place its errors become ours.

QloApps answers every request with JSON when asked (`output_format=JSON`) but reports
errors in whichever format it likes, and its HTTP status is the status of the *last*
error it recorded: a validation error followed by a PHP warning arrives as a 500. So
errors are classified from the first error that is not PHP noise, never from the status
alone. PHP notices and warnings (codes 2-15) say nothing about the request; a reply made
only of them is a server fault.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from agente_hotel.errors import (
    BookingNotFound,
    PmsAuthError,
    PmsError,
    PmsRejected,
    PmsUnavailable,
    RoomUnavailable,
)

log = structlog.get_logger(__name__)

PHP_NOISE_CODES = range(2, 16)  # "[PHP Warning #2] ..." turned into API errors
AUTH_CODES = {16, 17, 18, 20, 21, 26, 132}  # no key, bad key, inactive, resource not allowed
RIGHTS_CODES = {25}  # method not allowed for this resource with this key
WEBSERVICE_DISABLED = 22
SQL_ERROR = 97
BOOKING_VALIDATION = 404  # every `bookings` POST/PUT validation failure (HTTP 400)
ROOMS_NOT_AVAILABLE = "Requested room(s) not available."
BOOKING_MISSING = "Booking not found."

Params = Mapping[str, str | int]


@dataclass(frozen=True, slots=True)
class QloError:
    code: int
    message: str

    @property
    def noise(self) -> bool:
        return self.code in PHP_NOISE_CODES


def parse_errors(body: bytes) -> list[QloError]:
    """The `errors` of a reply, in JSON (`{"errors":[...]}`) or XML (`<errors><error>`)."""
    text = body.strip()
    if text.startswith(b"{"):
        try:
            data = json.loads(text)
        except ValueError:
            return []
        return [
            QloError(int(item.get("code", 0)), str(item.get("message", "")))
            for item in data.get("errors") or ()
            if isinstance(item, dict)
        ]
    if text.startswith(b"<"):
        try:
            root: ET.Element = parse_xml(text)
        except (ET.ParseError, DefusedXmlException):
            return []
        return [
            QloError(int(error.findtext("code") or 0), error.findtext("message") or "")
            for error in root.iter("error")
        ]
    return []


def classify(status: int, errors: list[QloError], action: str) -> PmsError:
    """The domain error for a failed reply: from its first real error, else its status."""
    real = next((error for error in errors if not error.noise), None)
    if real is None:
        noise = f" ({errors[0].message})" if errors else ""
        if status == 401:
            return PmsAuthError(f"QloApps refused the API key while trying to {action}")
        if status >= 500:
            return PmsUnavailable(
                f"QloApps failed with HTTP {status} while trying to {action}{noise}"
            )
        return PmsRejected(f"QloApps answered HTTP {status} while trying to {action}{noise}")
    detail = f"{real.message} (code {real.code})"
    if real.code in AUTH_CODES:
        return PmsAuthError(f"QloApps refused the API key while trying to {action}: {detail}")
    if real.code in RIGHTS_CODES:
        return PmsAuthError(f"the API key lacks the right to {action}: {detail}")
    if real.code == WEBSERVICE_DISABLED:
        return PmsUnavailable(f"the QloApps webservice is disabled: {detail}")
    if real.code == SQL_ERROR:
        return PmsUnavailable(f"QloApps had a database error while trying to {action}: {detail}")
    if real.code == BOOKING_VALIDATION and real.message == ROOMS_NOT_AVAILABLE:
        return RoomUnavailable(f"QloApps has no such room free: {detail}")
    if real.code == BOOKING_VALIDATION and real.message == BOOKING_MISSING:
        return BookingNotFound(f"QloApps does not know this booking: {detail}")
    return PmsRejected(f"QloApps refused to {action}: {detail}")


def api_root(base_url: str) -> str:
    """`https://hotel.example` and `https://hotel.example/api/` both mean `.../api`."""
    root = base_url.rstrip("/")
    return root if root.endswith("/api") else f"{root}/api"


class QloAppsClient:
    """Speaks HTTP to one QloApps webservice with one long-lived `httpx.AsyncClient`.

    The key goes as the HTTP Basic user name with an empty password, or as `?ws_key=`
    when `key_in_query` is set (for proxies that drop the Authorization header).
    """

    def __init__(
        self,
        base_url: str,
        key: str,
        *,
        timeout_seconds: float,
        key_in_query: bool = False,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.base_url = api_root(base_url)
        self._key = key
        self._key_in_query = key_in_query
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(timeout_seconds))
        self._timeout = httpx.Timeout(timeout_seconds)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def get(self, path: str, params: Params | None = None, *, action: str) -> Any:
        """GET a resource as JSON. An empty list comes back as `[]`."""
        response = self._checked(await self._request("GET", path, params, action=action), action)
        return _json(response, action)

    async def get_one(self, path: str, *, action: str) -> Any | None:
        """GET one object as JSON, or None when QloApps answers 404 with an empty body."""
        response = await self._request("GET", path, None, action=action)
        if response.status_code == 404 and not response.content.strip():
            return None
        return _json(self._checked(response, action), action)

    async def get_xml(self, path: str, *, action: str) -> ET.Element:
        """GET in QloApps' XML, for what only the XML tells (the key's rights per resource)."""
        response = await self._request("GET", path, None, action=action, json_output=False)
        try:
            root: ET.Element = parse_xml(self._checked(response, action).content)
            return root
        except (ET.ParseError, DefusedXmlException) as exc:
            raise PmsUnavailable(
                f"QloApps sent XML that does not parse while trying to {action}"
            ) from exc

    async def post_xml(self, path: str, body: bytes, *, action: str) -> Any:
        """POST an XML body (the only input `hotel_ari` and core resources accept)."""
        response = await self._request(
            "POST", path, None, action=action, content=body, content_type="text/xml; charset=utf-8"
        )
        return _json(self._checked(response, action), action)

    async def send_json(self, method: str, path: str, payload: Any, *, action: str) -> Any:
        """POST or PUT a JSON body (accepted by `bookings` only)."""
        response = await self._request(
            method,
            path,
            None,
            action=action,
            content=json.dumps(payload).encode(),
            content_type="application/json",
        )
        return _json(self._checked(response, action), action)

    async def _request(
        self,
        method: str,
        path: str,
        params: Params | None,
        *,
        action: str,
        content: bytes | None = None,
        content_type: str | None = None,
        json_output: bool = True,
    ) -> httpx.Response:
        query: dict[str, str | int] = dict(params or {})
        if json_output:
            query["output_format"] = "JSON"
        headers = {"Content-Type": content_type} if content_type else {}
        auth: httpx.BasicAuth | None = None
        if self._key_in_query:
            query["ws_key"] = self._key
        else:
            auth = httpx.BasicAuth(self._key, "")
        url = f"{self.base_url}/{path}"
        try:
            return await self._http.request(
                method,
                url,
                params=query,
                content=content,
                headers=headers,
                auth=auth,
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            raise PmsUnavailable(
                f"QloApps did not answer in time while trying to {action}"
            ) from exc
        except httpx.TransportError as exc:
            raise PmsUnavailable(f"QloApps is unreachable while trying to {action}: {exc}") from exc

    @staticmethod
    def _checked(response: httpx.Response, action: str) -> httpx.Response:
        if response.status_code < 300:
            return response
        error = classify(response.status_code, parse_errors(response.content), action)
        log.warning(
            "qloapps_error",
            method=response.request.method,
            path=response.request.url.path,
            status=response.status_code,
            error=type(error).__name__,
            detail=str(error),
        )
        raise error


def _json(response: httpx.Response, action: str) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise PmsUnavailable(
            f"QloApps sent a reply that is not JSON while trying to {action}"
        ) from exc
