"""`agente nlu "text"`: what the agent understands of one message, as JSON.

Operators use it to see why a guest was misunderstood. Room types come from the hotel
folder's `inventory.yaml` (the mock PMS's), so names match the demo or the given hotel.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from agente_hotel.agent.nlu import default_nlu, understanding_to_json
from agente_hotel.domain import LANGUAGES, Language, RoomType
from agente_hotel.hotel import demo_hotel_dir, load_profile
from agente_hotel.pms.inventory import load_inventory


def nlu_command(
    text: Annotated[str, typer.Argument(help="The guest's message")],
    now: Annotated[
        str | None, typer.Option(help="The hotel clock, ISO 8601 with offset (default: now)")
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="The conversation's language so far: es, en or pt")
    ] = None,
    expecting: Annotated[
        str | None,
        typer.Option(
            help="What the agent just asked: confirmation, option, details, dates, occupancy"
        ),
    ] = None,
    hotel_dir: Annotated[
        Path | None, typer.Option(help="Folder with hotel.yaml and inventory.yaml (default: demo)")
    ] = None,
) -> None:
    """Print the understanding of one guest message as JSON."""
    instant = _instant(now)
    previous = _language(lang)
    folder = hotel_dir or demo_hotel_dir()
    profile = load_profile(folder)
    room_types: list[RoomType] = (
        list(load_inventory(folder).room_types) if (folder / "inventory.yaml").exists() else []
    )
    try:
        understanding = default_nlu().understand(
            text,
            now=instant,
            profile=profile,
            room_types=room_types,
            previous_language=previous,
            expecting=expecting,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--expecting") from exc
    typer.echo(json.dumps(understanding_to_json(understanding), ensure_ascii=False, indent=2))


def _instant(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 instant: {value!r}", param_hint="--now") from exc
    if instant.tzinfo is None:
        raise typer.BadParameter(
            "give the offset, e.g. 2026-11-24T10:00:00+01:00", param_hint="--now"
        )
    return instant


def _language(value: str | None) -> Language | None:
    if value is None:
        return None
    for language in LANGUAGES:
        if language == value:
            return language
    raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
