"""Money, dates and counts written the way each language writes them (Babel for locales)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency

from agente_hotel.domain import Language, Occupancy, Stay

LOCALES: dict[Language, str] = {"es": "es_ES", "en": "en_GB", "pt": "pt_PT"}

# Day-and-month patterns; the year is added only when it is not the current one.
_DAY_MONTH = {"es": "d 'de' MMMM", "en": "d MMMM", "pt": "d 'de' MMMM"}
_DAY_MONTH_YEAR = {"es": "d 'de' MMMM 'de' y", "en": "d MMMM y", "pt": "d 'de' MMMM 'de' y"}
_RANGE = {
    "es": ("del {start} al {end}", "del {d1} al {d2} de {month}"),
    "en": ("{start} – {end}", "{d1}–{d2} {month}"),
    "pt": ("de {start} a {end}", "de {d1} a {d2} de {month}"),
}
_WORDS: dict[Language, dict[str, tuple[str, str]]] = {
    "es": {
        "night": ("noche", "noches"),
        "guest": ("persona", "personas"),
        "adult": ("adulto", "adultos"),
        "child": ("niño", "niños"),
        "room": ("habitación", "habitaciones"),
    },
    "en": {
        "night": ("night", "nights"),
        "guest": ("guest", "guests"),
        "adult": ("adult", "adults"),
        "child": ("child", "children"),
        "room": ("room", "rooms"),
    },
    "pt": {
        "night": ("noite", "noites"),
        "guest": ("pessoa", "pessoas"),
        "adult": ("adulto", "adultos"),
        "child": ("criança", "crianças"),
        "room": ("quarto", "quartos"),
    },
}
_AND = {"es": "y", "en": "and", "pt": "e"}


def money(amount: Decimal, currency: str, language: Language) -> str:
    """`1036,00 €` (es, pt) or `€1036.00` (en).

    No thousands separator: a stay's total then reads the same as the PMS's figure
    ("1036"), however the guest's locale groups digits ("1.036", "1 036", "1,036").
    """
    return format_currency(amount, currency, locale=LOCALES[language], group_separator=False)


def day(value: date, language: Language, *, today: date | None = None) -> str:
    """`10 de diciembre`, `10 December`, `10 de dezembro` (with the year when not this one)."""
    same_year = today is None or value.year == today.year
    pattern = (_DAY_MONTH if same_year else _DAY_MONTH_YEAR)[language]
    return format_date(value, pattern, locale=LOCALES[language])


def stay_range(stay: Stay, language: Language, *, today: date | None = None) -> str:
    """`del 14 al 17 de enero`, `14–17 January`, `de 14 a 17 de janeiro`."""
    whole, compact = _RANGE[language]
    same_year = today is None or stay.check_out.year == today.year
    if stay.check_in.month == stay.check_out.month and stay.check_in.year == stay.check_out.year:
        month_pattern = "MMMM" if same_year else ("MMMM y" if language == "en" else "MMMM 'de' y")
        month = format_date(stay.check_in, month_pattern, locale=LOCALES[language])
        return compact.format(d1=stay.check_in.day, d2=stay.check_out.day, month=month)
    return whole.format(
        start=day(stay.check_in, language, today=today),
        end=day(stay.check_out, language, today=today),
    )


def count(number: int, word: str, language: Language) -> str:
    """`1 noche`, `3 nights`, `2 crianças`."""
    singular, plural = _WORDS[language][word]
    return f"{number} {singular if number == 1 else plural}"


def occupancy(party: Occupancy, language: Language) -> str:
    """`2 adultos y 1 niño`, `2 adults`."""
    text = count(party.adults, "adult", language)
    if party.children:
        text += f" {_AND[language]} {count(party.children, 'child', language)}"
    return text


def listing(items: list[str], language: Language) -> str:
    """`a, b y c`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND[language]} {items[-1]}"
