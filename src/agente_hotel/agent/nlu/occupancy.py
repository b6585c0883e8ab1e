"""Who is coming: adults, children (with ages) and rooms, in es/en/pt.

Explicit counts win ("2 adultos y un niño", "mejor 3 adultos"); otherwise the party is
built from what the guest says about it: "somos 4", "we are a couple", "my wife and I",
"para mim e para o meu marido", "con mi hermana".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agente_hotel.agent.nlu.text import as_number, fold

ADULT_WORDS = {"adulto", "adultos", "adult", "adults", "adultas", "adulta", "mayores"}
CHILD_WORDS = {
    "nino", "ninos", "nina", "ninas", "child", "children", "kid", "kids", "crianca",
    "criancas", "menor", "menores", "bebe", "bebes", "baby", "babies", "hijo", "hijos",
    "hija", "hijas", "filho", "filhos", "filha", "filhas", "son", "sons", "daughter",
    "daughters", "chico", "chicos", "toddler", "infant", "miudo", "miudos", "nene", "nenes",
    "boy", "boys", "girl", "girls", "menino", "meninos", "menina", "meninas",
}  # fmt: skip
PERSON_WORDS = {
    "persona", "personas", "people", "person", "persons", "pessoa", "pessoas", "huesped",
    "huespedes", "guest", "guests", "hospede", "hospedes", "pax", "adultos/as",
}  # fmt: skip
MAX_ROOMS = 60  # "15 habitaciones" is a group; a larger number is not a count of rooms
ROOM_WORDS = {"habitacion", "habitaciones", "room", "rooms", "quarto", "quartos", "suites"}
# Between ages: "de 4 y 7 años", "um de 7 e outro de 10 anos", "one of 5 and the other of 8".
AGE_CHAIN_LINKS = {"y", "e", "and", "de", "of", "with", "otro", "outro", "other", "another",
                   "el", "the", "o"}  # fmt: skip
AGE_WORDS = {"ano", "anos", "year", "years", "yo", "y/o", "years-old", "year-old", "old"}
COUPLE = re.compile(r"\b(pareja|couple|(?<!de )casal|matrimonio|married couple)\b")
# A partner or relative travelling with the writer, each one more guest.
COMPANION = re.compile(
    r"\b(?:mi|my|meu|minha|o meu|a minha|con mi|with my|com o meu|com a minha)\s+"
    r"(mujer|esposa|marido|esposo|novio|novia|pareja|wife|husband|partner|boyfriend|"
    r"girlfriend|fiance|fiancee|hermana|hermano|sister|brother|madre|padre|mother|father|"
    r"mum|mom|dad|amigo|amiga|friend|irma|irmao|mae|pai|namorado|namorada|companheiro|"
    r"companheira|suegra|suegro|colleague|colega|mulher|noivo|noiva|sogra|sogro|cunhada|cunhado|"
    r"cunada|cunado|prima|primo|cousin|son-in-law)\b"
)
ALONE = re.compile(
    r"\b(para mi solo|solo para mi|para mi|only me|just me|just myself|for myself|"
    r"for me alone|viajo solo|viajo sola|travelling alone|traveling alone|alone|"
    r"so para mim|para mim|sozinho|sozinha|para una persona|for one person|para uma pessoa)\b"
)
# Travelling alone in the first person wins over a partner named as not coming ("mi pareja
# al final no puede venir, iré yo sola").
ALONE_FIRST_PERSON = re.compile(
    r"\b(?:(?:viajo|ire|iria|voy|vou|irei|vengo|venho) (?:yo )?(?:sol[oa]|sozinh[oa])|"
    r"yo sola|yo solo|solo yo|so eu|on my own|by myself|"
    r"(?:i'?ll|i will) (?:be )?(?:come |travel )?alone)\b"
)
# Grandparents named on top of a counted party ("2 adults, 2 kids and grandma").
GRANDPARENT = re.compile(
    r"\b(?:and|y|e|plus|con|with|com) "
    r"(?:the |la |el |los |las |a |o |os |as |my |mi |mis |our |nuestros? |a minha |o meu )?"
    r"(?:(grandparents|abuelos|avos)|grandma|grandpa|granny|grandad|grandmother|grandfather|"
    r"abuela|abuelo|avo|avozinha|avozinho)\b"
)
OF_THEM = re.compile(r"\b(\w+) (?:of them|de ellos|de ellas|deles|delas)\b")
BRACKETED_AGES = re.compile(r"\((\d{1,2}(?:\s*(?:,|and|y|e|&)\s*\d{1,2})*)\)")
# "dos parejas", "two couples", "três casais": two adults each.
COUPLES = re.compile(r"\b(\w+) (?:parejas|couples|casais|matrimonios)\b")
# Twins and triplets are children unless said otherwise.
MULTIPLE_BIRTHS = {
    "twins": 2, "gemelos": 2, "gemelas": 2, "mellizos": 2, "mellizas": 2, "gemeos": 2,
    "gemeas": 2, "triplets": 3, "trillizos": 3, "trigemeos": 3,
}  # fmt: skip
WE_ARE = re.compile(
    r"\b(?:somos|we are|we're|seremos|vamos|venimos|family of|familia de)\s+(\w+)"
    r"|\b(\w+) of us\b"  # "2 of us", "there are three of us"
)
FOR_N = re.compile(r"\b(?:para|for|pra)\s+(\w+)\b(?!\s*(?:de|of)\s)")


@dataclass(frozen=True, slots=True)
class Party:
    adults: int | None = None
    children: int | None = None
    children_ages: tuple[int, ...] = ()
    rooms: int | None = None

    @property
    def found(self) -> bool:
        return self.adults is not None or self.children is not None


def extract_party(text: str) -> Party:
    """Adults, children, their ages and rooms named in `text`; None where not said."""
    folded = fold(text)
    toks = re.findall(r"\d+|[a-z]+(?:[-/][a-z]+)*", folded)
    adults = _count_before(toks, ADULT_WORDS)
    children = _count_before(toks, CHILD_WORDS)
    ages = _ages(toks)
    persons = _count_before(toks, PERSON_WORDS)
    rooms = _count_before(toks, ROOM_WORDS) or _rooms_with_a_type(folded)
    kids_named = _mentions(toks, CHILD_WORDS)
    if children is None:
        children = next((n for t in toks if (n := MULTIPLE_BIRTHS.get(t))), None)
    if children is None and kids_named:
        # "the kids too, two of them (5 and 8)": counted after the word, or by their ages.
        counted = OF_THEM.search(folded)
        children = as_number(counted.group(1)) if counted else None
        ages = ages or _ages_in_brackets(folded)
    if children is None and ages and kids_named:
        children = len(ages)  # "our 6-year-old son"
    elif children is None and ages and all(age < 18 for age in ages):
        children = len(ages)  # "me, my partner and our 4 year old"
    if children is None and _mentions(toks, CHILD_WORDS) and _child_with_article(toks):
        children = 1  # "con un niño", "with a baby", "com uma criança"
    if adults is None:
        adults = _adults_from_party(folded, toks, persons, children)
    elif grandparent := GRANDPARENT.search(folded):
        adults += 2 if grandparent.group(1) else 1
    return Party(
        adults, children, ages if children else (), rooms if rooms and rooms <= MAX_ROOMS else None
    )


def _count_before(toks: list[str], nouns: set[str]) -> int | None:
    """The number right before one of `nouns` ('2 adultos', 'dos niños', 'three kids')."""
    total = None
    for i, tok in enumerate(toks):
        if tok not in nouns or i == 0:
            continue
        if toks[i - 1] == "dos" and i >= 2 and toks[i - 2] in PARTITIVE_LEADS:
            continue  # "um dos miúdos" is one OF the kids, not two
        count = as_number(toks[i - 1])
        if count is None and i >= 2 and toks[i - 1] in {"mas", "more", "mais", "otros", "other"}:
            count = as_number(toks[i - 2])
        if count is not None and 0 < count <= 30:
            total = count if total is None or nouns is not CHILD_WORDS else total + count
    return total


# Portuguese "dos" is also "of the": "um dos miúdos", "cada dos quartos".
PARTITIVE_LEADS = {"um", "uma", "algum", "alguma", "nenhum", "nenhuma", "cada", "qual"}
ROOM_KINDS = {"double", "single", "family", "twin", "triple", "junior", "adjoining"}


_ROOMS_OF_A_KIND = re.compile(
    r"\b(\w+) (?:" + "|".join(sorted(ROOM_KINDS)) + r") (?:" + "|".join(sorted(ROOM_WORDS)) + r")\b"
)


def _rooms_with_a_type(folded: str) -> int | None:
    """'2 double rooms', 'two family rooms': the count right before the kind of room, in
    the same sentence ("our twins (6). Family room?" counts no rooms)."""
    for match in _ROOMS_OF_A_KIND.finditer(folded):
        count = as_number(match.group(1))
        if count is not None and 0 < count <= 30:
            return count
    return None


def _mentions(toks: list[str], nouns: set[str]) -> bool:
    return any(t in nouns for t in toks)


def _child_with_article(toks: list[str]) -> bool:
    for i, tok in enumerate(toks[1:], start=1):
        if tok in CHILD_WORDS and toks[i - 1] in {
            "un",
            "una",
            "a",
            "an",
            "um",
            "uma",
            "our",
            "nuestro",
            "nuestra",
            "nosso",
            "nossa",
            "mi",
            "my",
            "meu",
            "minha",
        }:
            return True
    return False


def _ages_in_brackets(folded: str) -> tuple[int, ...]:
    """ "the kids (5 and 8)": ages written in brackets after the children."""
    match = BRACKETED_AGES.search(folded)
    if match is None:
        return ()
    return tuple(int(n) for n in re.findall(r"\d+", match.group(1)) if int(n) < 18)


def _ages(toks: list[str]) -> tuple[int, ...]:
    """'de 4 y 7 años', '(3 e 8 anos)', 'our 6-year-old son', 'aged 5 and 9'."""
    ages: list[int] = []
    for i, tok in enumerate(toks):
        if tok in {"aged", "edades", "idades"}:  # "two kids aged 4 and 9"
            j = i + 1
            while j < len(toks) and (toks[j].isdigit() or toks[j] in {"y", "e", "and", "de"}):
                if toks[j].isdigit() and int(toks[j]) < 18:
                    ages.append(int(toks[j]))
                j += 1
            continue
        if tok not in AGE_WORDS and not tok.startswith("year"):
            continue
        if tok == "old":
            continue  # "4 years old" is counted at "years"
        j = i - 1
        if j >= 0 and toks[j] in {"years", "year"}:
            j -= 1
        chain: list[int] = []
        while j >= 0:
            value = as_number(toks[j])
            one_of = (  # "um de 7": "one (of them) of 7", not an age of 1
                value is not None
                and not toks[j].isdigit()
                and toks[j + 1 : j + 2] in (["de"], ["of"])
            )
            if value is not None and 0 <= value < 18 and not one_of:
                chain.append(value)
            elif not one_of and toks[j] not in AGE_CHAIN_LINKS:
                break
            j -= 1
        ages.extend(reversed(chain))
    return tuple(ages)


def _adults_from_party(
    folded: str, toks: list[str], persons: int | None, children: int | None
) -> int | None:
    kids = children or 0
    couples = COUPLES.search(folded)
    pairs = as_number(couples.group(1)) if couples else None
    if pairs is not None and 1 < pairs <= 10:
        return 2 * pairs
    total = persons
    if total is None:
        match = WE_ARE.search(folded)
        total = as_number(match.group(1) or match.group(2)) if match else None
        if (
            match
            and match.group(1)  # "the three of us" counts everyone
            and total is not None
            and re.match(r"\s*(?:,\s*)?(?:y|and|e|mas|plus)\b", folded[match.end() :])
        ):
            kids = 0  # "somos 2 y un bebé": the children come on top
    if total is None:
        # "free for the 24th to the 26th? For two": the first "for" with a number.
        for match in FOR_N.finditer(folded):
            number = as_number(match.group(1))
            after = re.findall(r"[a-z]+", folded[match.end() :])[:1]
            if number is not None and number <= 12 and not (after and after[0] in _NOT_PEOPLE):
                total = number
                break
    if total is not None:
        return max(total - kids, 1) if kids and total > kids else total
    if ALONE_FIRST_PERSON.search(folded):
        return 1
    if COUPLE.search(folded):
        return 2
    partners = sum(1 for m in COMPANION.finditer(folded) if not _spoken_about(folded, m.start()))
    if partners:
        return 1 + partners
    if re.search(r"\b(y yo|and i|e eu|and me)\b", folded):
        return 1 if kids else 2  # "mi hija y yo" is one adult
    if ALONE.search(folded):
        return 1
    return None


def _spoken_about(folded: str, at: int) -> bool:
    """ "lo de mi suegro", "do meu primo", "about my brother": a relative talked about, not
    one who comes along."""
    before = re.findall(r"[a-z]+", folded[max(0, at - 12) : at])
    return bool(before) and before[-1] in {"de", "do", "da", "of", "about", "sobre"}


_NOT_PEOPLE = {
    "noches", "noche", "nights", "night", "noites", "noite", "dias", "days", "semanas", "weeks",
    "habitaciones", "rooms", "quartos", "euros", "eur", "ninos", "children", "kids", "criancas",
}  # fmt: skip
