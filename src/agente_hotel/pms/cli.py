"""`agente pms`: check the connection to QloApps and see what the agent would quote."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agente_hotel.agent.clock import SystemClock
from agente_hotel.bootstrap import load_hotel
from agente_hotel.domain import Occupancy, RoomOffer, Stay
from agente_hotel.errors import ConfigurationError, PmsError
from agente_hotel.hotel import HotelDirectory
from agente_hotel.ops.console import print_checks
from agente_hotel.pms.check import MOCK_PMS, check_pms
from agente_hotel.pms.factory import build_pms
from agente_hotel.settings import PmsType, Settings

pms_app = typer.Typer(
    help="The hotel's PMS: connection check and availability.", no_args_is_help=True
)


def _settings(console: Console) -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        console.print(f"[red]Configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def _hotels(settings: Settings) -> HotelDirectory:
    return HotelDirectory([load_hotel(settings)])


@pms_app.command()
def check() -> None:
    """Check QloApps: reachable, key and rights, version, hotel and room types."""
    console = Console()
    settings = _settings(console)
    if settings.pms_type is PmsType.MOCK:
        console.print(MOCK_PMS)
        return
    try:
        report = asyncio.run(check_pms(settings, _hotels(settings)))
    except ConfigurationError as exc:
        console.print(f"[red]Configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    print_checks(
        console,
        f"QloApps at {settings.pms_api_base_url}",
        (
            (step.name, "OK", "green", step.detail)
            if step.ok
            else (step.name, "FAIL", "red", step.detail)
            for step in report.steps
        ),
    )
    failed = report.failure
    if failed is not None:
        console.print(
            f"[red]QloApps check failed:[/red] {escape(f'{failed.name}: {failed.detail}')}"
        )
        raise typer.Exit(1)
    console.print("[green]QloApps is ready for the agent.[/green]")


@pms_app.command()
def availability(
    check_in: Annotated[date, typer.Option("--from", formats=["%Y-%m-%d"], help="Check-in date")],
    check_out: Annotated[date, typer.Option("--to", formats=["%Y-%m-%d"], help="Check-out date")],
    adults: Annotated[int, typer.Option(min=1)],
    children: Annotated[int, typer.Option(min=0)] = 0,
    hotel: Annotated[str | None, typer.Option(help="Our hotel id (default: the hotel)")] = None,
) -> None:
    """Print the offers the agent would quote for a stay, from the configured PMS."""
    console = Console()
    settings = _settings(console)
    stay = Stay(check_in, check_out)
    occupancy = Occupancy(adults=adults, children=children)
    try:
        hotels = _hotels(settings)
        hotel_id = hotel or hotels.default.id
        offers = asyncio.run(_availability(settings, hotels, hotel_id, stay, occupancy))
    except (ConfigurationError, PmsError) as exc:
        console.print(f"[red]No availability:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    language = hotels.get(hotel_id).default_language
    table = Table(
        title=f"{hotel_id}: {stay.check_in} to {stay.check_out}, "
        f"{adults} adults, {children} children"
    )
    for column in ("room type", "name", "fits", "free", "nightly", "total", "quoted"):
        table.add_column(column)
    for offer in offers:
        fits = offer.room_type.fits(occupancy)
        table.add_row(
            offer.room_type.code,
            offer.room_type.name(language),
            "yes" if fits else "no",
            str(offer.available_rooms),
            ", ".join(f"{rate.night:%d/%m} {rate.price}" for rate in offer.nightly),
            f"{offer.total} {offer.currency}",
            "yes" if fits and offer.available else "no",
        )
    console.print(table)


async def _availability(
    settings: Settings, hotels: HotelDirectory, hotel_id: str, stay: Stay, occupancy: Occupancy
) -> list[RoomOffer]:
    pms = build_pms(settings, hotels, SystemClock())
    try:
        return await pms.availability(hotel_id, stay, occupancy)
    finally:
        await pms.aclose()
