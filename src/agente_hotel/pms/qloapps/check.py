"""The operator's connection check: can the agent work with this QloApps?

It checks, in order, and stops at the first step that makes the rest meaningless:
the server answers, the webservice is enabled, the key is accepted, the webservice is
QloApps 1.6.1, the key has every right the agent needs, and each of our hotels exists
in QloApps with room types the agent can sell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agente_hotel.errors import PmsAuthError, PmsError, PmsUnavailable
from agente_hotel.pms.qloapps.adapter import REQUIRED_RESOURCES, QloAppsPMS

# What the agent does with each resource, as the key's rights name it.
NEEDED_RIGHTS: dict[str, tuple[str, ...]] = {
    "hotels": ("get",),
    "hotel_room_types": ("get",),
    "room_types": ("get",),
    "hotel_ari": ("post",),
    "bookings": ("get", "post", "put"),
    "orders": ("get",),
    "room_bookings": ("get",),
    "customers": ("get",),
    "currencies": ("get",),
    "languages": ("get",),
    "hotel_refund_rules": ("get",),
}


@dataclass(frozen=True, slots=True)
class CheckStep:
    name: str
    ok: bool
    detail: str


@dataclass
class CheckReport:
    steps: list[CheckStep] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    @property
    def failure(self) -> CheckStep | None:
        """The step that failed (the check stops at the first one), or None."""
        return next((step for step in self.steps if not step.ok), None)

    def add(self, name: str, ok: bool, detail: str) -> bool:
        self.steps.append(CheckStep(name, ok, detail))
        return ok


async def check_connection(pms: QloAppsPMS) -> CheckReport:
    """Each step's result, up to the first that fails, for every hotel `pms` maps."""
    report = CheckReport()
    client = pms.client
    try:
        listing = await client.get_xml("", action="list the webservice resources")
    except PmsAuthError as exc:
        report.add("server", True, f"{client.base_url} answers")
        report.add("API key", False, f"refused (wrong, inactive or not a webservice key): {exc}")
        return report
    except PmsUnavailable as exc:
        if "disabled" in str(exc):
            report.add("server", True, f"{client.base_url} answers")
            report.add(
                "webservice",
                False,
                "disabled: enable it in the QloApps Back Office (Advanced Parameters > Webservice)",
            )
        else:
            report.add("server", False, f"unreachable: {exc}")
        return report
    except PmsError as exc:
        report.add("server", False, f"{client.base_url} is not a QloApps webservice: {exc}")
        return report
    report.add("server", True, f"{client.base_url} answers")
    report.add("API key", True, "accepted")
    api = listing.find("api")
    rights = {element.tag: element.attrib for element in (api if api is not None else [])}
    missing_resources = [name for name in REQUIRED_RESOURCES if name not in rights]
    if not report.add(
        "webservice version",
        not missing_resources,
        "QloApps 1.6.1 (lists room_bookings, hotel_ari and bookings)"
        if not missing_resources
        else f"not QloApps 1.6.1, or the key cannot see {', '.join(missing_resources)}; "
        "the agent needs QloApps 1.6.1",
    ):
        return report
    missing = [
        f"{resource} ({method.upper()})"
        for resource, methods in NEEDED_RIGHTS.items()
        for method in methods
        if rights.get(resource, {}).get(method) != "true"
    ]
    if not report.add(
        "key rights",
        not missing,
        "every resource the agent needs"
        if not missing
        else "missing: " + ", ".join(missing) + " (Back Office > Webservice > the key)",
    ):
        return report
    for hotel_id, qlo_id in pms.hotel_ids.items():
        await _check_hotel(pms, report, hotel_id, qlo_id)
    return report


async def _check_hotel(pms: QloAppsPMS, report: CheckReport, hotel_id: str, qlo_id: int) -> None:
    label = f"hotel {hotel_id}"
    try:
        hotel = await pms.hotel_info(qlo_id)
        room_types = await pms.room_types(hotel_id)
    except PmsError as exc:
        report.add(label, False, f"QloApps hotel {qlo_id}: {exc}")
        return
    if not report.add(
        label,
        hotel.active,
        f"QloApps hotel {qlo_id} {hotel.name!r}" + ("" if hotel.active else " is not active"),
    ):
        return
    if not report.add(f"{label} room types", bool(room_types), f"{len(room_types)} active"):
        return
    for rt in room_types:
        report.add(
            f"{label} room type {rt.code}",
            True,
            f"{rt.name('en')!r}: {rt.rooms} rooms, up to {rt.max_adults} adults, "
            f"{rt.max_children} children, {rt.max_guests} guests",
        )
