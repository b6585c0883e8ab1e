"""Stay dates in free text (es/en/pt), resolved against the hotel's local date.

A message is read as a sequence of date *atoms* (a full date, a bare day number in a date
context, a weekday, "mañana", "este finde") and durations ("3 noches", "six weeks").
The first two atoms are the stay's ends unless words like "salida"/"leaving" say
otherwise. Years are inferred forward: a date without a year is its next occurrence, and a
check-out without a year or month is the first one after the check-in. A check-out
stated before the check-in is returned as stated, so the dialogue can point it out.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from agente_hotel.agent.nlu.text import as_number, fold

MONTHS: dict[str, int] = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
}  # fmt: skip
# Abbreviations collide with words ("mar", "may", "set", "out"): only next to a day number.
MONTH_NAMES = tuple(MONTHS)
WORDLIKE_MONTHS = {"mar", "may", "set", "out"}  # also words: months only next to a day
MONTH_LINKS = {"de", "of", "do", "del", "da"}  # "5 de marzo", "the 5th of May"
MONTH_ABBREVIATIONS: dict[str, int] = {
    "ene": 1, "jan": 1, "feb": 2, "fev": 2, "mar": 3, "abr": 4, "apr": 4, "may": 5,
    "mai": 5, "jun": 6, "jul": 7, "ago": 8, "aug": 8, "sep": 9, "sept": 9, "set": 9,
    "oct": 10, "out": 10, "nov": 11, "dic": 12, "dec": 12, "dez": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
    "domingo": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "segunda-feira": 0, "terca-feira": 1, "quarta-feira": 2,
    "quinta-feira": 3, "sexta-feira": 4,
}  # fmt: skip
# Portuguese short weekday names are also ordinals ("a segunda opção"): only after these.
PT_SHORT_WEEKDAYS = {"segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4}
PT_WEEKDAY_LEAD = {"na", "nesta", "esta", "proxima", "ate", "de", "a", "e"}

NEXT_WORDS = {"next", "proximo", "proxima", "que viene", "que vem", "siguiente", "following"}
THIS_WORDS = {"this", "este", "esta", "este proximo", "nesta", "neste", "esse", "coming"}
RELATIVE_DAYS = {
    "hoy": 0, "today": 0, "hoje": 0, "tonight": 0, "manana": 1, "tomorrow": 1, "amanha": 1,
}  # fmt: skip
# "por la mañana" is "in the morning", not "tomorrow".
NOT_TOMORROW_BEFORE = {"la", "esta", "cada", "toda", "the", "a"}
WEEKEND_PHRASES = ("fin de semana", "fim de semana", "finde", "weekend", "week-end", "fds")
HOLIDAYS = {  # used only when the message names no other date
    "nochevieja": (12, 31), "new year's eve": (12, 31), "new years eve": (12, 31),
    "reveillon": (12, 31), "passagem de ano": (12, 31), "nochebuena": (12, 24),
    "christmas eve": (12, 24), "vespera de natal": (12, 24), "san valentin": (2, 14),
    "valentine's day": (2, 14), "valentines day": (2, 14), "dia dos namorados": (6, 12),
}  # fmt: skip

# Days named after Easter Sunday, by their distance from it.
EASTER_DAYS = {
    ("good", "friday"): -2, ("viernes", "santo"): -2, ("sexta-feira", "santa"): -2,
    ("sexta", "feira", "santa"): -2, ("sexta", "santa"): -2, ("holy", "thursday"): -3,
    ("maundy", "thursday"): -3, ("jueves", "santo"): -3, ("quinta-feira", "santa"): -3,
    ("easter", "sunday"): 0, ("domingo", "de", "pascua"): 0, ("domingo", "de", "resurreccion"): 0,
    ("domingo", "de", "pascoa"): 0, ("easter", "monday"): 1, ("lunes", "de", "pascua"): 1,
    ("segunda-feira", "de", "pascoa"): 1,
}  # fmt: skip

# "daqui a duas semanas", "in 10 days": a date counted from today, not a length of stay.
OFFSET_LEADS = (("daqui", "a"), ("dentro", "de"), ("in",), ("within",), ("en",))
OFFSET_UNITS = {"dia": 1, "dias": 1, "day": 1, "days": 1, "semana": 7, "semanas": 7,
                "week": 7, "weeks": 7}  # fmt: skip
# "en" alone is also "in the": only weeks after it ("en dos semanas", not "en 3 días").
WEEKS_ONLY_LEADS = {("en",)}
# Farewells that name a day: "hasta mañana" closes a chat, it does not ask for tomorrow.
FAREWELLS = (
    ("see", "you", "tomorrow"), ("nos", "vemos", "manana"), ("talk", "tomorrow"),
    ("ate", "amanha"), ("hasta", "manana"), ("speak", "tomorrow"),
)  # fmt: skip
ONE_NIGHT_WORDS = {"night", "noche", "noite"}
NEXT_MONTH = (("mes", "que", "viene"), ("mes", "que", "vem"), ("next", "month"),
              ("proximo", "mes"), ("mes", "siguiente"), ("following", "month"))  # fmt: skip
NIGHT_UNITS = {"noche": 1, "noches": 1, "night": 1, "nights": 1, "noite": 1, "noites": 1,
               "dia": 1, "dias": 1, "day": 1, "days": 1, "semana": 7, "semanas": 7,
               "week": 7, "weeks": 7, "quincena": 14, "fortnight": 14}  # fmt: skip
DAY_UNITS = {"dia", "dias", "day", "days"}
SHIFT_WORDS = {
    "antes", "before", "earlier", "later", "despues", "depois", "mas", "more", "extra", "menos",
    "less", "fewer",
}  # fmt: skip
# Words after a number that make it a count of something rather than a day of the month.
COUNT_UNITS = set(NIGHT_UNITS) | {
    "adulto", "adultos", "adult", "adults", "persona", "personas", "people", "person",
    "persons", "pessoa", "pessoas", "nino", "ninos", "nina", "ninas", "child", "children",
    "kid", "kids", "crianca", "criancas", "ano", "anos", "year", "years", "years-old",
    "year-old", "habitacion", "habitaciones", "room", "rooms", "quarto", "quartos", "huesped",
    "huespedes", "guest", "guests", "hospede", "hospedes", "pax", "kg", "kilos", "km", "eur",
    "euros", "h", "horas", "hours", "minutos", "minutes", "mes", "meses", "month", "months",
    "cama", "camas", "bed", "beds", "bebe", "bebes", "baby", "babies", "hijo", "hijos",
    "filho", "filhos", "son", "sons", "daughter", "daughters", "hija", "hijas", "filha",
    "filhas", "menores", "mayores", "perro", "perros", "dog", "dogs", "cao", "caes",
    "one", "option", "options", "opcion", "opciones", "opcao", "opcoes",
}  # fmt: skip
DAY_LEAD = {"el", "del", "al", "dia", "the", "do", "no", "ao", "day", "hasta el"}
CHAIN_LINKS = {"al", "a", "to", "till", "until", "y", "e", "and", "-", "hasta", "ate", "ao",
               "through", "thru", "el", "the", "o", "or", "ou", "del", "dia", "do"}  # fmt: skip
CHECK_IN_CUES = {
    "desde", "from", "starting", "arriving", "arrive", "arrival", "llegada", "llegamos",
    "llego", "llegaria", "llegariamos", "llegar", "entrada", "entramos", "entrar", "in",
    "chegada", "chegamos", "chego", "chegar", "partir", "beginning", "check-in",
}  # fmt: skip
# Departure words that never announce an arrival ("vamos el 5" may be either).
DEPARTURE_CUES = {
    "hasta", "until", "till", "leaving", "leave", "departure", "depart", "departing", "salida",
    "out",
    "salimos", "salir", "irnos", "saida", "saimos", "sair", "ate", "check-out", "checkout",
    "volvemos", "regresamos", "embora",
}  # fmt: skip
LEAVING_PAIRS = (["nos", "vamos"], ["me", "voy"], ["nos", "marchamos"], ["me", "marcho"],
                 ["me", "vou"])  # fmt: skip
CHECK_OUT_CUES = {
    "hasta", "until", "till", "leaving", "leave", "departure", "depart", "departing",
    "salida", "salimos", "salir", "vamos", "iriamos", "irnos", "iremos", "saida", "saimos",
    "sair", "ate", "out", "check-out", "checkout", "volvemos", "regresamos", "embora",
}  # fmt: skip

# Days written in words: "the twenty second", "el veintidós", "vinte e dois".
_EN_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
EN_ORDINAL_DAYS: dict[str, int] = {word: n for n, word in enumerate(_EN_ORDINALS, start=1)}
EN_ORDINAL_DAYS["thirtieth"] = 30
EN_TENS = {"twenty": 20, "thirty": 30}
_ES_PT_DAYS = {
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiun": 21,
    "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
    "treze": 13, "catorze": 14, "quinze": 15, "dezasseis": 16, "dezesseis": 16,
    "dezassete": 17, "dezessete": 17, "dezoito": 18, "dezanove": 19, "dezenove": 19,
    "vinte": 20, "trinta": 30, "primero": 1,
}  # fmt: skip
# Spanish and Portuguese small numbers are days only in a date ("del dos al cinco de enero").
_SMALL_DAYS = {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
               "nueve": 9, "diez": 10, "once": 11, "doce": 12, "dois": 2, "quatro": 4,
               "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11}  # fmt: skip
_ONES = {"one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4,
         "fourth": 4, "five": 5, "fifth": 5, "six": 6, "sixth": 6, "seven": 7, "seventh": 7,
         "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "uno": 1, "um": 1, "dois": 2,
         "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7, "oito": 8,
         "nove": 9}  # fmt: skip

_TOKEN = re.compile(
    r"\d{1,4}(?:[./-]\d{1,4}){1,2}(?![\d:])|\d{1,4}(?:st|nd|rd|th|ero|ro|er|o|a)?(?![\w:])"
    r"|\d+[:h]\d*|[a-z]+(?:['-][a-z]+)*|[-–]"
)


# "3 kids (3, 6 and 9)", "(4 y 7 años)": children's ages, never days of a stay.
_AGES_IN_BRACKETS = re.compile(
    r"\((?:\s*\d{1,2}\s*(?:,|y|and|e|&|anos|años|years?|yo|y/o|-year-old)?\s*)+\)"
)


@dataclass(frozen=True, slots=True)
class StayDates:
    check_in: date | None = None
    check_out: date | None = None
    nights: int | None = None
    relative: bool = False  # resolved from "mañana", weekdays, "este finde"

    @property
    def found(self) -> bool:
        return self.check_in is not None or self.nights is not None


@dataclass(frozen=True, slots=True)
class _Atom:
    position: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    resolved: date | None = None  # already concrete (relative words, weekdays)
    end: date | None = None  # a weekend spans Friday to Sunday
    role: str | None = None  # "in" | "out"
    relative: bool = False


def extract_dates(text: str, today: date, *, anchor: date | None = None) -> StayDates:
    """Check-in, check-out and nights named in `text`, relative to the hotel's `today`.

    `anchor` is the arrival already under discussion: days written without a month
    ("mejor del 15 al 17") fall in its month when that is still ahead.
    """
    folded = _AGES_IN_BRACKETS.sub(" ", fold(text))
    toks = _spelled_days([m.group() for m in _TOKEN.finditer(folded)])
    toks = _drop_farewells(_mark_offsets(_name_next_month(toks, today)))
    toks = _drop_replaced(toks)
    atoms = _atoms(toks, today)
    nights = _nights(toks)
    holiday = _holiday_atoms(" ".join(toks))
    if not atoms:
        atoms = holiday
    elif holiday and len(atoms) == 1 and _departure_only(toks, atoms[0]):
        atoms = [*holiday, atoms[0]]  # "just New Year's Eve, out on the 1st"
    if not atoms:
        return StayDates(nights=nights) if nights else StayDates()
    atoms, nights = _weekdays_named_by_a_date(atoms, nights, toks)
    if nights is None and len(atoms) == 1 and _one_night_after(toks, atoms[0]):
        nights = 1  # "this Saturday night", "el sábado por la noche"
    start = anchor if anchor is not None and anchor.replace(day=1) >= today.replace(day=1) else None
    return _assemble(atoms, nights, today, toks, start)


_EXTRA_NIGHTS = re.compile(
    r"\b(?:(\w+) (?:noches?|nights?|noites?|dias?|days?) (?:mas|more|extra|a mais)"
    r"|(?:mais|another|other) (\w+) (?:noites?|nights?|dias?|days?)"
    r"|(\w+) (?:more|mas) (?:noches?|nights?|noites?|dias?|days?)"
    r"|(another|extra) (?:night|day)|(?:noche|noite) (extra))\b"
)
_FEWER_NIGHTS = re.compile(
    r"\b(?:(\w+) (?:noches?|nights?|noites?) (?:menos|less|fewer)|menos (\w+) (?:noches?|noites?)"
    r"|(\w+) (?:fewer|less) nights?|short(?:er)? by (\w+) nights?)\b"
)


def extra_nights(text: str) -> int | None:
    """Nights added to a stay already booked: "una noche más", "two more nights",
    "mais uma noite", "another night"; negative when taken away ("menos uma noite");
    None when the message changes none."""
    folded = fold(text)
    fewer = _FEWER_NIGHTS.search(folded)
    if fewer is not None:
        count = as_number(next(g for g in fewer.groups() if g), allow_article=True)
        return -count if count is not None and 0 < count <= 30 else None
    match = _EXTRA_NIGHTS.search(folded)
    if match is None:
        return None
    word = next(g for g in match.groups() if g)
    count = 1 if word in {"another", "extra"} else as_number(word, allow_article=True)
    return count if count is not None and 0 < count <= 30 else None


_ARRIVAL_SHIFT = re.compile(
    r"\b(?:(\w+) (?:dias?|days?|noches?|nights?|noites?) "
    r"(antes|before|earlier|mais cedo|mas tarde|despues|later|mais tarde|depois)"
    r"|(?:llegar|llegamos|llegaremos|arrive|arriving|come|chegar|chegamos|chegaremos|entrar) "
    r"(earlier|antes|mais cedo|later|mas tarde|mais tarde))\b"
)
_LATER = {"mas tarde", "despues", "later", "mais tarde", "depois"}


def arrival_shift(text: str) -> int | None:
    """Days an arrival moves: -1 for "llegar un día antes", +2 for "arrive two days later";
    None when the message moves none."""
    match = _ARRIVAL_SHIFT.search(fold(text))
    if match is None:
        return None
    if match.group(3):
        return 1 if match.group(3) in _LATER else -1
    count = as_number(match.group(1), allow_article=True)
    if count is None or not 0 < count <= 30:
        return None
    return count if match.group(2) in _LATER else -count


def _spelled_days(toks: list[str]) -> list[str]:
    """Days written in words become numbers: "the twenty-second" -> "22nd", "treinta y uno"
    -> "31". A lone "second" or "dos" is a day only next to a month or another day."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        value, used, ordinal = _spelled_at(toks, i)
        if value is None or not (value > 12 or _in_a_date(toks, i, used)):
            out.append(toks[i])
            i += 1
            continue
        out.append(f"{value}th" if ordinal else str(value))
        i += used
    return out


def _spelled_at(toks: list[str], i: int) -> tuple[int | None, int, bool]:
    """(day, tokens used, written as an ordinal) for a day spelt at `i`."""
    tok = toks[i]
    parts = tok.split("-")
    if len(parts) == 2 and parts[0] in EN_TENS and parts[1] in _ONES:
        return EN_TENS[parts[0]] + _ONES[parts[1]], 1, True  # "twenty-second"
    if tok in EN_TENS and i + 1 < len(toks) and toks[i + 1] in _ONES:
        return EN_TENS[tok] + _ONES[toks[i + 1]], 2, True  # "twenty second"
    if tok in {"treinta", "trinta", "vinte"} and toks[i + 1 : i + 2] in (["y"], ["e"]):
        ones = toks[i + 2] if i + 2 < len(toks) else ""
        if ones in _ONES or ones == "un":
            total = _ES_PT_DAYS[tok] + _ONES.get(ones, 1)
            return (total, 3, False) if total <= 31 else (None, 1, False)
    if tok in EN_ORDINAL_DAYS:
        return EN_ORDINAL_DAYS[tok], 1, True
    if tok in _ES_PT_DAYS:
        return _ES_PT_DAYS[tok], 1, False
    if tok in _SMALL_DAYS:
        return _SMALL_DAYS[tok], 1, False
    return None, 1, False


def _in_a_date(toks: list[str], i: int, used: int) -> bool:
    """A small spelt number next to a month ("second of May", "May second", "dos de
    enero") or chained to another day ("del dos al cinco de enero")."""
    before = toks[i - 1] if i > 0 else ""
    after = toks[i + used : i + used + 3]
    if before in MONTHS or _month_of(after) is not None:
        return True
    if after[:1] and after[0] in CHAIN_LINKS:
        rest = after[1:] if after[1:2] != ["the"] else toks[i + used + 2 : i + used + 4]
        return bool(rest) and (_spelled_at(rest, 0)[0] is not None or rest[0].isdigit())
    return False


def _mark_offsets(toks: list[str]) -> list[str]:
    """'daqui a duas semanas' -> '+14d': one token the date reader resolves from today."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        for lead in OFFSET_LEADS:
            size = len(lead)
            if tuple(toks[i : i + size]) != lead or i + size + 1 >= len(toks):
                continue
            count = as_number(toks[i + size], allow_article=True)
            factor = OFFSET_UNITS.get(toks[i + size + 1])
            if count is None or factor is None or (lead in WEEKS_ONLY_LEADS and factor == 1):
                continue
            out.append(f"+{count * factor}d")
            i += size + 2
            break
        else:
            out.append(toks[i])
            i += 1
    return out


def _phrases_in(
    toks: list[str], phrases: Iterable[tuple[str, ...]]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Where each phrase stands in the tokens: (position, phrase), phrase by phrase."""
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(toks) - size + 1):
            if tuple(toks[i : i + size]) == phrase:
                yield i, phrase


def _name_next_month(toks: list[str], today: date) -> list[str]:
    """'del 3 al 5 del mes que viene' -> 'del 3 al 5 del <month>'."""
    following = today.month % 12 + 1
    name = next(word for word, number in MONTHS.items() if number == following)
    for i, phrase in _phrases_in(toks, NEXT_MONTH):
        return [*toks[:i], name, *toks[i + len(phrase) :]]
    return toks


def _drop_farewells(toks: list[str]) -> list[str]:
    """Remove "hasta mañana" and the like, unless a date before it makes it a departure."""
    for i, phrase in _phrases_in(toks, FAREWELLS):
        if phrase[0] == "hasta" and _atoms(toks[:i], date(2000, 1, 1)):
            continue  # "desde hoy hasta mañana" is a stay
        return toks[:i] + toks[i + len(phrase) :]
    return toks


INSTEAD_OF = (("instead", "of"), ("rather", "than"), ("en", "vez"), ("en", "lugar"), ("em", "vez"),
              ("ao", "inves"), ("no", "lugar"))  # fmt: skip


def _drop_replaced(toks: list[str]) -> list[str]:
    """Remove the date a change replaces: "leaving on the 19th instead of the 18th", "el 20
    en vez del 18" keep only the new one."""
    for i, phrase in _phrases_in(toks, INSTEAD_OF):
        j = i + len(phrase)
        while j < len(toks) and toks[j] in {"the", "el", "o", "de", "del", "do", "da", "dia"}:
            j += 1
        if j < len(toks) and _day_number(toks[j]) is not None:
            end = j + 1
            if _month_of(toks[end:]) is not None:
                end += 2 if toks[end] in MONTH_LINKS else 1
            return toks[:i] + toks[end:]
    return toks


def _weekdays_named_by_a_date(
    atoms: list[_Atom], nights: int | None, toks: list[str]
) -> tuple[list[_Atom], int | None]:
    """ "solo viernes y sábado noche, entramos el viernes 22": when a dated day restates a
    weekday the guest named, the weekdays say which nights (two, here) and the date says
    when; the weekdays are not read as the coming Friday and Saturday."""
    named = [a for a in atoms if a.relative and a.resolved and toks[a.position] in WEEKDAYS]
    dated = [a for a in atoms if not a.relative and a.resolved is not None]
    if not named or not dated:
        return atoms, nights
    restated = {a.resolved.weekday() for a in dated if a.resolved is not None}
    if WEEKDAYS[toks[named[0].position]] not in restated:
        return atoms, nights
    first, last = named[0], named[-1]
    if nights is None and len(named) > 1 and first.resolved and last.resolved:
        between = set(toks[first.position + 1 : last.position])
        listed = bool(between & {"y", "and", "e"}) and not between & RANGE_LINKS
        nights = len(named) if listed else (last.resolved - first.resolved).days
    return [a for a in atoms if a not in named], nights


def _one_night_after(toks: list[str], atom: _Atom) -> bool:
    """The single date is followed by "night" ("Saturday night", "el sábado por la noche"),
    or is "tonight" itself."""
    if toks[atom.position] == "tonight":
        return True
    after = toks[atom.position + 1 : atom.position + 4]
    if after[:1] and after[0] in ONE_NIGHT_WORDS:
        return True
    return after[:2] in (["la", "noche"], ["a", "noite"]) or after[:3] == ["por", "la", "noche"]


def _atoms(toks: list[str], today: date) -> list[_Atom]:
    atoms: list[_Atom] = []
    i = 0
    while i < len(toks):
        found, used = _atom_at(toks, i, today)
        if found:
            role = _role(toks, i)
            atoms.extend(replace(a, role=a.role or role) for a in found)
            i += used
        else:
            i += 1
    return atoms


def _atom_at(toks: list[str], i: int, today: date) -> tuple[list[_Atom], int]:
    tok = toks[i]
    numeric = _numeric_date(tok, toks[i + 1 : i + 3])
    if numeric:
        return [replace(a, position=i) for a in numeric], 1
    if re.fullmatch(r"\d{1,2}-\d{1,2}", tok):
        atoms, used = _day_chain(toks[:i] + tok.split("-") + toks[i + 1 :], i)
        return atoms, max(1, used - 1)  # the range was one token here
    abbreviation = tok in MONTH_ABBREVIATIONS and (
        tok not in WORDLIKE_MONTHS or _next_to_a_day(toks, i)
    )
    if tok in MONTHS or abbreviation or _misspelt_month(toks, i) is not None:
        return _month_first(toks, i)  # "out 16" is October the 16th, "check out 16 Jan" not
    day = _day_number(tok)
    if day is not None:
        return _day_chain(toks, i)
    return _relative_atom(toks, i, today)


def _numeric_date(tok: str, after: list[str]) -> list[_Atom]:
    parts = re.split(r"[./-]", tok)
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return []
    numbers = [int(p) for p in parts]
    if len(parts) == 3 and len(parts[0]) == 4:
        year, month, day = numbers
    elif len(parts) == 3:
        day, month, year = numbers
        year += 2000 if year < 100 else 0
    else:
        if "-" in tok and after and _month_of(after) is not None:
            return []  # "10-12 dic" is a range of days, read by the day chain
        day, month, year = numbers[0], numbers[1], 0
    if month > 12 and day <= 12:
        day, month = month, day  # written month first, as in the US
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return []
    return [_Atom(position=0, day=day, month=month, year=year or None)]


def _month_of(toks: list[str]) -> int | None:
    """The month named right here ("diciembre", "de diciembre", "of March", "dic", "febuary")."""
    if toks and toks[0] in MONTH_LINKS:
        toks = toks[1:]
    if not toks:
        return None
    if toks[0] == "out" and toks[1:2] in (["on"], ["the"], ["by"], ["at"]):
        return None  # "in on the 3rd, out on the 5th": leaving, not October
    return MONTHS.get(toks[0]) or MONTH_ABBREVIATIONS.get(toks[0]) or _fuzzy_month(toks[0])


def _fuzzy_month(word: str) -> int | None:
    """A month name with a typo ("febuary", "setiembre", "dezenbro"); read only next to a day."""
    if len(word) < 4 or not word.isalpha():  # "enro" for "enero"
        return None
    found = process.extractOne(word, MONTH_NAMES, scorer=fuzz.ratio, score_cutoff=85)
    return MONTHS[found[0]] if found else None


def _misspelt_month(toks: list[str], i: int) -> int | None:
    """A misspelt month right before a day number ("febuary 16")."""
    following = toks[i + 1] if i + 1 < len(toks) else ""
    if not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?(?:-\d{1,2})?", following):
        return None
    return _fuzzy_month(toks[i])


def _day_number(tok: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2})(st|nd|rd|th|ero|ro|er|o|a)?", tok)  # "1ro de enero"
    if not match or not 1 <= int(match.group(1)) <= 31:
        return None
    return int(match.group(1))


def _year_after(toks: list[str], j: int) -> tuple[int | None, int]:
    """A year written after a date ("de 2027", "2027"): (year, tokens used)."""
    j_year = j + 1 if j < len(toks) and toks[j] == "de" else j
    if j_year < len(toks) and re.fullmatch(r"20\d\d", toks[j_year]):
        return int(toks[j_year]), j_year - j + 1
    return None, 0


def _next_to_a_day(toks: list[str], i: int) -> bool:
    """An abbreviation that is also a word ("mar", "may", "set", "out") is a month only next
    to a day: "out 16", "16 de out", "Dec 3rd"; not "check out 16 Jan", "out on the 5th"."""
    if toks[i] == "out" and i > 0 and toks[i - 1] == "check":
        return False
    following = re.sub(r"^(\d{1,2})-\d{1,2}$", r"\1", toks[i + 1] if i + 1 < len(toks) else "")
    before = toks[max(0, i - 2) : i]
    if before and before[-1] in MONTH_LINKS:
        before = before[:-1]
    return _day_number(following) is not None or (
        bool(before) and _day_number(before[-1]) is not None
    )


def _month_first(toks: list[str], i: int) -> tuple[list[_Atom], int]:
    """'Jan 8', 'December 12th, 2026', 'Jan 20-22'."""
    month = MONTHS.get(toks[i]) or MONTH_ABBREVIATIONS.get(toks[i]) or _misspelt_month(toks, i)
    assert month is not None
    j = i + 1
    if j < len(toks) and toks[j] == "the":
        j += 1
    days = re.fullmatch(r"(\d{1,2})-(\d{1,2})", toks[j]) if j < len(toks) else None
    if days:
        first, second = _day_number(days.group(1)), _day_number(days.group(2))
        if first and second:
            year, used = _year_after(toks, j + 1)
            return [
                _Atom(position=i, day=first, month=month, year=year),
                _Atom(position=j, day=second, month=month, year=year),
            ], j + 1 + used - i
    day = _day_number(toks[j]) if j < len(toks) else None
    if day is None or (j + 1 < len(toks) and toks[j + 1] in COUNT_UNITS):
        return [], 1
    year, used = _year_after(toks, j + 1)
    atoms = [_Atom(position=i, day=day, month=month, year=year)]
    end = j + 1 + used
    # "March 1 to 3": the second day shares the month.
    if end + 1 < len(toks) and toks[end] in {"to", "-", "till", "until", "through", "al", "a"}:
        second = _day_number(toks[end + 1])
        if second is not None and not (end + 2 < len(toks) and toks[end + 2] in COUNT_UNITS):
            atoms.append(_Atom(position=end + 1, day=second, month=month, year=year))
            end += 2
    return atoms, end - i


def _day_chain(toks: list[str], i: int) -> tuple[list[_Atom], int]:
    """'10', '10 al 12 de diciembre', '1 to 3 March', '12 a 15 de março', '31' (in context)."""
    days = [(i, _day_number(toks[i]))]
    j = i + 1
    while j < len(toks):
        if toks[j] in CHAIN_LINKS:
            j += 1
            continue
        day = _day_number(toks[j])
        if day is None or len(days) == 2:
            break
        days.append((j, day))
        j += 1
    # A range written "10-12" is one token.
    last_pos = days[-1][0]
    after = toks[last_pos + 1 :]
    if after and after[0] in COUNT_UNITS:
        return [], 1
    month = _month_of(after)
    if month is not None:
        used = 1 + (1 if after[0] in MONTH_LINKS else 0)
        year, year_used = _year_after(toks, last_pos + 1 + used)
        atoms = [_Atom(position=p, day=d, month=month, year=year) for p, d in days if d]
        if len(atoms) == 2 and (atoms[0].day or 0) > (atoms[1].day or 0):
            # "del 28 al 2 de enero": the first day belongs to the month before.
            previous = 12 if month == 1 else month - 1
            prev_year = year - 1 if year and month == 1 else year
            atoms[0] = replace(atoms[0], month=previous, year=prev_year)
        return atoms, last_pos + 1 + used + year_used - i
    first_day = days[0][1]
    if len(days) == 1 and first_day and j < len(toks) and j > last_pos + 1:
        # "de 26 a 28/12": the numeric date after the link gives the first day its month.
        numeric = _numeric_date(toks[j], toks[j + 1 : j + 3])
        if numeric and re.search(r"[/.]", toks[j]):
            end = replace(numeric[0], position=j)
            start = _Atom(position=i, day=first_day, month=end.month, year=end.year)
            return [start, end], j + 1 - i
    if len(days) == 2 and first_day and days[1][1] and _is_day_range(toks, i, last_pos):
        # "de 15 a 17", "from the 15th to the 17th": two days of the month under discussion.
        return [_Atom(position=p, day=d) for p, d in days if d], last_pos + 1 - i
    if _is_day_in_context(toks, i) and first_day:
        return [_Atom(position=i, day=first_day)], 1
    return [], 1


RANGE_LEADS = {"de", "del", "from", "dia", "el", "the", "do", "entre", "between"}
RANGE_LINKS = {"al", "a", "to", "till", "until", "-", "hasta", "ate", "ao", "through", "thru"}


def _is_day_range(toks: list[str], first: int, last: int) -> bool:
    """Two bare numbers joined by "a"/"to" after "de"/"from" are a range of days."""
    before = toks[first - 1] if first > 0 else ""
    between = set(toks[first + 1 : last])
    return before in RANGE_LEADS and bool(between & RANGE_LINKS)


def _is_day_in_context(toks: list[str], i: int) -> bool:
    """A bare number is a day only after 'el', 'del', 'the', 'dia' ... or with '5th', '1º'."""
    tok = toks[i]
    if i + 1 < len(toks) and toks[i + 1] in COUNT_UNITS:
        return False
    if re.fullmatch(r"\d{1,2}(st|nd|rd|th|ero|ro|er)", tok):
        return True
    before = toks[i - 1] if i > 0 else ""
    return before in DAY_LEAD or (before == "on" and i > 1 and toks[i - 2] != "for")


def _relative_atom(toks: list[str], i: int, today: date) -> tuple[list[_Atom], int]:
    tok = toks[i]
    before = toks[i - 1] if i > 0 else ""
    counted = re.fullmatch(r"\+(\d+)d", tok)  # marked by _mark_offsets
    if counted:
        return [
            _Atom(position=i, resolved=today + timedelta(days=int(counted[1])), relative=True)
        ], 1
    if tok == "pasado" and i + 1 < len(toks) and toks[i + 1] == "manana":
        return [_Atom(position=i, resolved=today + timedelta(days=2), relative=True)], 2
    if tok == "depois" and toks[i + 1 : i + 3] == ["de", "amanha"]:
        return [_Atom(position=i, resolved=today + timedelta(days=2), relative=True)], 3
    if tok == "day" and toks[i + 1 : i + 3] == ["after", "tomorrow"]:
        return [_Atom(position=i, resolved=today + timedelta(days=2), relative=True)], 3
    if tok in RELATIVE_DAYS and not (tok == "manana" and before in NOT_TOMORROW_BEFORE):
        offset = RELATIVE_DAYS[tok]
        return [_Atom(position=i, resolved=today + timedelta(days=offset), relative=True)], 1
    if tok in {"esta", "this"} and i + 1 < len(toks) and toks[i + 1] in {"noche", "noite"}:
        return [_Atom(position=i, resolved=today, relative=True)], 2
    for words, offset in EASTER_DAYS.items():
        if tuple(toks[i : i + len(words)]) == words:
            day = _next_easter(today) + timedelta(days=offset)
            return [_Atom(position=i, resolved=day)], len(words)
    weekday = WEEKDAYS.get(tok)
    if weekday is None and tok in PT_SHORT_WEEKDAYS and _pt_weekday_here(toks, i):
        weekday = PT_SHORT_WEEKDAYS[tok]
    if weekday is not None:
        dated = _weekday_with_day(toks, i, weekday, today)
        if dated is not None:
            return dated
        if _names_next_week(toks):  # "de sexta a domingo da semana que vem"
            monday = today + timedelta(days=7 - today.weekday())
            return [_Atom(position=i, resolved=monday + timedelta(days=weekday), relative=True)], 1
        inclusive = before in THIS_WORDS
        return [
            _Atom(position=i, resolved=_next_weekday(today, weekday, inclusive), relative=True)
        ], 1
    for phrase in WEEKEND_PHRASES:
        size = phrase.count(" ") + 1
        if " ".join(toks[i : i + size]) == phrase:
            nth = _nth_weekend_of_month(toks, i, size, today)
            if nth is not None:
                friday, used = nth
                return [_Atom(position=i, resolved=friday, end=friday + timedelta(days=2))], used
            friday = _next_weekday(today, 4, inclusive=True)
            if today.weekday() == 5 and before in THIS_WORDS | {"el", "o"}:
                friday = today - timedelta(days=today.weekday() - 4)
            after = toks[i + size] if i + size < len(toks) else ""
            if {before, after} & {"siguiente", "following", "seguinte"}:
                friday += timedelta(days=7)  # "el fin de semana siguiente": the one after
            atom = _Atom(
                position=i,
                resolved=max(friday, today),
                end=friday + timedelta(days=2),
                relative=True,
            )
            return [atom], size
    return [], 1


def _pt_weekday_here(toks: list[str], i: int) -> bool:
    """ "segunda" ... "sexta" are weekdays after "na", "até" ..., before "que vem" ("sexta
    que vem") or in "da sexta até domingo"; elsewhere they may be ordinals ("a segunda vez")."""
    before = toks[i - 1] if i > 0 else ""
    after = toks[i + 1 : i + 3]
    return (
        before in PT_WEEKDAY_LEAD
        or after == ["que", "vem"]
        or (before == "da" and after[:1] in (["ate"], ["a"], ["-"]))
    )


WEEKEND_ORDINALS = {"first": 1, "primer": 1, "primeiro": 1, "1st": 1, "second": 2, "segundo": 2,
                    "2nd": 2, "third": 3, "tercer": 3, "terceiro": 3, "3rd": 3, "last": -1,
                    "ultimo": -1}  # fmt: skip


def _nth_weekend_of_month(
    toks: list[str], i: int, size: int, today: date
) -> tuple[date, int] | None:
    """ "the first weekend of February", "el último fin de semana de marzo": its Friday
    (the weekend of the month's first, second ... or last Saturday) and the tokens used."""
    nth = WEEKEND_ORDINALS.get(toks[i - 1]) if i > 0 else None
    after = toks[i + size : i + size + 2]
    if nth is None or not after or after[0] not in MONTH_LINKS:
        return None
    month = _month_of(after)
    if month is None:
        return None
    year = today.year if month >= today.month else today.year + 1
    for candidate in (year, year + 1):
        first = date(candidate, month, 1)
        saturdays = [first + timedelta(days=(5 - first.weekday()) % 7 + 7 * k) for k in range(5)]
        saturdays = [day for day in saturdays if day.month == month]
        saturday = saturdays[nth - 1 if nth > 0 else -1]
        if saturday - timedelta(days=1) >= today:
            return saturday - timedelta(days=1), size + 2
    return None


NEXT_WEEK = (("semana", "que", "viene"), ("semana", "que", "vem"), ("next", "week"),
             ("proxima", "semana"), ("semana", "siguiente"), ("semana", "seguinte"),
             ("following", "week"), ("semana", "proxima"))  # fmt: skip


def _names_next_week(toks: list[str]) -> bool:
    """ "next week", "la semana que viene"; not "el fin de semana que viene" (a weekend)."""
    return any(
        toks[max(0, k - 2) : k] not in (["fin", "de"], ["fim", "de"])
        for k, _ in _phrases_in(toks, NEXT_WEEK)
    )


def _weekday_with_day(
    toks: list[str], i: int, weekday: int, today: date
) -> tuple[list[_Atom], int] | None:
    """ "el viernes 11 de diciembre", "Friday the 11th", "hasta el domingo 13": the weekday
    only describes the day after it. Without a month, the next day with that number falling
    on that weekday."""
    j = i + 1
    while j < len(toks) and toks[j] in {"the", "dia", "el", "de", "o", "-"}:
        j += 1
    day = _day_number(toks[j]) if j < len(toks) else None
    if day is None or (j + 1 < len(toks) and toks[j + 1] in COUNT_UNITS):
        return None
    atoms, used = _day_chain(toks, j)
    if atoms:
        return [replace(atoms[0], position=i), *atoms[1:]], j - i + used
    if any(MONTHS.get(tok) for tok in toks[j + 1 : j + 8]):
        # "del lunes 14 al miércoles 16 de diciembre": the month, named once, is both days'.
        return [_Atom(position=i, day=day)], j - i + 1
    start = today.replace(day=1)
    for months in range(12):
        year, month = divmod(start.month - 1 + months, 12)
        found = _valid_date(start.year + year, month + 1, day)
        if found and found >= today and found.weekday() == weekday:
            return [_Atom(position=i, resolved=found)], j - i + 1
    return [_Atom(position=i, day=day)], j - i + 1


def _next_weekday(today: date, weekday: int, inclusive: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not inclusive:
        ahead = 7
    return today + timedelta(days=ahead)


def _next_easter(today: date) -> date:
    """The Easter Sunday whose Holy Thursday is not past (the Gregorian computus)."""
    for year in (today.year, today.year + 1):
        a, b, c = year % 19, year // 100, year % 100
        d, e = divmod(b, 4)
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = divmod(c, 4)
        weekday = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * weekday) // 451
        month, day = divmod(h + weekday - 7 * m + 114, 31)
        easter = date(year, month, day + 1)
        if easter - timedelta(days=3) >= today:
            return easter
    return easter


def _holiday_atoms(joined: str) -> list[_Atom]:
    for phrase, (month, day) in HOLIDAYS.items():
        if phrase in joined:
            return [_Atom(position=0, day=day, month=month)]
    return []


def _role(toks: list[str], i: int) -> str | None:
    """'in' or 'out' from the words just before an atom ("salida el 17", "leaving on")."""
    window = toks[max(0, i - 3) : i]
    for tok in reversed(window):
        if tok in CHECK_OUT_CUES:
            return "out"
        if tok in CHECK_IN_CUES:
            return "in"
    return None


def _nights(toks: list[str]) -> int | None:
    """The length of stay said in nights, weeks or days; nights win ("4 días y 3 noches")."""
    found: list[tuple[bool, int]] = []
    for i, tok in enumerate(toks[1:], start=1):
        factor = NIGHT_UNITS.get(tok)
        if factor is None:
            continue
        if toks[i + 1 : i + 2] in (["mas"], ["more"], ["extra"]) or toks[i + 1 : i + 3] == [
            "a",
            "mais",
        ]:
            continue  # "una noche más" adds to a stay; it is not the stay's length
        if i >= 2 and toks[i - 2] in {"by", "mais", "another", "menos"}:
            continue  # "extend our stay by one night", "mais uma noite"
        if toks[i + 1 : i + 2] and toks[i + 1] in SHIFT_WORDS:
            continue  # "llegar un día antes" moves a date; it is not the stay's length
        count = as_number(toks[i - 1], allow_article=True)
        if count is None and i >= 2 and toks[i - 1] in {"solo", "just", "only", "so"}:
            count = as_number(toks[i - 2], allow_article=True)
        if count is not None and 0 < count * factor <= 400:
            found.append((tok not in DAY_UNITS, count * factor))
    if found:
        return max(found, key=lambda item: item[0])[1]
    joined = " ".join(toks)
    if re.search(r"\b(la noche del|the night of|a noite de)\b", joined):
        return 1
    if re.search(
        r"\b(?:solo|just|only|so) (?:esa|that|this|essa|esta|the one) (?:noche|night|noite)\b",
        joined,
    ):
        return 1  # "el 20 de enero, solo esa noche"
    return None


def _assemble(
    atoms: list[_Atom], nights: int | None, today: date, toks: list[str], anchor: date | None
) -> StayDates:
    relative = any(a.relative for a in atoms)
    weekend = next((a for a in atoms if a.end is not None), None)
    if weekend and len(atoms) == 1:
        assert weekend.resolved and weekend.end
        return StayDates(weekend.resolved, weekend.end, (weekend.end - weekend.resolved).days, True)
    if weekend:
        atoms = [a for a in atoms if a is not weekend]
    if len(atoms) == 1 and nights is None and _departure_only(toks, atoms[0]):
        # "leaving on the 7th": the other end of a stay already being talked about.
        departure = _resolve_check_out(atoms[0], anchor or today)
        return StayDates(None, departure, None, relative)
    first, second = _pick_ends(atoms)
    check_in = _resolve_check_in(first, second, today, anchor)
    check_out = _resolve_check_out(second, check_in) if second else None
    if second is not None and check_out is not None and _nights_listed(toks, first, second):
        check_out += timedelta(days=1)  # "friday and saturday night": both nights
    if check_out is None and nights:
        check_out = check_in + timedelta(days=nights)
    if check_out is not None and check_out > check_in:
        nights = (check_out - check_in).days
    return StayDates(check_in, check_out, nights, relative)


NIGHT_WORDS = {"night", "nights", "noche", "noches", "noite", "noites"}
AND_WORDS = {"and", "y", "e", "&"}


def _nights_listed(toks: list[str], first: _Atom, second: _Atom) -> bool:
    """Two nights named one after the other ("viernes y sábado noche", "the nights of the
    5th and 6th"), not an arrival and a departure."""
    between = toks[first.position + 1 : second.position]
    # "sábado 5 y domingo 6 por la noche": the second night may carry its weekday.
    # "la noche del viernes 22 y la del sábado 23": articles and "of" link them too.
    linking = (
        AND_WORDS
        | {"the", "el", "o", "la", "a", "del", "de", "do", "da", "of", "on"}
        | set(WEEKDAYS)
        | set(PT_SHORT_WEEKDAYS)
    )
    # A weekday atom stands at its weekday; its day number follows it.
    words = {tok for tok in between if _day_number(tok) is None}
    if not between or not words <= linking:
        return False
    if not words & AND_WORDS:
        return False
    after = toks[second.position + 1 : second.position + 5]
    before = toks[max(0, first.position - 3) : first.position]
    return bool(NIGHT_WORDS & set(after) or NIGHT_WORDS & set(before))


def _departure_only(toks: list[str], atom: _Atom) -> bool:
    """The only date is a departure: "salimos el 7", "leaving on the 7th", "até dia 9"."""
    window = toks[max(0, atom.position - 3) : atom.position]
    if any(tok in CHECK_IN_CUES for tok in window):
        return False
    return any(tok in DEPARTURE_CUES for tok in window) or window[-3:-1] in LEAVING_PAIRS


def _pick_ends(atoms: list[_Atom]) -> tuple[_Atom, _Atom | None]:
    ins = [a for a in atoms if a.role == "in"]
    outs = [a for a in atoms if a.role == "out"]
    if ins and outs and outs[0].position < ins[0].position:
        return ins[0], outs[0]  # "salida el 20 y entrada el 17"
    if len(atoms) == 1:
        return atoms[0], None
    return atoms[0], atoms[1]


def _resolve_check_in(atom: _Atom, other: _Atom | None, today: date, anchor: date | None) -> date:
    if atom.resolved:
        return atom.resolved
    assert atom.day is not None
    if atom.month is None and (other is None or other.month is None) and anchor is not None:
        in_anchor_month = _valid_date(anchor.year, anchor.month, atom.day)
        if in_anchor_month and in_anchor_month >= today:
            return in_anchor_month
    if atom.month is None and other is not None and other.month is not None and other.day:
        # "del 28 al 2 de enero": the check-in is in the check-out's month or the one before.
        month, year = other.month, other.year
        if atom.day > other.day:
            month = 12 if month == 1 else month - 1
            year = year - 1 if year and other.month == 1 else year
        return _forward(atom.day, month, year, today)
    return _forward(atom.day, atom.month, atom.year, today)


def _resolve_check_out(atom: _Atom, check_in: date) -> date:
    if atom.resolved:
        return (
            atom.resolved
            if atom.resolved > check_in
            else _same_weekday_after(atom.resolved, check_in)
        )
    assert atom.day is not None
    if atom.month is None:
        return _forward(atom.day, None, None, check_in + timedelta(days=1))
    if atom.year:
        return _valid_date(atom.year, atom.month, atom.day) or check_in
    same_year = _valid_date(check_in.year, atom.month, atom.day)
    if same_year and (same_year >= check_in or atom.month == check_in.month):
        return same_year  # a check-out before the check-in in the same month is kept as said
    return _valid_date(check_in.year + 1, atom.month, atom.day) or check_in


def _same_weekday_after(day: date, check_in: date) -> date:
    while day <= check_in:
        day += timedelta(days=7)
    return day


def _forward(day: int, month: int | None, year: int | None, start: date) -> date:
    """The first date on or after `start` with that day (and month, and year)."""
    if year and month:
        return _valid_date(year, month, day) or start
    candidate_year, candidate_month = start.year, month or start.month
    for _ in range(30):
        found = _valid_date(candidate_year, candidate_month, day)
        if found and found >= start:
            return found
        if month:
            candidate_year += 1
        else:
            candidate_month += 1
            if candidate_month == 13:
                candidate_month, candidate_year = 1, candidate_year + 1
    return start


def _valid_date(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None
