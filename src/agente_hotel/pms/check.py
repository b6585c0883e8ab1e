"""`check_pms`: can the agent work with the configured PMS? Used by `agente pms check`
and by preflight, so both report the same thing."""

from __future__ import annotations

from agente_hotel.agent.clock import SystemClock
from agente_hotel.hotel import HotelDirectory
from agente_hotel.pms.factory import qloapps_pms
from agente_hotel.pms.qloapps.check import CheckReport, check_connection
from agente_hotel.settings import PmsType, Settings

MOCK_PMS = "PMS_TYPE=mock: the built-in mock PMS serves the demo hotel; no QloApps to check."


async def check_pms(settings: Settings, hotels: HotelDirectory) -> CheckReport:
    """QloApps' connection check, step by step; for the mock PMS one step saying so.

    Raises `ConfigurationError` when QloApps' URL, key or hotel ids are not configured.
    """
    if settings.pms_type is PmsType.MOCK:
        report = CheckReport()
        report.add("PMS", True, MOCK_PMS)
        return report
    pms = qloapps_pms(settings, hotels, SystemClock())
    try:
        return await check_connection(pms)
    finally:
        await pms.aclose()
