"""What the agent says, in the guest's language: the sentence catalogue and its formatting."""

from __future__ import annotations

from agente_hotel.agent.replies.catalog import CATALOG
from agente_hotel.domain import Language


def say(key: str, language: Language, **fields: object) -> str:
    """The catalogue sentence `key` in `language`, with its fields filled in."""
    return CATALOG[key][language].format(**fields)


def numbered(lines: list[str]) -> str:
    """Options as text that reads well on any channel: `1. ...` one per line."""
    return "\n".join(f"{index}. {line}" for index, line in enumerate(lines, start=1))


__all__ = ["numbered", "say"]
