"""The QloApps 1.6.1 webservice as our PMS."""

from agente_hotel.pms.qloapps.adapter import QloAppsPMS
from agente_hotel.pms.qloapps.client import QloAppsClient

__all__ = ["QloAppsClient", "QloAppsPMS"]
