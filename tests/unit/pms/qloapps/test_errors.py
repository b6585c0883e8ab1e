"""QloApps errors classified from the first real error, never from the HTTP status alone."""

from __future__ import annotations

import pytest

from agente_hotel.errors import (
    BookingNotFound,
    PmsAuthError,
    PmsError,
    PmsRejected,
    PmsUnavailable,
    RoomUnavailable,
)
from agente_hotel.pms.qloapps.client import QloError, classify, parse_errors
from tests.support.fake_qloapps import fixture_body


@pytest.mark.parametrize(
    ("fixture", "status", "expected"),
    [
        ("04_err_wrong_key.txt", 401, PmsAuthError),
        ("05_err_wrong_key.json.txt", 401, PmsAuthError),
        ("11_err_resource_not_allowed_for_key.txt", 401, PmsAuthError),
        ("174_err_webservice_disabled.txt", 503, PmsUnavailable),
        # A validation error with PHP warnings appended arrives as HTTP 500.
        ("29_err_bad_display.txt", 500, PmsRejected),
        # PHP warnings first, the real error last: still the real error.
        ("53_err_hotel_ari_malformed_xml.txt", 400, PmsRejected),
        # Only PHP noise: a server fault.
        ("65_get_booking_1_useTax_bug.json.txt", 500, PmsUnavailable),
        ("71_err_post_booking_unavailable_too_many_rooms.json.txt", 400, RoomUnavailable),
    ],
)
def test_captured_errors_are_classified(
    fixture: str, status: int, expected: type[PmsError]
) -> None:
    error = classify(status, parse_errors(fixture_body(fixture)), "do it")
    assert type(error) is expected


def test_a_plain_text_401_is_an_auth_error() -> None:
    assert isinstance(
        classify(401, parse_errors(fixture_body("03_err_no_key.txt")), "x"), PmsAuthError
    )


def test_an_empty_500_is_unavailable() -> None:
    assert isinstance(classify(500, parse_errors(b""), "x"), PmsUnavailable)


def test_booking_not_found_on_put_is_booking_not_found() -> None:
    error = classify(400, [QloError(404, "Booking not found.")], "x")
    assert isinstance(error, BookingNotFound)
