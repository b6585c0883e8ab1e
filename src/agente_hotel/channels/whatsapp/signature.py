"""Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.

Every request is checked against the app secret; there is no value that skips the check.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from agente_hotel.errors import InvalidSignature

SIGNATURE_HEADER = "X-Hub-Signature-256"
_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")


def verify_signature(raw_body: bytes, header: str | None, app_secret: str) -> None:
    """Return when `header` signs `raw_body` with `app_secret`; raise `InvalidSignature` if not."""
    if not app_secret:
        raise InvalidSignature("no app secret is configured to check the signature")
    if not header:
        raise InvalidSignature(f"the {SIGNATURE_HEADER} header is missing")
    match = _SIGNATURE.fullmatch(header.strip())
    if match is None:
        raise InvalidSignature(f"the {SIGNATURE_HEADER} header is not 'sha256=<64 hex digits>'")
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, match.group(1).lower()):
        raise InvalidSignature("the signature does not match the body")
