"""Guest details in a message: name, e-mail, phone (E.164) and booking reference."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agente_hotel.agent.nlu.text import fold

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<![\w/.-])(\+|00)?\d[\d ().-]{7,18}\d(?![\w/])")
REFERENCE = re.compile(r"\b([A-Za-z]{2,5})-(\d{3,8})\b")
# QloApps order references are nine capital letters: read only when the guest calls it one.
CODE_REFERENCE = re.compile(r"\b([A-Z0-9]{6,12})\b")
REFERENCE_CUES = re.compile(
    r"\b(reference|ref|referencia|localizador|codigo|code|booking number|numero de reserva|"
    r"confirmation|confirmacion|confirmacao|referencia da reserva)\b"
)
# A word of a name: capitalised, possibly accented or hyphenated ("José-María", "O'Neill").
_CAP = r"[A-ZÁÉÍÓÚÂÊÔÃÕÀÇÑÜ][a-záéíóúâêôãõàçñü'’-]+"
PARTICLES = {"de", "del", "da", "das", "do", "dos", "la", "van", "von", "di"}
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES)) + ")"
CAPITALISED_NAME = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,3}}")
ANY_NAME = re.compile(rf"[^\W\d_][\w'’-]*(?:\s+(?:{_PARTICLE}\s+)?[^\W\d_][\w'’-]*){{0,3}}")
# Cues after which the name may be written in lower case ("me llamo javier moreno").
STRONG_CUES = re.compile(
    r"(?:(?:me llamo|(?:mi |el )?nombre es|a nombre de|en nombre de|(?:my |the )?name is|"
    r"(?:my )?name's|under the name of|under the name|in the name of|book it under|"
    r"put it under|(?:(?:should|can|could|will) be (?:booked |made )?|(?:booking|reservation) )"
    r"under(?: the name(?: of)?)?|(?:o |o meu |meu )?nome [eé]|me chamo|chamo-me|em nome de)\s*:?|"
    r"(?:nombre y apellidos|nombre|full name|name|nome completo|nome|titular)\s*:|"
    r"(?:^|(?<=[.,;!?]\s))(?:name|nombre|nome)\s+(?=[A-ZÁÉÍÓÚ]))\s*",
    re.IGNORECASE,
)
# Cues that are names only when a capitalised word follows ("soy Ana", "I'm Tom").
WEAK_CUES = re.compile(
    r"(?:\bsoy|\bI am|\bI'm|\bthis is|\bsou(?: [oa])?|\baqui [eé])\s+", re.IGNORECASE
)
CLOSINGS = re.compile(
    r"^(best regards|kind regards|regards|best|thanks|thank you|many thanks|cheers|sincerely|"
    r"saludos|un saludo|un abrazo|atentamente|gracias|muchas gracias|cordialmente|"
    r"cumprimentos|atenciosamente|obrigad[oa]|abra[cç]os?|beijos?|com os melhores cumprimentos)"
    r"[\s,.!]*$",
    re.IGNORECASE,
)
# Capitalised words that start sentences or sign off but are not names.
NOT_NAMES = {
    "hola", "hello", "hi", "hey", "ola", "buenas", "buenos", "boa", "bom", "gracias", "thanks",
    "thank", "obrigado", "obrigada", "si", "sim", "yes", "no", "nao", "ok", "okay", "vale",
    "perfecto", "perfeito", "perfect", "great", "genial", "hotel", "saludos", "regards",
    "cumprimentos", "atentamente", "best", "kind", "sorry", "perdon", "desculpe", "please",
    "por", "favor", "the", "and", "y", "e", "un", "una", "uma", "um", "a", "afraid", "sure",
    "from", "de", "interested", "looking", "here", "writing", "travelling", "traveling",
    "coming", "going", "calling", "not", "also", "just", "em", "en", "in", "at",
    "para", "for", "with", "con", "com", "el", "la", "o", "mi", "my", "meu", "minha", "tu",
    "your", "su", "seu", "sua", "email", "e-mail", "correo", "mail", "telefono", "phone",
}  # fmt: skip
NAME_STOP = {
    "y", "and", "e", "mi", "my", "meu", "minha", "con", "with", "com", "email", "e-mail",
    "correo", "mail", "telefono", "phone", "movil", "telemovel", "tel", "para", "for", "por",
    "please", "porfa", "gracias", "thanks", "obrigado", "obrigada", "que", "the", "is",
    "es", "el", "o", "a", "aqui", "here", "from", "desde", "of", "at", "en", "in", "who",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Contacts:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    reference: str | None = None
    signed: bool = False  # the name is only an e-mail's signature
    phone_signed: bool = False  # the phone is only in the signature ("Tel. 963 111 222")


def extract_contacts(text: str, *, default_country_code: str | None = None) -> Contacts:
    """Name, e-mail, phone and booking reference written in `text`; None where absent."""
    email_match = EMAIL.search(text)
    email = email_match.group().lower().rstrip(".") if email_match else None
    without_email = EMAIL.sub(" ", text)
    reference = _reference(without_email)
    without_refs = REFERENCE.sub(" ", without_email)
    cued = _name_after_cue(text) or _name_before_email(text, email_match)
    signature = None if cued else _signature_name(text)
    phone = _phone(without_refs, default_country_code)
    closing = _closing_offset(without_refs)
    return Contacts(
        name=cued or signature,
        email=email,
        phone=phone,
        reference=reference,
        signed=signature is not None,
        phone_signed=phone is not None
        and closing is not None
        and _phone(without_refs[:closing], default_country_code) is None,
    )


def _closing_offset(text: str) -> int | None:
    """Where an e-mail's sign-off starts ("Kind regards," on a line of its own)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if offset and CLOSINGS.match(line.strip()):
            return offset
        offset += len(line)
    return None


def _reference(text: str) -> str | None:
    match = REFERENCE.search(text)
    if match and not re.fullmatch(r"(?i)(cp|tel|fax|room|hab)", match.group(1)):
        return f"{match.group(1).upper()}-{match.group(2)}"
    if REFERENCE_CUES.search(fold(text)):
        for found in CODE_REFERENCE.finditer(text):
            code = found.group(1)
            if not code.isdigit() and fold(code) not in NOT_NAMES:
                return code
    return None


def _phone(text: str, default_country_code: str | None) -> str | None:
    for match in PHONE.finditer(text):
        raw = match.group()
        if re.search(r"\d[./-]\d{1,2}[./-]\d", raw):
            continue  # a date such as 15-11-2026
        digits = re.sub(r"\D", "", raw)
        if raw.startswith("+"):
            return "+" + digits if 8 <= len(digits) <= 15 else None
        if raw.startswith("00"):
            return "+" + digits[2:] if 10 <= len(digits) <= 17 else None
        if len(digits) == 9 and default_country_code:
            return f"+{default_country_code}{digits}"
        if (
            10 <= len(digits) <= 15
            and default_country_code
            and digits.startswith(default_country_code)
        ):
            return "+" + digits
    return None


def _name_after_cue(text: str) -> str | None:
    for match in STRONG_CUES.finditer(text):
        if match.start() > 0 and text[match.start() - 1].isalpha():
            continue  # "surname" is not "name"
        name = _clean(ANY_NAME.match(text, match.end()))
        if name:
            return name
    for match in WEAK_CUES.finditer(text):
        found = CAPITALISED_NAME.match(text, match.end())
        name = _clean(found)
        if name:
            return name
    return None


def _name_before_email(text: str, email: re.Match[str] | None) -> str | None:
    """'Carmen Ruiz, carmen.ruiz@example.com' or 'Mike Johnson - mike@...'."""
    if email is None:
        return None
    before = text[: email.start()]
    before = re.sub(
        r"(?i)[\s,;:-]*(?:(?:mi |my |o meu )?(?:e-?mail|correo|mail)(?: es| is| [eé])?)?[\s,;:-]*$",
        "",
        before,
    )
    candidates = list(CAPITALISED_NAME.finditer(before))
    if not candidates or candidates[-1].end() != len(before):
        return None
    return _clean(candidates[-1], min_words=2)


def _signature_name(text: str) -> str | None:
    """The name an e-mail is signed with: the last line, after a closing or on its own."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # Contact lines under the name ("Tel. 611 222 333", an address) come after it.
    while len(lines) > 2 and re.search(r"\d|@", lines[-1]):
        lines.pop()
    if len(lines) < 2:
        return None
    last = lines[-1].rstrip(".!")
    found = CAPITALISED_NAME.fullmatch(last)
    if not found:
        return None
    return _clean(found)


def _clean(match: re.Match[str] | None, *, min_words: int = 1) -> str | None:
    """The name's words, up to the first word that is not part of a name; title-cased."""
    if match is None:
        return None
    kept: list[str] = []
    for word in match.group().split():
        key = fold(word)
        if key in PARTICLES and kept:
            kept.append(key)
            continue
        if key in NAME_STOP or key in NOT_NAMES:
            break
        kept.append(word[0].upper() + word[1:])
    while kept and kept[-1] in PARTICLES:
        kept.pop()
    return " ".join(kept) if len(kept) >= min_words else None
