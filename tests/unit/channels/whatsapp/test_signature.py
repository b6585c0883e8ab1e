import hashlib
import hmac

import pytest

from agente_hotel.channels.whatsapp.signature import verify_signature
from agente_hotel.errors import InvalidSignature

SECRET = "app-secret-for-tests"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_body_signed_with_the_app_secret_is_accepted() -> None:
    verify_signature(BODY, sign(BODY), SECRET)


def test_the_hex_digest_may_be_upper_case() -> None:
    header = sign(BODY)
    verify_signature(BODY, "sha256=" + header.removeprefix("sha256=").upper(), SECRET)


@pytest.mark.parametrize("header", [None, ""])
def test_a_missing_signature_is_refused(header: str | None) -> None:
    with pytest.raises(InvalidSignature, match="missing"):
        verify_signature(BODY, header, SECRET)


def test_a_body_changed_after_signing_is_refused() -> None:
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_signature(BODY + b" ", sign(BODY), SECRET)


def test_a_signature_made_with_another_secret_is_refused() -> None:
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_signature(BODY, sign(BODY, "someone-elses-secret"), SECRET)


@pytest.mark.parametrize(
    "header",
    [
        "dummy-signature",
        "sha256=dummy-signature",
        "sha256=",
        "test",
        "bypass",
        "sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest(),  # old header
        sign(BODY).removeprefix("sha256="),
        "sha256=" + "0" * 64,
        "sha256=" + "ñ" * 64,
        sign(BODY) + "00",
    ],
)
def test_no_header_value_bypasses_the_check(header: str) -> None:
    with pytest.raises(InvalidSignature):
        verify_signature(BODY, header, SECRET)


def test_without_an_app_secret_nothing_is_accepted() -> None:
    with pytest.raises(InvalidSignature, match="no app secret"):
        verify_signature(BODY, sign(BODY, ""), "")
