"""Text helpers shared by the extractors: folding, tokens and numbers written as words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\d+(?:[.:/-]\d+)*(?:st|nd|rd|th|º|ª|o|a)?|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE
)
_EMOJI_AND_SYMBOLS = re.compile(r"[^\w\s@+.,;:!?¿¡'\"()/-]", re.UNICODE)

NUMBER_WORDS: dict[str, int] = {
    # es
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    # en
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    # pt ("três" folds to "tres", "seis"/"cinco" are shared with es)
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "quatro": 4, "sete": 7,
    "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12,
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case without accents: 'Habitación' -> 'habitacion', 'Suíte' -> 'suite'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def strip_symbols(text: str) -> str:
    """The text without emojis and decorative symbols."""
    return _EMOJI_AND_SYMBOLS.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # folded
    start: int  # offsets in the folded text (same length as the original for Latin scripts)
    end: int


def tokens(folded: str) -> list[Token]:
    """Word and number tokens of an already folded text."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def as_number(word: str, *, allow_article: bool = False) -> int | None:
    """'3' -> 3, 'tres' -> 3, 'a' -> 1 only when `allow_article` ('a week', 'a couple')."""
    if word.isdigit():
        return int(word)
    if word in {"a", "an", "un", "una", "um", "uma"} and not allow_article:
        return None
    return NUMBER_WORDS.get(word)


def words(folded: str) -> list[str]:
    return [t.text for t in tokens(folded)]


def has_any(folded: str, phrases: frozenset[str] | tuple[str, ...]) -> bool:
    """Whether any phrase occurs as whole words in the folded text."""
    padded = f" {' '.join(words(folded))} "
    return any(f" {p} " in padded for p in phrases)


# How guests abbreviate when they text, written out before anything reads the message.
_SHORTHAND_ANY: dict[str, str] = {
    "dbl": "double", "sgl": "single", "hab": "habitacion", "habs": "habitaciones",
    "ppl": "people", "pls": "please", "plz": "please", "thx": "thanks", "thnx": "thanks",
    "tmrw": "tomorrow", "tmr": "tomorrow", "wknd": "weekend", "nite": "night",
    "nites": "nights", "2nite": "tonight", "xfa": "por favor", "porfa": "por favor",
    "xq": "porque", "pq": "porque",
    "qto": "quanto", "qnto": "quanto", "qtos": "quantos", "vc": "voce", "vcs": "voces",
    "obg": "obrigado", "obgd": "obrigado", "hj": "hoje", "qdo": "quando", "td": "tudo",
    "blz": "beleza", "dnd": "donde", "cdo": "cuando", "bkfast": "breakfast",
    "bfast": "breakfast", "brekkie": "breakfast", "incl": "included",
}  # fmt: skip
_SHORTHAND_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "es": {"tb": "tambien", "tmb": "tambien", "pa": "para", "q": "que", "k": "que"},
    "pt": {"tb": "tambem", "tbm": "tambem", "q": "que"},
    "en": {"u": "you", "r": "are", "ur": "your"},  # Spanish "u" is "or": "7 u 8 noches"
}
_SHORTHAND_WORD = re.compile(r"(?<![\w@.\-/])([A-Za-z0-9]+)(?![\w@\-])")
_SLASH_FOR = re.compile(r"(?<![\w/])[pP]/(?=\s|\d)")  # "p/ 2", "p/2 pessoas"
_X_PER = re.compile(r"(?<![\w@.])x (?=noche|persona|night|person|noite|pessoa)", re.IGNORECASE)


def expand_shorthand(text: str, language: str) -> str:
    """ "tienes hab? pa 2", "qto fica p/ 2?", "2 ppl, dbl pls" with the words written out;
    e-mail addresses, references and numbers are left as they are."""
    table = {**_SHORTHAND_ANY, **_SHORTHAND_BY_LANGUAGE.get(language, {})}

    def word(match: re.Match[str]) -> str:
        found = match.group(1)
        if len(found) == 1 and text[match.end() : match.end() + 1] == ".":
            return found  # an initial: "John R. Smith"
        return table.get(found.lower(), found)

    text = _SLASH_FOR.sub("para ", text)
    text = _X_PER.sub("por ", text)
    return _SHORTHAND_WORD.sub(word, text)
