"""Which of the hotel's room types a message names, in any language and with typos.

The words come from the PMS names of each room type ("Habitación Doble", "Quarto Duplo")
plus the usual synonyms of the concept those names contain ("casal", "matrimonio" for a
double). Typos are caught with rapidfuzz ("dobel", "suit", "familar").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from agente_hotel.agent.nlu.text import fold
from agente_hotel.domain import RoomType

# Words every room type name shares: they tell nothing about which type.
GENERIC = {
    "habitacion", "habitaciones", "room", "rooms", "quarto", "quartos", "de", "la", "el", "the",
    "o", "a", "del", "do", "da", "con", "with", "com", "y", "and", "e",
}  # fmt: skip
# Each concept's synonyms apply to a room type whose names contain one of them.
CONCEPTS = (
    {"doble", "double", "duplo", "dupla", "casal", "matrimonio", "matrimonial"},
    {"individual", "single", "solteiro", "sencilla", "simple", "singel"},
    {"familiar", "family", "familiares"},
    {"suite", "suit", "suites", "junior"},
)
# "a single night", "a family of four", "precio doble": the word is not about the room.
NOT_A_ROOM_AFTER = {
    "single": {"night", "noche", "noite", "person", "day", "bed"},
    "family": {"of", "with", "de"},
    "individual": {"person", "persona"},
    # The verb: "which room would suit us", "to suit the three of us".
    "suit": {"us", "you", "me", "them", "the", "our", "your", "everyone", "both", "all"},
}
# Everyday words a typo-tolerant match would take for a room type.
NEVER = {"simply", "familia", "familias", "familly", "suitable", "singles", "doubt", "suits"}
MIN_SCORE = 80.0
# Words before a room type that give it up for another one named in the same message.
_GIVEN_UP = re.compile(
    r"\b(?:en vez del?|en lugar del?|instead of|rather than|em vez d[eoa]|em lugar d[eoa]|"
    r"(?:shame|pity) about|(?:que )?pena (?:lo )?d[eoa]l?|lastima (?:lo )?del?)"
    r"(?: (?:la|el|the|o|a|un|una|um|uma|habitacion|room|quarto))*$"
)


@dataclass(frozen=True, slots=True)
class RoomTypeMatch:
    code: str
    score: float  # 0..1


def match_room_type(text: str, room_types: Sequence[RoomType]) -> RoomTypeMatch | None:
    """The room type the message names, best (then earliest) match first; None if none."""
    vocabulary = _vocabulary(
        tuple((rt.code, tuple(sorted(rt.names.values()))) for rt in room_types)
    )
    if not vocabulary:
        return None
    words = re.findall(r"[a-z]+", fold(text))
    best: RoomTypeMatch | None = None
    keys = list(vocabulary)
    for i, word in enumerate(words):
        if len(word) < 4 or word in GENERIC or word in NEVER:
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if following in NOT_A_ROOM_AFTER.get(word, set()):
            continue
        cutoff = 100.0 if len(word) < 5 else MIN_SCORE
        found = process.extractOne(word, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            continue
        keyword, score, _ = found
        if len(keyword) < 5 and score < 100:
            continue
        if _GIVEN_UP.search(" ".join(words[max(0, i - 4) : i])):
            continue  # "en vez de la doble, la suite": the double is given up
        if _changed_into_another(words, i, vocabulary):
            continue  # "downgrade our suite to a double": the suite is left
        if best is None or score / 100 > best.score:
            best = RoomTypeMatch(vocabulary[keyword], score / 100)
    return best


# "the suite to a double", "la suite por una doble", "o duplo para a suíte".
_INTO = {"to", "for", "into", "por", "para", "pela", "pelo", "pra", "a", "al"}


def _changed_into_another(words: list[str], i: int, vocabulary: dict[str, str]) -> bool:
    """The room type at `i` is followed by "to/por/para" and another room type."""
    following = words[i + 1 : i + 6]
    if not following or following[0] not in _INTO:
        return False
    own = vocabulary.get(words[i])
    return any(vocabulary.get(word) not in (None, own) for word in following[1:] if len(word) >= 4)


@lru_cache(maxsize=32)
def _vocabulary(types: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """Keyword -> room type code; a word shared by two types names neither."""
    owners: dict[str, set[str]] = {}
    for code, names in types:
        own = {w for name in names for w in re.findall(r"[a-z]+", fold(name))} - GENERIC
        for concept in CONCEPTS:
            if own & concept:
                own |= concept
        for word in own:
            owners.setdefault(word, set()).add(code)
    return {word: next(iter(codes)) for word, codes in owners.items() if len(codes) == 1}
